/** The server takes a snooze from 1 minute to 30 days ahead (400 naming `until` otherwise). */
export const minSnoozeMs = 60_000;
export const maxSnoozeMs = 30 * 24 * 3_600_000;

export function inAnHour(now: Date): Date {
  return new Date(now.getTime() + 3_600_000);
}

/** 9:00 tomorrow, local time (a day of 23 or 25 hours included). */
export function tomorrowAtNine(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0, 0);
}

/** What a `datetime-local` input wants: `YYYY-MM-DDTHH:mm`, local time. */
export function toLocalInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value as a local time, or null when it is not one. */
export function fromLocalInputValue(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, Number(m[6] ?? 0), 0);
  return Number.isNaN(date.getTime()) || date.getMonth() !== mo - 1 ? null : date;
}

/** Why the server would refuse this time, in the words the picker shows; null when it takes it. */
export function snoozeProblem(until: Date | null, now: Date): string | null {
  if (!until) return 'Pick a date and time.';
  const ahead = until.getTime() - now.getTime();
  if (ahead < minSnoozeMs) return 'Pick a time at least a minute from now.';
  if (ahead > maxSnoozeMs) return 'Pick a time within 30 days.';
  return null;
}
