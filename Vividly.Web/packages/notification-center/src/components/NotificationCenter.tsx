import { useCallback, useEffect, useId, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import type { ConnectionState, Notification } from '../notifications/types';
import { badgeText, bellLabel, formatRelativeTime } from '../notifications/relativeTime';
import { stageLabel, watchHref, type NotificationRow } from '../notifications/rows';
import type { UseNotificationsResult } from '../notifications/useNotifications';
import { BellIcon, CheckAllIcon, CheckIcon, PlayIcon, TrashIcon, iconForType, toneForType } from './icons';
import { Toasts } from './Toasts';
import { isStalled } from '../notifications/stalled';
import { ConnectionBanner } from './ConnectionBanner';
import { useConnectionNotice } from './connectionNotice';
import { CloseIcon, OfflineIcon, StalledIcon } from './icons';
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

/**
 * The bell with its unread badge and connection dot, the panel with the inbox (one row per
 * content request, its progress bar updating in place), and toasts for finished requests.
 * Everything from the server is rendered as text.
 */
export function NotificationCenter({ notifications, onNavigate, toasts = true, onRetry, onAnswer }: NotificationCenterProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const bellRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const panelId = useId();
  const headingId = useId();
  const statusId = useId();
  const notice = useConnectionNotice(notifications.connectionState, notifications.connectionLimited);
  const now = useNow(open ? 1_000 : 15_000);

  const { unreadCount, badgeCount, connectionState, nextRetryAt, rows, loaded, hasOlder } = notifications;
  const badge = badgeText(badgeCount);
  const status = connectionText(connectionState, nextRetryAt, now);

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) bellRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    headingRef.current?.focus();
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) close(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
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

  const follow = (n: Notification, href: string, event: ReactMouseEvent<HTMLAnchorElement>) => {
    if (!n.read_at) void notifications.markRead(n.id);
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
        id={panelId}
        className="nc-panel"
        role="dialog"
        aria-modal="false"
        aria-labelledby={headingId}
        hidden={!open}
      >
        <header className="nc-head">
          <div className="nc-head-title">
            <h2 id={headingId} ref={headingRef} tabIndex={-1}>
              Notifications
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
            <button
              type="button"
              className="nc-action"
              onClick={() => void notifications.markAllRead()}
              disabled={unreadCount === 0}
            >
              <CheckAllIcon size={16} /> Mark all read
            </button>
            <button
              type="button"
              className="nc-action nc-action-quiet"
              onClick={() => void notifications.clear()}
              disabled={rows.length === 0}
              aria-label="Clear all notifications"
            >
              <TrashIcon size={16} /> Clear
            </button>
          </div>
        </header>
        {/* Shown on phones only, where the panel covers the page. */}
        <button type="button" className="nc-close" onClick={() => close(true)} aria-label="Close notifications">
          <CloseIcon size={20} />
        </button>
        <ConnectionBanner notice={notice} />

        {rows.length === 0 ? (
          <div className="nc-empty">
            <div className="nc-empty-art" aria-hidden="true">
              <BellIcon size={28} />
            </div>
            <p className="nc-empty-title">{loaded || connectionState === 'idle' ? "You're all caught up" : 'Loading…'}</p>
            <p className="nc-empty-text">Updates about your videos will show up here.</p>
          </div>
        ) : (
          <ul className="nc-list" aria-label="Notification list">
            {rows.map((row) => (
              <NotificationItem
                key={row.key}
                row={row}
                now={now}
                onMarkRead={() => void notifications.markRead(row.unreadIds)}
                onFollow={follow}
              />
            ))}
          </ul>
        )}
        {hasOlder && rows.length > 0 && (
          <footer className="nc-foot">
            <button type="button" className="nc-link" onClick={() => void notifications.loadOlder()}>
              Show older
            </button>
          </footer>
        )}
        <PushOptIn />
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

interface ItemProps {
  row: NotificationRow;
  now: number;
  onMarkRead: () => void;
  onFollow: (n: Notification, href: string, event: ReactMouseEvent<HTMLAnchorElement>) => void;
}

function NotificationItem({ row, now, onMarkRead, onFollow }: ItemProps) {
  const n = row.notification;
  const Icon = iconForType(n.type, row.status);
  const tone = toneForType(n.type, row.status);
  const href = row.status === 'completed' ? watchHref(n) : null;
  // A failure's reason once: not again when the message already says it.
  const error = row.status === 'failed' && n.payload?.error_message !== n.message ? n.payload?.error_message : null;
  const updated = new Date(row.updatedAt);
  const stalled = isStalled(row, now);
  const stageLine = stalled ? `No progress since ${formatRelativeTime(row.updatedAt, new Date(now))}` : (row.stageText ?? stageLabel(row.stage));
  return (
    <li className="nc-item" data-unread={row.unread || undefined} data-status={row.status ?? undefined} data-stalled={stalled || undefined} data-key={row.key}>
      <span className={`nc-icon tone-${stalled ? 'warning' : tone}`} aria-hidden="true">
        {stalled ? <StalledIcon size={18} /> : <Icon size={18} className={row.status === 'running' ? 'spin' : undefined} />}
      </span>
      <div className="nc-body">
        <div className="nc-title-row">
          <p className="nc-title" dir="auto">
            {/* Its own dir keeps it out of the title's dir="auto". */}
            {row.unread && (
              <span className="visually-hidden" dir="ltr">
                Unread:{' '}
              </span>
            )}
            {n.title}
          </p>
          <time className="nc-time" dateTime={row.updatedAt} title={updated.toLocaleString()}>
            {formatRelativeTime(row.updatedAt, new Date(now))}
          </time>
        </div>
        {n.message && (
          <p className="nc-message" dir="auto">
            {n.message}
          </p>
        )}
        {row.status === 'running' && row.progress !== null && (
          <div className="nc-progress">
            <div
              className="nc-bar"
              role="progressbar"
              aria-label={`${n.title}: progress`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(row.progress)}
              aria-valuetext={`${Math.round(row.progress)} %, ${stageLine}`}
            >
              <span style={{ width: `${row.progress}%` }} />
            </div>
            <span className="nc-progress-label">
              <span>{stageLine}</span>
              <span>{Math.round(row.progress)}%</span>
            </span>
          </div>
        )}
        {typeof error === 'string' && error && (
          <p className="nc-error" dir="auto">
            {error}
          </p>
        )}
        {href && (
          <a className="nc-watch" href={href} onClick={(e) => onFollow(n, href, e)}>
            <PlayIcon size={12} /> Watch now
          </a>
        )}
      </div>
      {row.unread ? (
        <button type="button" className="nc-mark" onClick={onMarkRead} aria-label={`Mark read: ${n.title}`} title="Mark read">
          <span className="nc-unread-dot" aria-hidden="true" />
          <CheckIcon size={16} className="nc-mark-check" />
        </button>
      ) : (
        <span className="nc-mark-spacer" aria-hidden="true" />
      )}
    </li>
  );
}
