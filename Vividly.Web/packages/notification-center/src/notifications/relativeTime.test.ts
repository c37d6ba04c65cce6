import { describe, expect, it } from 'vitest';
import { badgeText, bellLabel, formatRelativeTime } from './relativeTime';

const now = new Date('2026-11-23T12:00:00Z');

describe('formatRelativeTime', () => {
  it.each([
    ['2026-11-23T11:59:40Z', 'just now'],
    ['2026-11-23T11:55:00Z', '5 min ago'],
    ['2026-11-23T09:00:00Z', '3 h ago'],
    ['2026-11-22T10:00:00Z', 'yesterday'],
    ['2026-11-20T12:00:00Z', '3 days ago'],
  ])('%s is %s', (iso, text) => {
    expect(formatRelativeTime(iso, now)).toBe(text);
  });

  it('is empty for a bad date', () => {
    expect(formatRelativeTime('nope', now)).toBe('');
  });
});

describe('badge', () => {
  it('hides at zero, counts to nine, then 9+', () => {
    expect(badgeText(0)).toBeNull();
    expect(badgeText(1)).toBe('1');
    expect(badgeText(9)).toBe('9');
    expect(badgeText(10)).toBe('9+');
    expect(badgeText(250)).toBe('9+');
  });

  it('labels the bell with the count', () => {
    expect(bellLabel(0)).toBe('Notifications');
    expect(bellLabel(3)).toBe('Notifications, 3 unread');
  });
});
