import type { ConnectionStatus } from './connection';
import { errorText } from './connection';
import { emptyInbox, mergeNotifications, unreadCount, type InboxState } from './inboxState';
import { SeqTracker } from './seqTracker';
import type { ConnectionInfo, Notification } from './types';

export interface NotificationsSnapshot extends ConnectionStatus {
  /** Held notifications, newest first, one per seq. */
  notifications: readonly Notification[];
  unreadCount: number;
  /** True once the first load has finished. */
  loaded: boolean;
  /** True while older notifications can be fetched with `loadOlder`. */
  hasOlder: boolean;
  connectionInfo: ConnectionInfo | null;
}

export type ArrivalListener = (notifications: readonly Notification[]) => void;

/**
 * What the page knows, as a `useSyncExternalStore` store: the inbox, which seqs it has seen,
 * and the connection's status. Every change makes a new snapshot and tells the subscribers.
 */
export class NotificationStore {
  readonly tracker = new SeqTracker();
  inbox: InboxState = emptyInbox();
  loaded = false;
  nextBeforeSeq: number | null = null;
  /** Seqs up to this one were history when the page loaded (none are, until it has). */
  historyThrough = Number.POSITIVE_INFINITY;
  info: ConnectionInfo | null = null;
  private connection: ConnectionStatus;
  private lastError: string | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly arrivalListeners = new Set<ArrivalListener>();
  private snapshot: NotificationsSnapshot;

  constructor(connection: ConnectionStatus) {
    this.connection = connection;
    this.snapshot = this.build();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): NotificationsSnapshot => this.snapshot;

  /** Called with the notifications new to this page, live or resumed, in the order they came. */
  onArrival(listener: ArrivalListener): () => void {
    this.arrivalListeners.add(listener);
    return () => this.arrivalListeners.delete(listener);
  }

  setConnection(status: ConnectionStatus): void {
    if (status.lastError !== this.connection.lastError) this.lastError = status.lastError;
    this.connection = status;
    this.changed();
  }

  /** Takes notifications from the hub (live or resumed), dropping those already seen by seq. */
  ingest(list: readonly Notification[]): void {
    const fresh = list.filter((n) => n && this.tracker.tryAccept(n.seq));
    if (fresh.length === 0) return;
    this.inbox = mergeNotifications(this.inbox, fresh);
    this.changed();
    for (const listener of [...this.arrivalListeners]) listener(fresh);
  }

  update(change: (inbox: InboxState) => InboxState): void {
    this.inbox = change(this.inbox);
    this.changed();
  }

  fail(what: string, error: unknown): void {
    this.lastError = `${what}: ${errorText(error)}`;
    this.changed();
  }

  changed(): void {
    this.snapshot = this.build();
    for (const listener of [...this.listeners]) listener();
  }

  private build(): NotificationsSnapshot {
    return {
      ...this.connection,
      lastError: this.lastError,
      notifications: this.inbox.items,
      unreadCount: unreadCount(this.inbox),
      loaded: this.loaded,
      hasOlder: this.nextBeforeSeq !== null,
      connectionInfo: this.info,
    };
  }
}
