import { describe, expect, it } from 'vitest';
import { fromLocalInputValue, inAnHour, snoozeProblem, toLocalInputValue, tomorrowAtNine } from './snoozeTimes';

describe('snooze times', () => {
  const now = new Date(2026, 10, 23, 22, 30, 15);

  it('offers an hour from now and 9:00 tomorrow, local time', () => {
    expect(inAnHour(now).getTime() - now.getTime()).toBe(3_600_000);
    const tomorrow = tomorrowAtNine(now);
    expect([tomorrow.getDate(), tomorrow.getHours(), tomorrow.getMinutes()]).toEqual([24, 9, 0]);
    expect(tomorrowAtNine(new Date(2026, 11, 31, 8)).getFullYear()).toBe(2027);
  });

  it('reads and writes the datetime-local format', () => {
    expect(toLocalInputValue(now)).toBe('2026-11-23T22:30');
    expect(fromLocalInputValue('2026-11-24T09:05')?.getTime()).toBe(new Date(2026, 10, 24, 9, 5).getTime());
    expect(fromLocalInputValue('')).toBeNull();
    expect(fromLocalInputValue('2026-02-31T09:00')).toBeNull();
  });

  it('says what the server would refuse: under a minute ahead, beyond 30 days', () => {
    expect(snoozeProblem(null, now)).toBe('Pick a date and time.');
    expect(snoozeProblem(new Date(now.getTime() + 30_000), now)).toMatch(/at least a minute/);
    expect(snoozeProblem(new Date(now.getTime() + 31 * 86_400_000), now)).toMatch(/within 30 days/);
    expect(snoozeProblem(inAnHour(now), now)).toBeNull();
  });
});
