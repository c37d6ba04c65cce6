import { describe, expect, it } from 'vitest';
import { note } from '../test/fixtures';
import {
  applyInboxChange,
  applyServerCount,
  clearLocal,
  emptyInbox,
  markAllReadLocal,
  markReadLocal,
  mergeNotifications,
  unreadCount,
} from './inboxState';

const now = '2026-11-23T12:00:00.000Z';

describe('mergeNotifications', () => {
  it('keeps newest first and one per seq', () => {
    let s = mergeNotifications(emptyInbox(), [note(1), note(3)]);
    s = mergeNotifications(s, [note(2), note(3), note(1)]);
    expect(s.items.map((n) => n.seq)).toEqual([3, 2, 1]);
  });

  it('returns the same state when nothing is new', () => {
    const s = mergeNotifications(emptyInbox(), [note(1)]);
    expect(mergeNotifications(s, [note(1)])).toBe(s);
  });

  it('takes read_at from a later copy', () => {
    const s = mergeNotifications(emptyInbox(), [note(1)]);
    const t = mergeNotifications(s, [note(1, { read_at: now })]);
    expect(t.items[0]!.read_at).toBe(now);
  });

  it('holds at most the limit, dropping the oldest', () => {
    const s = mergeNotifications(emptyInbox(), [1, 2, 3, 4, 5].map((n) => note(n)), 3);
    expect(s.items.map((n) => n.seq)).toEqual([5, 4, 3]);
  });
});

describe('unread counting', () => {
  it('adds unread notifications above the server snapshot to its count', () => {
    let s = mergeNotifications(emptyInbox(), [note(1), note(2, { read_at: now }), note(3)]);
    s = applyServerCount(s, 2, 3);
    expect(unreadCount(s)).toBe(2);
    s = mergeNotifications(s, [note(4), note(5, { read_at: now })]);
    expect(unreadCount(s)).toBe(3);
  });

  it('does not count twice a notification that arrived before the snapshot that covers it', () => {
    let s = mergeNotifications(emptyInbox(), [note(7)]);
    expect(unreadCount(s)).toBe(1);
    s = applyServerCount(s, 5, 7);
    expect(unreadCount(s)).toBe(5);
  });

  it('counts the server total even for notifications not held', () => {
    expect(unreadCount(applyServerCount(emptyInbox(), 42, 100))).toBe(42);
  });

  it('marking read lowers the count once, whether covered by the snapshot or not', () => {
    let s = mergeNotifications(emptyInbox(), [note(1), note(2), note(3)]);
    s = applyServerCount(s, 2, 2);
    expect(unreadCount(s)).toBe(3);
    s = markReadLocal(s, ['n1', 'n3'], now);
    expect(unreadCount(s)).toBe(1);
    s = markReadLocal(s, ['n1'], now);
    expect(unreadCount(s)).toBe(1);
  });

  it('mark all read and clear bring it to zero', () => {
    let s = mergeNotifications(emptyInbox(), [note(1), note(2)]);
    s = applyServerCount(s, 9, 2);
    expect(unreadCount(markAllReadLocal(s, now))).toBe(0);
    expect(markAllReadLocal(s, now).items.every((n) => n.read_at)).toBe(true);
    const cleared = clearLocal(s);
    expect(cleared.items).toEqual([]);
    expect(unreadCount(cleared)).toBe(0);
    // A notification after the clear counts.
    expect(unreadCount(mergeNotifications(cleared, [note(3)]))).toBe(1);
  });
});

describe('applyInboxChange', () => {
  const base = () => applyServerCount(mergeNotifications(emptyInbox(), [note(1), note(2), note(3)]), 3, 3);

  it('applies read ids from another device', () => {
    const s = applyInboxChange(base(), { read_ids: ['n2'], all_read: false, cleared: false, unread_count: 2, updated: [] }, now, 3);
    expect(s.items.find((n) => n.id === 'n2')!.read_at).toBe(now);
    expect(s.items.filter((n) => !n.read_at)).toHaveLength(2);
    expect(unreadCount(s)).toBe(2);
  });

  it('applies all read', () => {
    const s = applyInboxChange(base(), { read_ids: [], all_read: true, cleared: false, unread_count: 0, updated: [] }, now, 3);
    expect(s.items.every((n) => n.read_at === now)).toBe(true);
    expect(unreadCount(s)).toBe(0);
  });

  it('applies a clear', () => {
    const s = applyInboxChange(base(), { read_ids: [], all_read: false, cleared: true, unread_count: 0, updated: [] }, now, 3);
    expect(s.items).toEqual([]);
    expect(unreadCount(s)).toBe(0);
  });

  it('takes the count as covering everything seen, so later arrivals add to it', () => {
    let s = applyInboxChange(base(), { read_ids: [], all_read: true, cleared: false, unread_count: 0, updated: [] }, now, 3);
    s = mergeNotifications(s, [note(4)]);
    expect(unreadCount(s)).toBe(1);
  });
});
