import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { TokenSource } from './api';
import { NotificationClient, type NotificationClientOptions } from './client';
import { inView } from './inboxState';
import type { PreferencesApi } from './preferences';
import { collapseRows, visibleUnreadCount, type NotificationRow } from './rows';
import type { ArrivalListener, NotificationsSnapshot } from './store';
import type { InboxView, Notification } from './types';

export interface UseNotificationsOptions
  extends Omit<NotificationClientOptions, 'getAccessToken'> {
  /** The signed-in user's token; null keeps the hook idle. A new token starts a new session. */
  accessToken: string | null;
  /** Optional fresher token source (a refresh); defaults to `accessToken`. */
  getAccessToken?: TokenSource;
}

export interface UseNotificationsResult extends NotificationsSnapshot {
  /** The current view as shown: one row per content request, newest first. */
  rows: NotificationRow[];
  /** What the bell shows: `unreadCount` with each request counted once, as its row. */
  badgeCount: number;
  markRead: (ids: string | readonly string[]) => Promise<void>;
  markAllRead: () => Promise<void>;
  markUnread: (ids: readonly string[]) => Promise<void>;
  /** Every notification of a content request read (opening its row, "Watch now"). */
  markRequestRead: (contentRequestId: string) => Promise<void>;
  archive: (ids: readonly string[]) => Promise<void>;
  unarchive: (ids: readonly string[]) => Promise<void>;
  archiveRead: () => Promise<void>;
  snooze: (ids: readonly string[], until: Date) => Promise<void>;
  unsnooze: (ids: readonly string[]) => Promise<void>;
  markSeen: (ids: readonly string[]) => Promise<void>;
  showView: (view: InboxView) => Promise<void>;
  dismissFeedback: () => void;
  clear: () => Promise<void>;
  loadOlder: () => Promise<void>;
  /** The signed-in user's preferences; null while signed out. */
  preferences: PreferencesApi | null;
  retryNow: () => void;
  /** Subscribes to notifications new to this page (for toasts); returns the unsubscribe. */
  onArrival: (listener: ArrivalListener) => () => void;
}

const idleSnapshot: NotificationsSnapshot = {
  connectionState: 'idle',
  notifications: [],
  unreadCount: 0,
  view: 'inbox',
  loaded: false,
  hasOlder: false,
  loading: false,
  online: true,
  failure: null,
  undo: null,
  returned: new Map(),
  nextRetryAt: null,
  unauthorized: false,
  lastError: null,
  connectionInfo: null,
};

const noopSubscribe = () => () => undefined;

/**
 * The toast policy: of the notifications new to the page, those above what was history when it
 * loaded are news, oldest first. One given back by the snooze job is marked `back_from_snooze`
 * and its toast's title says so.
 */
export function newsOf(
  arrivals: readonly Notification[],
  historyThrough: number,
  returned: ReadonlyMap<string, number> = new Map(),
): Notification[] {
  return arrivals
    .filter((n) => n.seq > historyThrough)
    .sort((a, b) => a.seq - b.seq)
    .map((n) => (returned.has(n.id) ? { ...n, title: `Back from snooze: ${n.title}`, back_from_snooze: true } : n));
}

/**
 * Live notifications for the signed-in user over the hub (SSE), with the inbox, unread count
 * and read actions. The hook owns one {@link NotificationClient} per token.
 */
export function useNotifications(options: UseNotificationsOptions): UseNotificationsResult {
  const { accessToken, baseUrl } = options;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const [client, setClient] = useState<NotificationClient | null>(null);

  useEffect(() => {
    if (!accessToken) {
      setClient(null);
      return;
    }
    const { accessToken: _token, getAccessToken, ...rest } = optionsRef.current;
    const created = new NotificationClient({
      ...rest,
      baseUrl,
      getAccessToken: getAccessToken ?? (() => optionsRef.current.accessToken),
    });
    setClient(created);
    created.start();
    return () => {
      void created.stop();
    };
  }, [accessToken, baseUrl]);

  const snapshot = useSyncExternalStore(
    client ? client.subscribe : noopSubscribe,
    client ? client.getSnapshot : () => idleSnapshot,
    () => idleSnapshot,
  );
  const { notifications, view } = snapshot;
  const rows = useMemo(() => collapseRows(notifications.filter((n) => inView(n, view))), [notifications, view]);
  const inboxRows = useMemo(
    () => (view === 'inbox' ? rows : collapseRows(notifications.filter((n) => inView(n, 'inbox')))),
    [notifications, view, rows],
  );
  const badgeCount = visibleUnreadCount(snapshot.unreadCount, inboxRows);

  const markRead = useCallback(async (ids: string | readonly string[]) => client?.markRead(ids), [client]);
  const markAllRead = useCallback(async () => client?.markAllRead(), [client]);
  const markUnread = useCallback(async (ids: readonly string[]) => client?.markUnread(ids), [client]);
  const markRequestRead = useCallback(async (id: string) => client?.markRequestRead(id), [client]);
  const archive = useCallback(async (ids: readonly string[]) => client?.archive(ids), [client]);
  const unarchive = useCallback(async (ids: readonly string[]) => client?.unarchive(ids), [client]);
  const archiveRead = useCallback(async () => client?.archiveRead(), [client]);
  const snooze = useCallback(async (ids: readonly string[], until: Date) => client?.snooze(ids, until), [client]);
  const unsnooze = useCallback(async (ids: readonly string[]) => client?.unsnooze(ids), [client]);
  const markSeen = useCallback(async (ids: readonly string[]) => client?.markSeen(ids), [client]);
  const showView = useCallback(async (next: InboxView) => client?.showView(next), [client]);
  const dismissFeedback = useCallback(() => client?.dismissFeedback(), [client]);
  const clear = useCallback(async () => client?.clear(), [client]);
  const loadOlder = useCallback(async () => client?.loadOlder(), [client]);
  const retryNow = useCallback(() => client?.retryNow(), [client]);
  const onArrival = useCallback(
    (listener: ArrivalListener) =>
      client
        ? client.onArrival((arrivals) => {
            const news = newsOf(arrivals, client.historyThrough, client.getSnapshot().returned);
            if (news.length > 0) listener(news);
          })
        : () => undefined,
    [client],
  );

  return {
    ...snapshot,
    rows,
    badgeCount,
    markRead,
    markAllRead,
    markUnread,
    markRequestRead,
    archive,
    unarchive,
    archiveRead,
    snooze,
    unsnooze,
    markSeen,
    showView,
    dismissFeedback,
    clear,
    loadOlder,
    preferences: client?.preferences ?? null,
    retryNow,
    onArrival,
  };
}
