import type { InboxApi } from './api';
import { errorText, type LiveConnection } from './connection';
import {
  applyServerCount,
  clearLocal,
  editLocal,
  highestSeq,
  idsOfRequest,
  inView,
  markAllReadLocal,
  mergeNotifications,
  reconcileFirstPage,
  replaceItems,
} from './inboxState';
import type { NotificationStore } from './store';
import { HubMethods, type InboxView, type Notification } from './types';

/** How many ids one hub call or `seen` request carries (the server takes 1 to 100). */
const idsPerCall = 100;

function chunks<T>(list: readonly T[], size = idsPerCall): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

interface Change {
  /** "archive" in "Couldn't archive: …". */
  what: string;
  ids: readonly string[];
  edit: (n: Notification) => Notification;
  /** Over the hub while connected (each answers the unread count), else REST. */
  hub: () => Promise<number>;
  rest: () => Promise<number>;
  /** What the undo offer says, and what it runs, once the server has agreed. */
  undo?: { message: string; run: () => Promise<void> };
}

/**
 * What the user does to the inbox: shown at once, then sent over the hub while it is connected
 * (REST while it is away). When the server refuses, the change is rolled back and the failure
 * is offered for a retry; archive and snooze offer an undo once the server has agreed.
 */
export class InboxActions {
  private nextId = 1;

  constructor(
    private readonly store: NotificationStore,
    private readonly connection: LiveConnection,
    private readonly api: InboxApi,
    private readonly pageSize: number,
    private readonly now: () => Date,
  ) {}

  markRead(ids: string | readonly string[]): Promise<void> {
    const list = typeof ids === 'string' ? [ids] : [...ids];
    const now = this.nowIso();
    return this.apply({
      what: 'mark read',
      ids: list,
      edit: (n) => (n.read_at ? n : { ...n, read_at: now }),
      hub: () => this.invoke(HubMethods.MarkRead, list),
      rest: () => this.each(list, (id) => this.api.markRead(id)),
    });
  }

  async markAllRead(): Promise<void> {
    this.store.update((inbox) => markAllReadLocal(inbox, this.nowIso()));
    try {
      const count = this.connection.isConnected
        ? await this.invoke(HubMethods.MarkAllRead)
        : await this.api.markAllRead();
      this.takeCount(count);
    } catch (error) {
      this.store.fail('mark all read', error);
    }
  }

  markUnread(ids: readonly string[]): Promise<void> {
    return this.apply({
      what: 'mark unread',
      ids,
      edit: (n) => (n.read_at ? { ...n, read_at: null } : n),
      hub: () => this.each(ids, (id) => this.invoke(HubMethods.MarkUnread, id)),
      rest: () => this.each(ids, (id) => this.api.markUnread(id)),
    });
  }

  /** Opening a request's row (or its "Watch now") reads every notification of that request. */
  markRequestRead(contentRequestId: string): Promise<void> {
    const now = this.nowIso();
    return this.apply({
      what: 'mark read',
      ids: idsOfRequest(this.store.inbox, contentRequestId),
      edit: (n) => (n.read_at ? n : { ...n, read_at: now }),
      hub: () => this.invoke(HubMethods.MarkRequestRead, contentRequestId, false),
      rest: () => this.api.markRequestRead(contentRequestId),
    });
  }

  archive(ids: readonly string[]): Promise<void> {
    const now = this.nowIso();
    return this.apply({
      what: 'archive',
      ids,
      edit: (n) => (n.archived_at ? n : { ...n, archived_at: now }),
      hub: () => this.eachChunk(ids, (part) => this.invoke(HubMethods.Archive, part)),
      rest: () => this.each(ids, (id) => this.api.archive(id)),
      undo: { message: ids.length === 1 ? 'Archived' : `Archived ${ids.length}`, run: () => this.unarchive(ids) },
    });
  }

  unarchive(ids: readonly string[]): Promise<void> {
    return this.apply({
      what: 'move back to the inbox',
      ids,
      edit: (n) => (n.archived_at ? { ...n, archived_at: null } : n),
      hub: () => this.eachChunk(ids, (part) => this.invoke(HubMethods.Unarchive, part)),
      rest: () => this.each(ids, (id) => this.api.unarchive(id)),
    });
  }

  /** Archives every read item of the inbox; the undo gives back those this page held. */
  archiveRead(): Promise<void> {
    const ids = this.store.inbox.items.filter((n) => inView(n, 'inbox') && n.read_at).map((n) => n.id);
    const now = this.nowIso();
    return this.apply({
      what: 'archive read notifications',
      ids,
      edit: (n) => ({ ...n, archived_at: now }),
      hub: () => this.invoke(HubMethods.ArchiveRead),
      rest: () => this.api.archiveRead(),
      undo: { message: `Archived ${ids.length} read`, run: () => this.unarchive(ids) },
    });
  }

  /** `until`: RFC 3339, 1 minute to 30 days ahead. */
  snooze(ids: readonly string[], until: Date): Promise<void> {
    const at = until.toISOString();
    return this.apply({
      what: 'snooze',
      ids,
      edit: (n) => ({ ...n, snoozed_until: at }),
      hub: () => this.each(ids, (id) => this.invoke(HubMethods.Snooze, id, at)),
      rest: () => this.each(ids, (id) => this.api.snooze(id, at)),
      undo: { message: `Snoozed until ${until.toLocaleString()}`, run: () => this.unsnooze(ids) },
    });
  }

