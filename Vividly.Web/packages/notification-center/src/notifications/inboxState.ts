import type { InboxChange, InboxView, Notification, NotificationUpdate } from './types';

/**
 * The inbox as this client knows it: the notifications it holds (newest first, one per id,
 * whatever view they belong to) and the server's last word on the unread count.
 *
 * The server's count (`base.count`) covers every notification up to `base.seq`; notifications
 * above that seq which this client holds unread in the inbox view are added on top. That way a
 * count from `ConnectionEstablished`, a list, an action's answer or `InboxChanged` is never
 * counted twice against the notifications that arrive live or through `Resume` around it.
 */
export interface InboxState {
  readonly items: readonly Notification[];
  readonly base: { readonly count: number; readonly seq: number };
}

export const maxHeldNotifications = 500;

export function emptyInbox(): InboxState {
  return { items: [], base: { count: 0, seq: 0 } };
}

export function isArchived(n: Notification): boolean {
  return !!n.archived_at;
}

/** Snoozed until the job gives it back (it clears `snoozed_until` then). */
export function isSnoozed(n: Notification): boolean {
  return !!n.snoozed_until;
}

/** The server's view predicates, so a change shows (or hides) a row before the server answers. */
export function inView(n: Notification, view: InboxView): boolean {
  switch (view) {
    case 'inbox':
      return !isArchived(n) && !isSnoozed(n);
    case 'unread':
      return !isArchived(n) && !isSnoozed(n) && !n.read_at;
    case 'archived':
      return isArchived(n);
    case 'snoozed':
      return isSnoozed(n) && !isArchived(n);
  }
}

/** What the unread count counts: unread items of the inbox view. */
function counts(n: Notification): boolean {
  return inView(n, 'unread');
}

export function unreadCount(state: InboxState): number {
  let extra = 0;
  for (const n of state.items) if (n.seq > state.base.seq && counts(n)) extra++;
  return Math.max(0, state.base.count + extra);
}

export function highestSeq(items: readonly Notification[]): number {
  let max = 0;
  for (const n of items) if (n.seq > max) max = n.seq;
  return max;
}

function sorted(items: Iterable<Notification>, limit: number): Notification[] {
  return [...items].sort((a, b) => b.seq - a.seq).slice(0, limit);
}

/** How much of `base.count` an item stands for: held at or below the snapshot, unread in the inbox. */
function baseShare(n: Notification | undefined, baseSeq: number): number {
  return n && n.seq <= baseSeq && counts(n) ? 1 : 0;
}

/**
 * Puts new versions of notifications in place of those with the same id (or adds them), and
 * moves the server's count by what the change means for it: a local edit before the server
 * answers, or its rollback.
 */
export function replaceItems(
  state: InboxState,
  versions: readonly Notification[],
  limit = maxHeldNotifications,
): InboxState {
  if (versions.length === 0) return state;
  const byId = new Map(state.items.map((n) => [n.id, n] as const));
  let count = state.base.count;
  for (const next of versions) {
    const held = byId.get(next.id);
    if (held === next) continue;
    count += baseShare(next, state.base.seq) - baseShare(held, state.base.seq);
    byId.set(next.id, next);
  }
  return { items: sorted(byId.values(), limit), base: { count: Math.max(0, count), seq: state.base.seq } };
}

/**
 * Takes notifications from the server (live, resumed or listed). One with an id already held
 * replaces it unless it is an older copy: a snooze return comes back under a new seq, and a
 * list answer knows the current state. Counting is left to the server's next count.
 */
export function mergeNotifications(
  state: InboxState,
  incoming: readonly Notification[],
  limit = maxHeldNotifications,
): InboxState {
  if (incoming.length === 0) return state;
  const byId = new Map(state.items.map((n) => [n.id, n] as const));
  let changed = false;
  for (const n of incoming) {
    const held = byId.get(n.id);
    if (held && (held.seq > n.seq || sameState(held, n))) continue;
    byId.set(n.id, n);
    changed = true;
  }
  if (!changed) return state;
  return { ...state, items: sorted(byId.values(), limit) };
}

