import type { ConnectionStatus } from './connection';
import { errorText } from './connection';
import { emptyInbox, mergeNotifications, unreadCount, type InboxState } from './inboxState';
import { SeqTracker } from './seqTracker';
import type { ConnectionInfo, InboxView, Notification } from './types';

/** An action the server refused: already rolled back here; `retry` sends it again. */
export interface ActionFailure {
  id: number;
  message: string;
  retry: () => Promise<void>;
}

/** An action that can be taken back (archive, archive read, snooze). */
export interface UndoOffer {
  id: number;
  message: string;
  undo: () => Promise<void>;
}

/** Paging of one view: `GET /api/v1/notifications?view=` page by page. */
export interface ViewPaging {
  loaded: boolean;
  loading: boolean;
  nextBeforeSeq: number | null;
}

export interface NotificationsSnapshot extends ConnectionStatus {
  /** Held notifications of every view, newest first, one per id. */
  notifications: readonly Notification[];
  unreadCount: number;
  /** The view the panel shows. */
  view: InboxView;
  /** True once the first page of the current view has loaded. */
  loaded: boolean;
  /** True while older notifications of the current view can be fetched with `loadOlder`. */
  hasOlder: boolean;
  /** True while a page of the current view is being fetched. */
  loading: boolean;
  connectionInfo: ConnectionInfo | null;
  /** False while the browser says it is offline: actions wait. */
  online: boolean;
  failure: ActionFailure | null;
  undo: UndoOffer | null;
  /** Ids given back by the snooze job while this page was open, with when (epoch ms). */
  returned: ReadonlyMap<string, number>;
}

export type ArrivalListener = (notifications: readonly Notification[]) => void;

/**
 * What the page knows, as a `useSyncExternalStore` store: the inbox, which seqs it has seen,
 * and the connection's status. Every change makes a new snapshot and tells the subscribers.
 */
export class NotificationStore {
  readonly tracker = new SeqTracker();
  inbox: InboxState = emptyInbox();
  /** True once the first load (of the inbox) has finished. */
  loaded = false;
  view: InboxView = 'inbox';
  readonly paging: Record<InboxView, ViewPaging> = {
    inbox: { loaded: false, loading: false, nextBeforeSeq: null },
    unread: { loaded: false, loading: false, nextBeforeSeq: null },
    archived: { loaded: false, loading: false, nextBeforeSeq: null },
    snoozed: { loaded: false, loading: false, nextBeforeSeq: null },
  };
  online = true;
  failure: ActionFailure | null = null;
  undo: UndoOffer | null = null;
  returned = new Map<string, number>();
  /** Seqs up to this one were history when the page loaded (none are, until it has). */
  historyThrough = Number.POSITIVE_INFINITY;
  info: ConnectionInfo | null = null;
  /** Counts changes made here or announced by the server; `touchedAt` holds each id's last. */
  private version = 0;
  private readonly touchedAt = new Map<string, number>();
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

  /**
   * Takes notifications from the hub (live or resumed), dropping those already seen by seq. One
   * whose id is held under a lower seq is back from snooze: it replaces the one held.
   */
  ingest(list: readonly Notification[], now = Date.now()): void {
    const fresh = list.filter((n) => n && this.tracker.tryAccept(n.seq));
    if (fresh.length === 0) return;
    const held = new Map(this.inbox.items.map((n) => [n.id, n.seq] as const));
    for (const n of fresh) {
      const seq = held.get(n.id);
      if (seq !== undefined && seq < n.seq) this.returned = new Map(this.returned).set(n.id, now);
    }
    this.inbox = mergeNotifications(this.inbox, fresh);
    this.changed();
    for (const listener of [...this.arrivalListeners]) listener(fresh);
  }

  /** Where the change count stands: a page requested now is stale for ids touched after it. */
  get changeVersion(): number {
    return this.version;
  }

  /** Records that these ids changed here or on the server, after any page already requested. */
  touch(ids: Iterable<string>): void {
    this.version += 1;
    for (const id of ids) this.touchedAt.set(id, this.version);
  }

  /** Whether the id changed after `version`: a page requested then holds an older state of it. */
  touchedSince(id: string, version: number): boolean {
    return (this.touchedAt.get(id) ?? 0) > version;
  }

  update(change: (inbox: InboxState) => InboxState): void {
    this.inbox = change(this.inbox);
    this.changed();
  }

  setFailure(failure: ActionFailure | null): void {
    this.failure = failure;
    this.changed();
  }

  setUndo(undo: UndoOffer | null): void {
    this.undo = undo;
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
    const paging = this.paging[this.view];
    return {
      ...this.connection,
      lastError: this.lastError,
      notifications: this.inbox.items,
      unreadCount: unreadCount(this.inbox),
      view: this.view,
      loaded: paging.loaded,
      hasOlder: paging.loaded && paging.nextBeforeSeq !== null,
      loading: paging.loading,
      connectionInfo: this.info,
      online: this.online,
      failure: this.failure,
      undo: this.undo,
      returned: this.returned,
    };
  }
}
