import { describe, expect, it } from 'vitest';
import { note } from '../test/fixtures';
import { dayLabel, groupByDay } from './dayGroups';
import { collapseRows } from './rows';

const now = new Date(2026, 10, 24, 10, 0);
const at = (d: number, h: number) => new Date(2026, 10, d, h).toISOString();

describe('groupByDay', () => {
  it('names today, yesterday, then the date', () => {
    expect(dayLabel(new Date(2026, 10, 24, 0, 1), now)).toBe('Today');
    expect(dayLabel(new Date(2026, 10, 23, 23, 59), now)).toBe('Yesterday');
    expect(dayLabel(new Date(2026, 10, 10), now)).toBe(new Date(2026, 10, 10).toLocaleDateString(undefined, { day: 'numeric', month: 'long' }));
    expect(dayLabel(new Date(2025, 0, 2), now)).toContain('2025');
  });

  it('keeps the order and puts consecutive rows of one day under one heading', () => {
    const rows = collapseRows([
      note(4, { created_at: at(24, 9) }),
      note(3, { created_at: at(24, 8) }),
      note(2, { created_at: at(23, 9) }),
      note(1, { created_at: at(10, 9) }),
    ]);
    const groups = groupByDay(rows, now);
    expect(groups.map((g) => [g.label, g.rows.map((r) => r.seq)])).toEqual([
      ['Today', [4, 3]],
      ['Yesterday', [2]],
      [dayLabel(new Date(2026, 10, 10), now), [1]],
    ]);
  });

  it('counts a row back from snooze from when it came back', () => {
    const rows = collapseRows([note(9, { id: 'old', created_at: at(20, 9) }), note(3, { created_at: at(24, 8) })]);
    const groups = groupByDay(rows, now, new Map([['old', new Date(2026, 10, 24, 9, 30).getTime()]]));
    expect(groups.map((g) => g.label)).toEqual(['Today']);
  });
});
