import { describe, expect, it } from 'vitest';
import { createInboxApi, HttpStatusError } from './api';

function recorder(answer: () => Response = () => Response.json({ unread_count: 4 })) {
  const calls: string[] = [];
  const fetchImpl = (async (url: string, init: RequestInit = {}) => {
    const body = init.body ? ` ${String(init.body)}` : '';
    calls.push(`${init.method ?? 'GET'} ${url}${body}`);
    return answer();
  }) as unknown as typeof fetch;
  return { calls, api: createInboxApi('https://hub.test/', () => 'tok', fetchImpl) };
}

describe('createInboxApi', () => {
  it('calls each inbox endpoint the way the server names it and answers its unread count', async () => {
    const { calls, api } = recorder();
    const answers = [
      await api.markUnread('a/1'),
      await api.archive('a'),
      await api.unarchive('a'),
      await api.archiveRead(),
      await api.snooze('a', '2026-11-24T09:00:00.000Z'),
      await api.unsnooze('a'),
      await api.markSeen(['a', 'b']),
      await api.markRequestRead('req 1'),
      await api.markRequestRead('req 1', true),
    ];
    expect(answers.every((n) => n === 4)).toBe(true);
    const root = 'https://hub.test/api/v1/notifications';
    expect(calls).toEqual([
      `POST ${root}/a%2F1/unread`,
      `POST ${root}/a/archive`,
      `DELETE ${root}/a/archive`,
      `POST ${root}/archive-read`,
      `POST ${root}/a/snooze {"until":"2026-11-24T09:00:00.000Z"}`,
      `DELETE ${root}/a/snooze`,
      `POST ${root}/seen {"ids":["a","b"]}`,
      `POST ${root}/requests/req%201/read`,
      `POST ${root}/requests/req%201/read {"archive":true}`,
    ]);
  });

  it('lists a view', async () => {
    const { calls, api } = recorder(() => Response.json({ items: [], unread_count: 0, next_before_seq: null }));
    await api.list({ view: 'snoozed', limit: 20 });
    expect(calls).toEqual(['GET https://hub.test/api/v1/notifications?view=snoozed&limit=20']);
  });

  it('keeps the problem-details body of a refusal, with the fields it names', async () => {
    const { api } = recorder(() =>
      Response.json(
        { title: 'One or more validation errors occurred.', status: 400, errors: { until: ['until must be at least 1 minute ahead.'] } },
        { status: 400 },
      ),
    );
    const error = await api.snooze('a', '2026-01-01T00:00:00Z').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(400);
    expect((error as HttpStatusError).problem?.errors?.until).toEqual(['until must be at least 1 minute ahead.']);
  });
});
