import { act } from '@testing-library/react';
import { vi } from 'vitest';
import { inView } from '../notifications/inboxState';
import { collapseRows, visibleUnreadCount } from '../notifications/rows';
import type { ArrivalListener } from '../notifications/store';
import type { Notification } from '../notifications/types';
import type { UseNotificationsResult } from '../notifications/useNotifications';

/** What `useNotifications` would answer for these notifications, with every action a spy; `arrive` plays arrivals. */
export function fakeHook(items: Notification[], overrides: Partial<UseNotificationsResult> = {}) {
  const listeners = new Set<ArrivalListener>();
  const view = overrides.view ?? 'inbox';
  const rows = collapseRows(items.filter((n) => inView(n, view)));
  const unreadCount = items.filter((n) => inView(n, 'unread')).length;
  const done = () => vi.fn(async () => undefined);
  const result: UseNotificationsResult = {
    connectionState: 'connected',
    notifications: items,
    unreadCount,
    badgeCount: visibleUnreadCount(unreadCount, rows),
    view,
    loaded: true,
    hasOlder: false,
    loading: false,
    online: true,
    failure: null,
    undo: null,
    returned: new Map(),
    nextRetryAt: null,
    unauthorized: false,
    connectionLimited: false,
    lastError: null,
    connectionInfo: null,
    rows,
    markRead: done(),
    markAllRead: done(),
    markUnread: done(),
    markRequestRead: done(),
    archive: done(),
    unarchive: done(),
    archiveRead: done(),
    snooze: done(),
    unsnooze: done(),
    markSeen: done(),
    showView: done(),
    dismissFeedback: vi.fn(),
    clear: done(),
    loadOlder: done(),
    preferences: null,
    retryNow: vi.fn(),
    onArrival: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ...overrides,
  };
  const arrive = (list: Notification[]) => act(() => listeners.forEach((l) => l(list)));
  return { result, arrive };
}