  unsnooze(ids: readonly string[]): Promise<void> {
    return this.apply({
      what: 'unsnooze',
      ids,
      edit: (n) => (n.snoozed_until ? { ...n, snoozed_until: null } : n),
      hub: () => this.each(ids, (id) => this.invoke(HubMethods.Unsnooze, id)),
      rest: () => this.each(ids, (id) => this.api.unsnooze(id)),
    });
  }

  /** Marks shown notifications seen; quietly, as nothing the user sees depends on it. */
  async markSeen(ids: readonly string[]): Promise<void> {
    if (ids.length === 0 || !this.store.online) return;
    const now = this.nowIso();
    this.store.update((inbox) => editLocal(inbox, ids, (n) => (n.seen_at ? n : { ...n, seen_at: now })).state);
    try {
      await this.eachChunk(ids, (part) =>
        this.connection.isConnected ? this.invoke(HubMethods.MarkSeen, part) : this.api.markSeen(part),
      );
    } catch {
      // Seen only spares the badge a flash on other devices; the next load says the truth.
    }
  }

  async clear(): Promise<void> {
    for (const paging of Object.values(this.store.paging)) paging.nextBeforeSeq = null;
    this.store.update(clearLocal);
    try {
      await this.api.clear();
    } catch (error) {
      this.store.fail('clear', error);
    }
  }

  /** Shows a view, fetching its first page again (the server knows its current state). */
  async showView(view: InboxView): Promise<void> {
    this.store.view = view;
    this.store.changed();
    await this.loadFirstPage(view);
  }

  /** The first page of a view as the server has it now, in place of what is held for it. */
  async loadFirstPage(view: InboxView): Promise<void> {
    const paging = this.store.paging[view];
    paging.loading = true;
    this.store.changed();
    const requested = this.store.changeVersion;
    try {
      const page = await this.api.list({ limit: this.pageSize, view });
      paging.nextBeforeSeq = page.next_before_seq;
      paging.loaded = true;
      const known = Math.max(this.store.tracker.highest, highestSeq(page.items));
      // A change announced or made while the page was on its way is newer than the page.
      const newer = (id: string) => this.store.touchedSince(id, requested);
      this.store.update((inbox) =>
        applyServerCount(reconcileFirstPage(inbox, view, page.items, page.next_before_seq === null, newer), page.unread_count, known),
      );
    } catch (error) {
      this.store.fail('load', error);
    } finally {
      paging.loading = false;
      this.store.changed();
    }
  }

  /** Fetches the page of the current view older than those held. */
  async loadOlder(): Promise<void> {
    const view = this.store.view;
    const paging = this.store.paging[view];
    const before = paging.nextBeforeSeq;
    if (before === null || paging.loading) return;
    paging.loading = true;
    this.store.changed();
    try {
      const page = await this.api.list({ limit: this.pageSize, before_seq: before, view });
      paging.nextBeforeSeq = page.next_before_seq;
      this.store.update((inbox) => mergeNotifications(inbox, page.items, Number.POSITIVE_INFINITY));
    } catch (error) {
      this.store.fail('load older', error);
    } finally {
      paging.loading = false;
      this.store.changed();
    }
  }

  dismissFeedback(): void {
    this.store.failure = null;
    this.store.undo = null;
    this.store.changed();
  }

  /** Shows the change, sends it, and rolls it back (offering a retry) when the server refuses. */
  private async apply(change: Change): Promise<void> {
    if (change.ids.length === 0) return;
    const { store } = this;
    if (!store.online) {
      this.offer(change, new Error("you're offline"));
      return;
    }
    store.touch(change.ids);
    const { state, previous } = editLocal(store.inbox, change.ids, change.edit);
    const edited = new Map(state.items.filter((n) => previous.some((p) => p.id === n.id)).map((n) => [n.id, n] as const));
    store.inbox = state;
    store.failure = null;
    store.undo = null;
    store.changed();
    try {
      this.takeCount(this.connection.isConnected ? await change.hub() : await change.rest());
      if (change.undo) store.setUndo({ id: this.nextId++, message: change.undo.message, undo: change.undo.run });
    } catch (error) {
      // Roll back only what nothing newer (a change from another device) has replaced since.
      const current = new Map(store.inbox.items.map((n) => [n.id, n] as const));
      const restore = previous.filter((p) => current.get(p.id) === edited.get(p.id));
      store.inbox = replaceItems(store.inbox, restore);
      this.offer(change, error);
    }
  }

  private offer(change: Change, error: unknown): void {
    this.store.setFailure({
      id: this.nextId++,
      message: `Couldn't ${change.what}: ${errorText(error)}`,
      retry: () => this.apply(change),
    });
  }

  private takeCount(count: number): void {
    this.store.update((inbox) => applyServerCount(inbox, count, this.store.tracker.highest));
  }

  private invoke(method: string, ...args: unknown[]): Promise<number> {
    return this.connection.hub.invoke<number>(method, ...args);
  }

  /** One call per id, in order; the last answer's count is the newest. */
  private async each(ids: readonly string[], send: (id: string) => Promise<number>): Promise<number> {
    let count = 0;
    for (const id of ids) count = await send(id);
    return count;
  }

  private async eachChunk(ids: readonly string[], send: (part: string[]) => Promise<number>): Promise<number> {
    let count = 0;
    for (const part of chunks(ids)) count = await send(part);
    return count;
  }

  private nowIso(): string {
    return this.now().toISOString();
  }
}
