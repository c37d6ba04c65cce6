import { useCallback, useEffect, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { createPortal } from 'react-dom';
import type { Notification } from '../notifications/types';
import { wantsToast, watchHref } from '../notifications/rows';
import type { UseNotificationsResult } from '../notifications/useNotifications';
import { AlertIcon, CheckCircleIcon, CloseIcon, PlayIcon } from './icons';

const toastMs = 10_000;
const maxToasts = 4;

interface ToastsProps {
  notifications: Pick<UseNotificationsResult, 'onArrival'>;
  onFollow: (n: Notification, href: string, event: ReactMouseEvent<HTMLAnchorElement>) => void;
}

/** Toasts for finished requests (completed, failed), once per notification; never for progress. */
export function Toasts({ notifications, onFollow }: ToastsProps) {
  const [toasts, setToasts] = useState<Notification[]>([]);
  const shown = useRef(new Set<string>());
  const { onArrival } = notifications;

  useEffect(
    () =>
      onArrival((arrivals) => {
        const fresh = arrivals.filter((n) => wantsToast(n) && !shown.current.has(n.id));
        if (fresh.length === 0) return;
        for (const n of fresh) shown.current.add(n.id);
        setToasts((current) => [...current, ...fresh].slice(-maxToasts));
      }),
    [onArrival],
  );

  const dismiss = useCallback((id: string) => setToasts((current) => current.filter((t) => t.id !== id)), []);

  // Portalled to the body: a fixed stack inside a header with backdrop-filter would be
  // positioned against the header, not the window.
  const stack = (
    <div className="toasts" aria-live="polite" aria-relevant="additions">
      {toasts.map((n) => (
        <Toast key={n.id} notification={n} dismiss={dismiss} onFollow={onFollow} />
      ))}
    </div>
  );
  return typeof document === 'undefined' ? stack : createPortal(stack, document.body);
}

function Toast({
  notification: n,
  dismiss,
  onFollow,
}: {
  notification: Notification;
  dismiss: (id: string) => void;
  onFollow: ToastsProps['onFollow'];
}) {
  const onDismiss = useCallback(() => dismiss(n.id), [dismiss, n.id]);
  const failed = n.type === 'content_generation.failed';
  const href = failed ? null : watchHref(n);
  const [paused, setPaused] = useState(false);

  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(onDismiss, toastMs);
    return () => clearTimeout(timer);
  }, [paused, onDismiss]);

  const error = failed ? n.payload?.error_message : null;
  return (
    <div
      className={`toast ${failed ? 'toast-danger' : 'toast-success'}`}
      role={failed ? 'alert' : 'status'}
      data-type={n.type}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <span className="toast-icon" aria-hidden="true">
        {failed ? <AlertIcon size={20} /> : <CheckCircleIcon size={20} />}
      </span>
      <div className="toast-body">
        <p className="toast-title">{n.title}</p>
        {n.message && <p className="toast-message">{n.message}</p>}
        {typeof error === 'string' && error && <p className="toast-message">{error}</p>}
        {href && (
          <a
            className="toast-watch"
            href={href}
            onClick={(e) => {
              onFollow(n, href, e);
              onDismiss();
            }}
          >
            <PlayIcon size={12} /> Watch now
          </a>
        )}
      </div>
      <button type="button" className="toast-close" onClick={onDismiss} aria-label="Dismiss">
        <CloseIcon size={16} />
      </button>
    </div>
  );
}
