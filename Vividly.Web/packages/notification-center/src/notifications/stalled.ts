import type { NotificationRow } from './rows';

/** A running generation with no news for this long is shown as stalled (it stops spinning). */
export const stalledAfterMs = 90_000;

/** True for a running row whose last notification is at least `afterMs` old at `now` (epoch ms). */
export function isStalled(row: Pick<NotificationRow, 'status' | 'updatedAt'>, now: number, afterMs = stalledAfterMs): boolean {
  if (row.status !== 'running') return false;
  const updated = Date.parse(row.updatedAt);
  return Number.isFinite(updated) && now - updated >= afterMs;
}