function sameState(a: Notification, b: Notification): boolean {
  return (
    a.seq === b.seq &&
    (a.read_at ?? null) === (b.read_at ?? null) &&
    (a.archived_at ?? null) === (b.archived_at ?? null) &&
    (a.snoozed_until ?? null) === (b.snoozed_until ?? null) &&
    (a.seen_at ?? null) === (b.seen_at ?? null)
  );
}

/**
 * The first page of a view, as the server has it now: its items replace those held, and held
 * items the view would show within the page's range but the server left out changed elsewhere
 * (archived, snoozed, read, removed while this page was away): they are dropped until another
 * view lists them again. Held items `newer` says changed after the page was requested keep
 * their state: the page was read before that change.
 */
export function reconcileFirstPage(
  state: InboxState,
  view: InboxView,
  page: readonly Notification[],
  complete: boolean,
  newer: (id: string) => boolean = () => false,
): InboxState {
  const listed = new Set(page.map((n) => n.id));
  let lowest = Number.POSITIVE_INFINITY;
  for (const n of page) if (n.seq < lowest) lowest = n.seq;
  const stale = (n: Notification) => !newer(n.id) && !listed.has(n.id) && inView(n, view) && (complete || n.seq >= lowest);
  const kept = state.items.filter((n) => !stale(n));
  const trimmed = kept.length === state.items.length ? state : { ...state, items: kept };
  const held = new Set(kept.map((n) => n.id));
  return mergeNotifications(trimmed, page.filter((n) => !(newer(n.id) && held.has(n.id))));
}

/** The server said: `count` unread, counting everything up to `seq`. */
export function applyServerCount(state: InboxState, count: number, seq: number): InboxState {
  return { ...state, base: { count: Math.max(0, count), seq } };
}

/** The held notifications with these ids. */
export function itemsWithIds(state: InboxState, ids: readonly string[]): Notification[] {
  const wanted = new Set(ids);
  return state.items.filter((n) => wanted.has(n.id));
}

/** Edits the given ids here, before the server answers; answers the versions it replaced. */
export function editLocal(
  state: InboxState,
  ids: readonly string[],
  edit: (n: Notification) => Notification,
): { state: InboxState; previous: Notification[] } {
  const previous = itemsWithIds(state, ids);
  const next = previous.map(edit).filter((n, i) => n !== previous[i]);
  const changed = new Set(next.map((n) => n.id));
  return { state: replaceItems(state, next), previous: previous.filter((n) => changed.has(n.id)) };
}

export function markReadLocal(state: InboxState, ids: readonly string[], now: string): InboxState {
  return editLocal(state, ids, (n) => (n.read_at ? n : { ...n, read_at: now })).state;
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

/** Ids of the held notifications of a content request (by `payload.content_request_id`). */
export function idsOfRequest(state: InboxState, contentRequestId: string): string[] {
  return state.items.filter((n) => n.payload?.content_request_id === contentRequestId).map((n) => n.id);
}

function applyUpdates(items: readonly Notification[], updated: readonly NotificationUpdate[]): readonly Notification[] {
  if (updated.length === 0) return items;
  const byId = new Map(updated.map((u) => [u.id, u] as const));
  return items.map((n) => {
    const u = byId.get(n.id);
    if (!u) return n;
    return {
      ...n,
      read_at: u.read_at ?? null,
      archived_at: u.archived_at ?? null,
      snoozed_until: u.snoozed_until ?? null,
      seen_at: u.seen_at ?? null,
    };
  });
}

/**
 * Applies `InboxChanged` from another device, a REST call or a job: `updated` by id (the new
 * state of each notification touched), else the older `read_ids` and `all_read`. `knownSeq` is
 * the highest seq this client has seen: the server's count covers at least that much.
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
  } else {
    if (change.all_read) {
      items = items.map((n) => (n.read_at ? n : { ...n, read_at: now }));
    } else if (change.read_ids && change.read_ids.length > 0) {
      const read = new Set(change.read_ids);
      items = items.map((n) => (read.has(n.id) && !n.read_at ? { ...n, read_at: now } : n));
    }
    items = applyUpdates(items, change.updated ?? []);
  }
  const seq = Math.max(state.base.seq, knownSeq, highestSeq(state.items));
  return { items, base: { count: Math.max(0, change.unread_count), seq } };
}
