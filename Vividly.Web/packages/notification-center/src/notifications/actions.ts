import type { InboxApi } from './api';
import type { LiveConnection } from './connection';
import { applyServerCount, clearLocal, markAllReadLocal, markReadLocal, mergeNotifications } from './inboxState';
import type { NotificationStore } from './store';
import { HubMethods } from './types';

/**
 * What the user does to the inbox, shown at once and then sent: read state over the hub while
 * it is connected (REST while it is away), clear and older pages over REST.
 */
export class InboxActions {
  constructor(
    private readonly store: NotificationStore,
    private readonly connection: LiveConnection,
    private readonly api: InboxApi,
    private readonly pageSize: number,
    private readonly now: () => Date,
  ) {}

  async markRead(ids: string | readonly string[]): Promise<void> {
    const list = typeof ids === 'string' ? [ids] : [...ids];
    if (list.length === 0) return;
    this.store.update((inbox) => markReadLocal(inbox, list, this.nowIso()));
    await this.sendRead('mark read', async () => {
      if (this.connection.isConnected) return this.connection.hub.invoke<number>(HubMethods.MarkRead, list);
      let count = 0;
      for (const id of list) count = await this.api.markRead(id);
      return count;
    });
  }

  async markAllRead(): Promise<void> {
    this.store.update((inbox) => markAllReadLocal(inbox, this.nowIso()));
    await this.sendRead('mark all read', () =>
      this.connection.isConnected ? this.connection.hub.invoke<number>(HubMethods.MarkAllRead) : this.api.markAllRead(),
    );
  }

  async clear(): Promise<void> {
    this.store.nextBeforeSeq = null;
    this.store.update(clearLocal);
    try {
      await this.api.clear();
    } catch (error) {
      this.store.fail('clear', error);
    }
  }

  /** Fetches the page of notifications older than those held. */
  async loadOlder(): Promise<void> {
    const before = this.store.nextBeforeSeq;
    if (before === null) return;
    try {
      const page = await this.api.list({ limit: this.pageSize, before_seq: before });
      this.store.nextBeforeSeq = page.next_before_seq;
      this.store.update((inbox) => mergeNotifications(inbox, page.items, Number.POSITIVE_INFINITY));
    } catch (error) {
      this.store.fail('load older', error);
    }
  }

  /** Sends a read and takes the server's answer as the unread count. */
  private async sendRead(what: string, send: () => Promise<number>): Promise<void> {
    try {
      const count = await send();
      this.store.update((inbox) => applyServerCount(inbox, count, this.store.tracker.highest));
    } catch (error) {
      this.store.fail(what, error);
    }
  }

  private nowIso(): string {
    return this.now().toISOString();
  }
}
