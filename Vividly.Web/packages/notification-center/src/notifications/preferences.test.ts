import { describe, expect, it } from 'vitest';
import { createPreferencesApi, fieldErrors, unsetEntry } from './preferences';

describe('preferences api', () => {
  it('reads the document with defaults for what the server leaves out', async () => {
    const fetchImpl = (async () => Response.json({ all: { email_cadence: 'daily' }, effective: {} })) as unknown as typeof fetch;
    const doc = await createPreferencesApi('', () => 't', fetchImpl).get();
    expect(doc.all.email_cadence).toBe('daily');
    expect(doc.types).toEqual({});
    expect(doc.quiet_hours).toEqual({ enabled: false, start: '22:00', end: '07:00', time_zone: 'UTC' });
  });

  it('puts the document and reads it back when the answer lacks the effective values', async () => {
    const calls: string[] = [];
    const fetchImpl = (async (url: string, init: RequestInit = {}) => {
      calls.push(`${init.method ?? 'GET'} ${url}`);
      return init.method === 'PUT' ? new Response(null, { status: 204 }) : Response.json({ effective: {}, updated_at: 'x' });
    }) as unknown as typeof fetch;
    const doc = await createPreferencesApi('http://h', () => 't', fetchImpl).put({
      all: unsetEntry,
      types: {},
      quiet_hours: { enabled: true, start: '22:00', end: '07:00', time_zone: 'Europe/Berlin' },
    });
    expect(calls).toEqual(['PUT http://h/api/v1/preferences', 'GET http://h/api/v1/preferences']);
    expect(doc.updated_at).toBe('x');
  });

  it('names the refused fields without regard to case', () => {
    const errors = fieldErrors({ 'Quiet_Hours.time_zone': ['Unknown time zone.'], 'types.x.channels.email': ['Locked.', 'Really.'] });
    expect(errors.get('quiet_hours.time_zone')).toBe('Unknown time zone.');
    expect(errors.get('types.x.channels.email')).toBe('Locked. Really.');
  });
});
