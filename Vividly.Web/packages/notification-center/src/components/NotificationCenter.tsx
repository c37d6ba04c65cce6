import { useCallback, useEffect, useId, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import type { ConnectionState, InboxView, Notification } from '../notifications/types';
import { badgeText, bellLabel } from '../notifications/relativeTime';
import { type NotificationRow } from '../notifications/rows';
import type { UseNotificationsResult } from '../notifications/useNotifications';
import { BellIcon, CheckAllIcon } from './icons';
import { trapTab } from './dialogFocus';
import { InboxFeedback } from './InboxFeedback';
import { InboxList } from './InboxList';
import { PreferencesPanel } from './PreferencesPanel';
import { Toasts } from './Toasts';
import { ConnectionBanner } from './ConnectionBanner';
import { useConnectionNotice } from './connectionNotice';
import { CloseIcon, OfflineIcon } from './icons';
import { LiveAnnouncer } from './LiveAnnouncer';
import { PushOptIn } from '../push/PushOptIn';

export interface NotificationCenterProps {
  notifications: UseNotificationsResult;
  /** Called when a "Watch now" link is followed; call `event.preventDefault()` to route in-page. */
  onNavigate?: (href: string, event: ReactMouseEvent<HTMLAnchorElement>) => void;
  /** Show toasts (default true): finished videos, failures, questions, urgent and high notices. */
  toasts?: boolean;
  /** Offered as "Retry" on a failed video's toast; without it there is no Retry. */
  onRetry?: (failed: Notification) => void;
  /** A question's (`clarification_needed`) "Answer" on its toast; without it, Answer opens the panel. */
  onAnswer?: (question: Notification) => void;
}

export function connectionText(state: ConnectionState, nextRetryAt: number | null, now: number, limited = false): string {
  if (limited && state !== 'connected' && state !== 'idle' && state !== 'disconnected') return 'Not live';
  switch (state) {
    case 'connected':
      return 'Live';
    case 'connecting':
    case 'reconnecting': {
      const verb = state === 'connecting' ? 'Connecting' : 'Reconnecting';
      if (nextRetryAt === null) return `${verb}…`;
      const seconds = Math.max(0, Math.ceil((nextRetryAt - now) / 1000));
      return seconds > 0 ? `${verb} in ${seconds} s` : `${verb}…`;
    }
    case 'disconnected':
      return 'Offline';
    default:
      return 'Not signed in';
  }
}

/** Ticks every `ms` so relative times and retry countdowns stay current. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

const viewLabels: Record<InboxView, string> = { unread: 'Unread', inbox: 'All', archived: 'Archived', snoozed: 'Snoozed' };
const viewOrder: readonly InboxView[] = ['unread', 'inbox', 'archived', 'snoozed'];
const emptyText: Record<InboxView, string> = {
  inbox: "You're all caught up",
  unread: 'Nothing unread',
  archived: 'Nothing archived',
  snoozed: 'Nothing snoozed',
};

/**
 * The bell with its unread badge and connection dot, and the panel: a modal dialog (focus moves
 * in on open and back to the bell on close, Escape closes, Tab stays inside) with the inbox by
 * view (Unread, All, Archived, Snoozed), grouped by day, and the user's preferences. Opening a
 * row reads its whole request and closes the panel. Everything from the server is rendered as
 * text.
 */
export function NotificationCenter({ notifications, onNavigate, toasts = true, onRetry, onAnswer }: NotificationCenterProps) {
  const [open, setOpen] = useState(false);
  const [showPrefs, setShowPrefs] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLElement>(null);
  const bellRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const panelId = useId();
  const headingId = useId();
  const statusId = useId();
  const notice = useConnectionNotice(notifications.connectionState, notifications.connectionLimited);
  const now = useNow(open ? 1_000 : 15_000);

  const { unreadCount, badgeCount, connectionState, nextRetryAt, rows, loaded, hasOlder, loading, view, online } = notifications;
  const badge = badgeText(badgeCount);
  const status = connectionText(connectionState, nextRetryAt, now);
  const offline = !online;
  const hasRead = notifications.notifications.some((n) => n.read_at && !n.archived_at && !n.snoozed_until);

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) bellRef.current?.focus();
  }, []);
  const focusHeading = useCallback(() => headingRef.current?.focus(), []);

  useEffect(() => {
    if (!open) return;
    headingRef.current?.focus();
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) close(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        close(true);
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, close]);

  // What the panel shows is seen (not read): other devices need not flash it as new.
  const { markSeen } = notifications;
  useEffect(() => {
    if (!open || showPrefs) return;
    const unseenIds = new Set(notifications.notifications.filter((n) => !n.seen_at).map((n) => n.id));
    const unseen = rows.flatMap((r) => r.ids.filter((id) => unseenIds.has(id)));
    if (unseen.length > 0) void markSeen(unseen.slice(0, 100));
  }, [open, showPrefs, rows, notifications.notifications, markSeen]);

  /** A row, its "Watch now" or its "Answer": the whole request read, the panel closed. */
  const openRow = (row: NotificationRow, href: string | null, event?: ReactMouseEvent<HTMLAnchorElement>) => {
    if (row.contentRequestId) void notifications.markRequestRead(row.contentRequestId);
    else if (row.unread) void notifications.markRead(row.unreadIds);
    if (href && event) onNavigate?.(href, event);
    close(true);
  };

  const follow = (n: Notification, href: string, event: ReactMouseEvent<HTMLAnchorElement>) => {
    const requestId = n.payload?.content_request_id;
    if (typeof requestId === 'string' && requestId) void notifications.markRequestRead(requestId);
    else if (!n.read_at) void notifications.markRead(n.id);
    onNavigate?.(href, event);
  };

  return (
    <div className="nc" ref={rootRef}>
      <button
        ref={bellRef}
        type="button"
        className="nc-bell"
        aria-label={bellLabel(badgeCount)}
        aria-describedby={statusId}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={panelId}
        data-connection={connectionState}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon size={22} />
        {badge && (
          <span className="nc-badge" aria-hidden="true" data-testid="unread-badge">
            {badge}
          </span>
        )}
        {notice && (
          <span className="nc-bell-alert" aria-hidden="true" data-testid="bell-alert">
            <OfflineIcon size={11} strokeWidth={2.5} />
          </span>
        )}
      </button>
      {/* A description, not a live region: the announcer says each change once, never a countdown. */}
      <span id={statusId} className="visually-hidden">
        {notice ? notice.title : connectionState === 'connected' ? 'Connected' : connectionText(connectionState, null, now, notifications.connectionLimited)}
      </span>
      <LiveAnnouncer notifications={notifications} notice={notice} />

      <section
        ref={panelRef}
        id={panelId}
        className="nc-panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        hidden={!open}
        onKeyDown={(event) => panelRef.current && trapTab(event, panelRef.current)}
      >
        <header className="nc-head">
          <div className="nc-head-title">
            <h2 id={headingId} ref={headingRef} tabIndex={-1} data-dialog-start="">
              {showPrefs ? 'Preferences' : 'Notifications'}
            </h2>
            <span className="nc-status" data-connection={connectionState}>
              <span className="nc-status-dot" aria-hidden="true" />
              {notice?.kind === 'limited' ? connectionText(connectionState, null, now, true) : status}
              {(connectionState === 'reconnecting' || connectionState === 'connecting') && nextRetryAt !== null && (
                <button type="button" className="nc-link" onClick={notifications.retryNow}>
                  Retry now
                </button>
              )}
            </span>
          </div>
          <div className="nc-actions">
            {!showPrefs && (
              <>
                <button
                  type="button"
                  className="nc-action"
                  onClick={() => void notifications.markAllRead()}
                  disabled={unreadCount === 0 || offline}
                >
                  <CheckAllIcon size={16} /> Mark all read
                </button>
                <button
                  type="button"
                  className="nc-action nc-action-quiet"
                  onClick={() => void notifications.archiveRead()}
                  disabled={!hasRead || offline}
                >
                  Archive all read
                </button>
              </>
            )}
            <button
              type="button"
              className="nc-action nc-action-quiet"
              aria-pressed={showPrefs}
              onClick={() => {
                setShowPrefs((p) => !p);
                focusHeading();
              }}
            >
              {showPrefs ? 'Back to notifications' : 'Preferences'}
            </button>
          </div>
        </header>
        {/* Shown on phones only, where the panel covers the page. */}
        <button type="button" className="nc-close" onClick={() => close(true)} aria-label="Close notifications">
          <CloseIcon size={20} />
        </button>
        <ConnectionBanner notice={notice} />

        {showPrefs ? (
          notifications.preferences && <PreferencesPanel api={notifications.preferences} disabled={offline} />
        ) : (
          <>
            <div className="nc-filters" role="group" aria-label="Show">
              {viewOrder.map((v) => (
                <button
                  key={v}
                  type="button"
                  className="nc-filter"
                  aria-pressed={view === v}
                  onClick={() => void notifications.showView(v)}
                >
                  {viewLabels[v]}
                </button>
              ))}
            </div>
            <InboxFeedback
              failure={notifications.failure}
              undo={notifications.undo}
              online={online}
              onDismiss={notifications.dismissFeedback}
              keepFocus={focusHeading}
            />
            <InboxList
              rows={rows}
              view={view}
              now={now}
              disabled={offline}
              returned={notifications.returned}
              hasOlder={hasOlder}
              loading={loading}
              onLoadOlder={() => void notifications.loadOlder()}
              onEmptied={focusHeading}
              onOpen={openRow}
              onToggleRead={(row) =>
                void (row.unread ? notifications.markRead(row.unreadIds) : notifications.markUnread([row.notification.id]))
              }
              onArchive={(row) => void notifications.archive(row.ids)}
              onUnarchive={(row) => void notifications.unarchive(row.ids)}
              onSnooze={(row, until) => void notifications.snooze(row.ids, until)}
              onUnsnooze={(row) => void notifications.unsnooze(row.ids)}
              empty={
                <div className="nc-empty">
                  <div className="nc-empty-art" aria-hidden="true">
                    <BellIcon size={28} />
                  </div>
                  <p className="nc-empty-title">
                    {loaded || connectionState === 'idle' ? emptyText[view] : 'Loading…'}
                  </p>
                  <p className="nc-empty-text">Updates about your videos will show up here.</p>
                </div>
              }
            />
          </>
        )}
        {!showPrefs && <PushOptIn />}
      </section>

      {toasts && (
        <Toasts
          notifications={notifications}
          onFollow={follow}
          hidden={open}
          onShowAll={() => setOpen(true)}
          onRetry={onRetry}
          onAnswer={onAnswer}
        />
      )}
    </div>
  );
}
