import { describe, expect, it } from 'vitest';
import { connectionNotice } from './connectionNotice';

describe('connectionNotice', () => {
  it('says nothing while connected, idle or stopped', () => {
    for (const state of ['connected', 'idle', 'disconnected'] as const) expect(connectionNotice(state, true, true)).toBeNull();
  });

  it('says nothing for a blip, then that the connection is lost', () => {
    expect(connectionNotice('reconnecting', false, false)).toBeNull();
    expect(connectionNotice('reconnecting', false, true)?.title).toBe('Connection lost');
    expect(connectionNotice('connecting', false, true)?.title).toBe("Can't reach notifications");
  });

  it('explains the connection limit at once', () => {
    const notice = connectionNotice('connecting', true, false);
    expect(notice?.kind).toBe('limited');
    expect(notice?.text).toMatch(/too many tabs or devices/);
  });
});
