import { useId } from 'react';
import { usePush } from './PushContext';
import type { PushStatus, PushSubscriptionState } from './usePushSubscription';
import './PushOptIn.css';

export interface PushOptInProps {
  /** The state to show; defaults to the nearest `<PushSubscriptionProvider>`'s. */
  push?: PushSubscriptionState | null;
  /** `compact` (default) for the notification panel, `full` for a settings page: it also says when the browser cannot. */
  variant?: 'compact' | 'full';
}

/** What the line beside the button says. */
export function pushStatusText(status: PushStatus): string {
  switch (status) {
    case 'on':
      return 'Notifications on this device are on.';
    case 'off':
      return 'Get notified on this device even when the app is closed.';
    case 'denied':
      return 'Notifications are blocked for this site. To allow them, open the site settings (the icon left of the address), set Notifications to Allow, then reload the page.';
    case 'unsupported':
      return 'This browser cannot show notifications while the app is closed.';
    case 'turning-on':
      return 'Turning on notifications…';
    case 'turning-off':
      return 'Turning off notifications…';
    default:
      return 'Checking…';
  }
}

/**
 * Turns Web Push on or off for this browser: a button that asks for permission only when
 * pressed, and a status line read out when it changes. Shows nothing while push is off on the
 * server or nobody is signed in.
 */
export function PushOptIn({ push: given, variant = 'compact' }: PushOptInProps) {
  const fromContext = usePush();
  const push = given === undefined ? fromContext : given;
  const statusId = useId();
  if (!push || push.status === 'unavailable') return null;
  const { status, error } = push;
  if (status === 'unsupported' && variant === 'compact') return null;
  const busy = status === 'checking' || status === 'turning-on' || status === 'turning-off';
  const turnsOff = status === 'on' || status === 'turning-off';
  const canToggle = status === 'on' || status === 'off' || busy;
  return (
    <div className="nc-push" data-variant={variant} data-status={status} data-testid="push-opt-in">
      <p className="nc-push-text" id={statusId} role="status">
        {pushStatusText(status)}
        {error && <span className="nc-push-error"> {error}</span>}
      </p>
      {canToggle && (
        <button
          type="button"
          className="nc-push-button"
          aria-describedby={statusId}
          aria-busy={busy}
          disabled={busy}
          onClick={() => void (turnsOff ? push.unsubscribe() : push.subscribe())}
        >
          {turnsOff ? 'Turn off' : 'Turn on notifications'}
        </button>
      )}
    </div>
  );
}
