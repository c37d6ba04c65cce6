import { useCallback, useEffect, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { createPortal } from 'react-dom';
import { watchHref } from '../notifications/rows';
import type { Notification } from '../notifications/types';
import type { UseNotificationsResult } from '../notifications/useNotifications';
import { AlertIcon, CheckCircleIcon, CloseIcon, HelpIcon, MegaphoneIcon, PlayIcon, RetryIcon } from './icons';
import { addArrivals, autoDismissMs, toastText, toastTitle, visibleToasts, type ToastEntry } from './toastQueue';

export interface ToastsProps {
  notifications: Pick<UseNotificationsResult, 'onArrival'>;
  onFollow: (n: Notification, href: string, event: ReactMouseEvent<HTMLAnchorElement>) => void;
  /** While true (the panel is open and shows everything) no toast is shown or queued. */
  hidden?: boolean;
  /** "+N more" and a merged toast's "Show all": opens the panel. */
  onShowAll?: () => void;
  /** Offered on a failure's toast when given. */
  onRetry?: (n: Notification) => void;
  /** A question's "Answer"; without it, "Answer" opens the panel. */
  onAnswer?: (n: Notification) => void;
}

const kindIcons = { ready: CheckCircleIcon, failed: AlertIcon, question: HelpIcon, notice: MegaphoneIcon } as const;

/**
 * Toasts for what needs a glance: finished videos (merged into one), failures (their reason once,
 * and Retry), questions (Answer) and urgent or high notices, never progress. At most a few show,
 * with "+N more"; none while the panel is open. They are not a live region: the announcer says
 * every arrival.
 */
export function Toasts({ notifications, onFollow, hidden = false, onShowAll, onRetry, onAnswer }: ToastsProps) {
  const [toasts, setToasts] = useState<ToastEntry[]>([]);
  const hiddenRef = useRef(hidden);
  hiddenRef.current = hidden;
  const { onArrival } = notifications;

  useEffect(
    () =>
      onArrival((arrivals) => {
        if (!hiddenRef.current) setToasts((current) => addArrivals(current, arrivals, Date.now()));
      }),
    [onArrival],
  );

  // The open panel shows everything the toasts did.
  useEffect(() => {
    if (hidden) setToasts([]);
  }, [hidden]);

  const dismiss = useCallback((key: string) => setToasts((current) => current.filter((t) => t.key !== key)), []);
  const showAll = useCallback(() => {
    setToasts([]);
    onShowAll?.();
  }, [onShowAll]);

  const { shown, more } = visibleToasts(toasts);
  // Portalled to the body: a fixed stack inside a header with backdrop-filter would be
  // positioned against the header, not the window.
  const stack = (
    <div className="toasts" hidden={hidden || toasts.length === 0}>
      {shown.map((t) => (
        <Toast
          key={t.key}
          toast={t}
          dismiss={dismiss}
          onFollow={onFollow}
          onShowAll={showAll}
          onRetry={onRetry}
          onAnswer={onAnswer ?? (onShowAll && (() => showAll()))}
        />
      ))}
      {more > 0 && (
        <button type="button" className="toast-more" onClick={showAll}>
          +{more} more
        </button>
      )}
    </div>
  );
  return typeof document === 'undefined' ? stack : createPortal(stack, document.body);
}

interface ToastProps extends Pick<ToastsProps, 'onFollow' | 'onRetry' | 'onAnswer'> {
  toast: ToastEntry;
  dismiss: (key: string) => void;
  onShowAll: () => void;
}

function Toast({ toast: t, dismiss, onFollow, onShowAll, onRetry, onAnswer }: ToastProps) {
  const onDismiss = useCallback(() => dismiss(t.key), [dismiss, t.key]);
  const [paused, setPaused] = useState(false);
  const lifetime = autoDismissMs(t);

  useEffect(() => {
    if (paused || lifetime === null) return;
    const timer = setTimeout(onDismiss, lifetime);
    return () => clearTimeout(timer);
  }, [paused, lifetime, onDismiss, t.at]);

  const first = t.items[0]!;
  const title = toastTitle(t);
  const text = toastText(t);
  const href = t.kind === 'ready' && t.items.length === 1 ? watchHref(first) : null;
  const Icon = kindIcons[t.kind];
  const urgent = t.priority === 'urgent' || t.priority === 'high';
  return (
    <div
      className={`toast toast-${t.kind}`}
      data-type={first.type}
      data-priority={t.priority}
      data-count={t.items.length}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <span className="toast-icon" aria-hidden="true">
        <Icon size={20} />
      </span>
      <div className="toast-body">
        {urgent && <span className="toast-priority">{t.priority === 'urgent' ? 'Urgent' : 'High priority'}</span>}
        <p className="toast-title" dir="auto" title={title}>
          {title}
        </p>
        {text && (
          <p className="toast-message" dir="auto" title={text}>
            {text}
          </p>
        )}
        <div className="toast-actions">
          {href && (
            <a
              className="toast-watch"
              href={href}
              onClick={(e) => {
                onFollow(first, href, e);
                onDismiss();
              }}
            >
              <PlayIcon size={12} /> Watch now
            </a>
          )}
          {t.kind === 'ready' && t.items.length > 1 && (
            <button type="button" className="toast-action" onClick={onShowAll}>
              Show all
            </button>
          )}
          {t.kind === 'failed' && onRetry && (
            <button
              type="button"
              className="toast-action"
              onClick={() => {
                onRetry(first);
                onDismiss();
              }}
            >
              <RetryIcon size={14} /> Retry
            </button>
          )}
          {t.kind === 'question' && onAnswer && (
            <button
              type="button"
              className="toast-action"
              onClick={() => {
                onAnswer(first);
                onDismiss();
              }}
            >
              Answer
            </button>
          )}
        </div>
      </div>
      <button type="button" className="toast-close" onClick={onDismiss} aria-label={`Dismiss: ${title}`}>
        <CloseIcon size={16} />
      </button>
    </div>
  );
}
