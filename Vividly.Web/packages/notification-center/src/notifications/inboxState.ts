import type { InboxChange, Notification } from './types';

/**
 * The inbox as this client knows it: the notifications it holds (newest first, one per seq)
 * and the server's last word on the unread count.
 *
 * The server's count (`base.count`) covers every notification up to `base.seq`; notifications
 * above that seq which this client holds unread are added on top. That way a count from
 * `ConnectionEstablished`, the REST inbox, `MarkRead` or `InboxChanged` is never counted twice
 * against the notifications that arrive live or through `Resume` around it.
 */
export interface InboxState {
  readonly items: readonly Notification[];
  readonly base: { readonly count: number; readonly seq: number };
}

export const maxHeldNotifications = 500;

export function emptyInbox(): InboxState {
  return { items: [], base: { count: 0, seq: 0 } };
}

export function unreadCount(state: InboxState): number {
  let extra = 0;
  for (const n of state.items) if (n.seq > state.base.seq && !n.read_at) extra++;
  return Math.max(0, state.base.count + extra);
}

export function highestSeq(items: readonly Notification[]): number {
  let max = 0;
  for (const n of items) if (n.seq > max) max = n.seq;
  return max;
}

/** Adds notifications not held yet (by seq), keeping newest first and at most `limit`. */
export function mergeNotifications(
  state: InboxState,
  incoming: readonly Notification[],
  limit = maxHeldNotifications,
): InboxState {
  if (incoming.length === 0) return state;
  const bySeq = new Map<number, Notification>();
  for (const n of state.items) bySeq.set(n.seq, n);
  let changed = false;
  for (const n of incoming) {
    const held = bySeq.get(n.seq);
    if (!held) {
      bySeq.set(n.seq, n);
      changed = true;
    } else if (!held.read_at && n.read_at) {
      // A later copy (a resume after another device read it) knows more.
      bySeq.set(n.seq, { ...held, read_at: n.read_at });
      changed = true;
    }
  }
  if (!changed) return state;
  const items = [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, limit);
  return { ...state, items };
}

/** The server said: `count` unread, counting everything up to `seq`. */
export function applyServerCount(state: InboxState, count: number, seq: number): InboxState {
  return { ...state, base: { count: Math.max(0, count), seq } };
}

/** Marks the given ids read here, before the server answers. */
export function markReadLocal(state: InboxState, ids: readonly string[], now: string): InboxState {
  const wanted = new Set(ids);
  let baseCount = state.base.count;
  let changed = false;
  const items = state.items.map((n) => {
    if (!wanted.has(n.id) || n.read_at) return n;
    changed = true;
    if (n.seq <= state.base.seq) baseCount--;
    return { ...n, read_at: now };
  });
  if (!changed) return state;
  return { items, base: { count: Math.max(0, baseCount), seq: state.base.seq } };
}

export function markAllReadLocal(state: InboxState, now: string): InboxState {
  return {
    items: state.items.map((n) => (n.read_at ? n : { ...n, read_at: now })),
    base: { count: 0, seq: Math.max(state.base.seq, highestSeq(state.items)) },
  };
}

export function clearLocal(state: InboxState): InboxState {
  return { items: [], base: { count: 0, seq: Math.max(state.base.seq, highestSeq(state.items)) } };
}

/**
 * Applies `InboxChanged` from another device (or a REST call). `knownSeq` is the highest seq
 * this client has seen: the server's count covers at least that much.
 */
export function applyInboxChange(
  state: InboxState,
  change: InboxChange,
  now: string,
  knownSeq: number,
): InboxState {
  let items = state.items;
  if (change.cleared) {
    items = [];
  } else if (change.all_read) {
    items = items.map((n) => (n.read_at ? n : { ...n, read_at: now }));
  } else if (change.read_ids && change.read_ids.length > 0) {
    const read = new Set(change.read_ids);
    items = items.map((n) => (read.has(n.id) && !n.read_at ? { ...n, read_at: now } : n));
  }
  const seq = Math.max(state.base.seq, knownSeq, highestSeq(state.items));
  return { items, base: { count: Math.max(0, change.unread_count), seq } };
}
