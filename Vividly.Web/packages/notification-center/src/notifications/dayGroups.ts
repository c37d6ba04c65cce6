import type { NotificationRow } from './rows';

export interface DayGroup {
  key: string;
  label: string;
  rows: NotificationRow[];
}

function dayStart(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** "Today", "Yesterday", else the date (with the year when it is not this one), local time. */
export function dayLabel(date: Date, now: Date): string {
  const days = Math.round((dayStart(now) - dayStart(date)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return date.toLocaleDateString(undefined, {
    weekday: days > 1 && days < 7 ? 'long' : undefined,
    day: 'numeric',
    month: 'long',
    year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  });
}

/**
 * Rows (newest first, by seq) under day headings. A row given back by the snooze job counts
 * from when it came back (`returned`), as it sits on top again. Consecutive rows of one day
 * share a heading; order is never changed.
 */
export function groupByDay(
  rows: readonly NotificationRow[],
  now: Date,
  returned: ReadonlyMap<string, number> = new Map(),
): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const row of rows) {
    const back = returned.get(row.notification.id);
    const when = back !== undefined ? new Date(back) : new Date(row.updatedAt);
    const label = Number.isNaN(when.getTime()) ? 'Earlier' : dayLabel(when, now);
    const last = groups[groups.length - 1];
    if (last && last.label === label) last.rows.push(row);
    else groups.push({ key: `${label}:${row.key}`, label, rows: [row] });
  }
  return groups;
}
