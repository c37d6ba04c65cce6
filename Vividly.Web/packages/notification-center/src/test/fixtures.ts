import type { Notification } from '../notifications/types';

let counter = 0;

export function note(seq: number, overrides: Partial<Notification> = {}): Notification {
  counter++;
  return {
    id: overrides.id ?? `n${seq}`,
    seq,
    user_id: 'student-1',
    type: 'system.announcement',
    title: `Title ${seq}`,
    message: `Message ${seq}`,
    priority: 'normal',
    payload: null,
    created_at: new Date(Date.UTC(2026, 10, 23, 10, 0, counter % 60)).toISOString(),
    read_at: null,
    archived_at: null,
    snoozed_until: null,
    seen_at: null,
    ...overrides,
  };
}

export function gen(
  seq: number,
  requestId: string,
  kind: 'started' | 'progress' | 'completed' | 'failed',
  payload: Record<string, unknown> = {},
): Notification {
  return note(seq, {
    type: `content_generation.${kind}`,
    title: kind,
    payload: { content_request_id: requestId, ...payload },
  });
}
