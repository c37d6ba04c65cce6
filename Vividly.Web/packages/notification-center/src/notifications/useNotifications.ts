import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { TokenSource } from './api';
import { NotificationClient, type NotificationClientOptions } from './client';
import { collapseRows, visibleUnreadCount, type NotificationRow } from './rows';
import type { ArrivalListener, NotificationsSnapshot } from './store';
import type { Notification } from './types';

export interface UseNotificationsOptions
  extends Omit<NotificationClientOptions, 'getAccessToken'> {
  /** The signed-in user's token; null keeps the hook idle. A new token starts a new session. */
  accessToken: string | null;
  /** Optional fresher token source (a refresh); defaults to `accessToken`. */
  getAccessToken?: TokenSource;
}

export interface UseNotificationsResult extends NotificationsSnapshot {
  /** The list as shown: one row per content request, newest first. */
  rows: NotificationRow[];
  /** What the bell shows: `unreadCount` with each request counted once, as its row. */
  badgeCount: number;
  markRead: (ids: string | readonly string[]) => Promise<void>;
  markAllRead: () => Promise<void>;
  clear: () => Promise<void>;
  loadOlder: () => Promise<void>;
  retryNow: () => void;
  /** Subscribes to notifications new to this page (for toasts); returns the unsubscribe. */
  onArrival: (listener: ArrivalListener) => () => void;
}

const idleSnapshot: NotificationsSnapshot = {
  connectionState: 'idle',
  notifications: [],
  unreadCount: 0,
  loaded: false,
  hasOlder: false,
  nextRetryAt: null,
  unauthorized: false,
  lastError: null,
  connectionInfo: null,
};

const noopSubscribe = () => () => undefined;

/**
 * The toast policy: of the notifications new to the page, those above what was history when it
 * loaded are news, oldest first.
 */
export function newsOf(arrivals: readonly Notification[], historyThrough: number): Notification[] {
  return arrivals.filter((n) => n.seq > historyThrough).sort((a, b) => a.seq - b.seq);
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
  const rows = useMemo(() => collapseRows(snapshot.notifications), [snapshot.notifications]);
  const badgeCount = visibleUnreadCount(snapshot.unreadCount, rows);

  const markRead = useCallback(async (ids: string | readonly string[]) => client?.markRead(ids), [client]);
  const markAllRead = useCallback(async () => client?.markAllRead(), [client]);
  const clear = useCallback(async () => client?.clear(), [client]);
  const loadOlder = useCallback(async () => client?.loadOlder(), [client]);
  const retryNow = useCallback(() => client?.retryNow(), [client]);
  const onArrival = useCallback(
    (listener: ArrivalListener) =>
      client
        ? client.onArrival((arrivals) => {
            const news = newsOf(arrivals, client.historyThrough);
            if (news.length > 0) listener(news);
          })
        : () => undefined,
    [client],
  );

  return { ...snapshot, rows, badgeCount, markRead, markAllRead, clear, loadOlder, retryNow, onArrival };
}
