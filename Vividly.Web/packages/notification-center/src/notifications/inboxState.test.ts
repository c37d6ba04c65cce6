import { describe, expect, it } from 'vitest';
import { note } from '../test/fixtures';
import {
  applyInboxChange,
  applyServerCount,
  clearLocal,
  editLocal,
  emptyInbox,
  inView,
  markAllReadLocal,
  markReadLocal,
  mergeNotifications,
  reconcileFirstPage,
  replaceItems,
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

describe('views', () => {
  const archived = note(1, { archived_at: now, read_at: now });
  const snoozed = note(2, { snoozed_until: '2026-11-24T09:00:00.000Z' });
  const read = note(3, { read_at: now });
  const unread = note(4);

  it('sorts each notification into the views the server would list it in', () => {
    const views = (n: ReturnType<typeof note>) => (['inbox', 'unread', 'archived', 'snoozed'] as const).filter((v) => inView(n, v));
    expect(views(archived)).toEqual(['archived']);
    expect(views(snoozed)).toEqual(['snoozed']);
    expect(views(read)).toEqual(['inbox']);
    expect(views(unread)).toEqual(['inbox', 'unread']);
    expect(views(note(5, { archived_at: now, snoozed_until: now }))).toEqual(['archived']);
  });

  it('counts only unread items of the inbox view on top of the server count', () => {
    let s = applyServerCount(emptyInbox(), 0, 0);
    s = mergeNotifications(s, [archived, snoozed, read, unread, note(6, { archived_at: now })]);
    expect(unreadCount(s)).toBe(1);
  });

  it('moves the server count when a covered unread item is archived, and back on rollback', () => {
    const s = applyServerCount(mergeNotifications(emptyInbox(), [unread, read]), 1, 4);
    const { state, previous } = editLocal(s, ['n4'], (n) => ({ ...n, archived_at: now }));
    expect(unreadCount(state)).toBe(0);
    expect(previous.map((n) => n.id)).toEqual(['n4']);
    expect(unreadCount(replaceItems(state, previous))).toBe(1);
  });

  it('takes a notification back from snooze under its new seq, in place of the one held', () => {
    let s = applyServerCount(mergeNotifications(emptyInbox(), [snoozed, unread]), 1, 4);
    s = mergeNotifications(s, [{ ...snoozed, seq: 9, snoozed_until: null }]);
    expect(s.items.map((n) => `${n.id}@${n.seq}`)).toEqual(['n2@9', 'n4@4']);
    expect(unreadCount(s)).toBe(2);
    // The old copy (a page listed before the return) does not undo it.
    expect(mergeNotifications(s, [snoozed])).toBe(s);
  });

  it('a first page drops held items of that view it no longer lists, within its range', () => {
    const s = mergeNotifications(emptyInbox(), [note(1), note(2), note(3), note(4, { archived_at: now })]);
    // The server lists 3 and 2 (1 is below the page): 4 is archived, not the inbox's; 3 went elsewhere.
    const t = reconcileFirstPage(s, 'inbox', [note(2, { read_at: now })], false);
    expect(t.items.map((n) => n.id)).toEqual(['n4', 'n2', 'n1']);
    expect(t.items.find((n) => n.id === 'n2')!.read_at).toBe(now);
    const complete = reconcileFirstPage(s, 'inbox', [note(2)], true);
    expect(complete.items.map((n) => n.id)).toEqual(['n4', 'n2']);
  });

  it('a first page requested before a change does not undo it', () => {
    const s = mergeNotifications(emptyInbox(), [note(1), note(2, { snoozed_until: now })]);
    // The page was read before n2 was snoozed: it still lists n2 unsnoozed, and misses n1's archive.
    const newer = (id: string) => id === 'n2' || id === 'n1';
    const archived = { ...s, items: s.items.map((n) => (n.id === 'n1' ? { ...n, archived_at: now } : n)) };
    const t = reconcileFirstPage(archived, 'inbox', [note(2), note(1)], true, newer);
    expect(t.items.find((n) => n.id === 'n2')!.snoozed_until).toBe(now);
    expect(t.items.find((n) => n.id === 'n1')!.archived_at).toBe(now);
    // Without the change after the request, the page is the server's word.
    const u = reconcileFirstPage(archived, 'inbox', [note(2), note(1)], true);
    expect(u.items.find((n) => n.id === 'n2')!.snoozed_until).toBeNull();
  });

  it('applies InboxChanged.updated by id, with the server count', () => {
    const s = mergeNotifications(emptyInbox(), [note(1), note(2)]);
    const t = applyInboxChange(
      s,
      {
        read_ids: [],
        all_read: false,
        cleared: false,
        unread_count: 1,
        updated: [{ id: 'n2', read_at: null, archived_at: now, snoozed_until: null, seen_at: now }],
      },
      now,
      2,
    );
    expect(t.items.find((n) => n.id === 'n2')).toMatchObject({ archived_at: now, seen_at: now });
    expect(t.items.find((n) => n.id === 'n1')!.archived_at ?? null).toBeNull();
    expect(unreadCount(t)).toBe(1);
  });
});
