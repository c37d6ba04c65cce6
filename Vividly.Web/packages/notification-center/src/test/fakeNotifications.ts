import { act } from '@testing-library/react';
import { vi } from 'vitest';
import { collapseRows, visibleUnreadCount } from '../notifications/rows';
import type { ArrivalListener } from '../notifications/store';
import type { Notification } from '../notifications/types';
import type { UseNotificationsResult } from '../notifications/useNotifications';

/** What `useNotifications` would answer for these notifications, with every action a spy; `arrive` plays arrivals. */
export function fakeHook(items: Notification[], overrides: Partial<UseNotificationsResult> = {}) {
  const listeners = new Set<ArrivalListener>();
  const rows = collapseRows(items);
  const unreadCount = items.filter((n) => !n.read_at).length;
  const result: UseNotificationsResult = {
    connectionState: 'connected',
    notifications: items,
    unreadCount,
    badgeCount: visibleUnreadCount(unreadCount, rows),
    loaded: true,
    hasOlder: false,
    nextRetryAt: null,
    unauthorized: false,
    connectionLimited: false,
    lastError: null,
    connectionInfo: null,
    rows,
    markRead: vi.fn(async () => undefined),
    markAllRead: vi.fn(async () => undefined),
    clear: vi.fn(async () => undefined),
    loadOlder: vi.fn(async () => undefined),
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
