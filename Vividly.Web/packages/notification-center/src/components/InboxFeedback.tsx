import type { ActionFailure, UndoOffer } from '../notifications/store';

interface InboxFeedbackProps {
  failure: ActionFailure | null;
  undo: UndoOffer | null;
  online: boolean;
  onDismiss: () => void;
  /** The bar goes away with its buttons: focus goes here first, never to the page. */
  keepFocus: () => void;
}

/**
 * Inside the panel, under its header: an action the server refused (already rolled back) with
 * Retry, the undo of the last archive or snooze, and a note while the browser is offline.
 */
export function InboxFeedback({ failure, undo, online, onDismiss, keepFocus }: InboxFeedbackProps) {
  const then = (run: () => unknown) => () => {
    keepFocus();
    void run();
  };
  return (
    <>
      {!online && (
        <p className="nc-note" data-testid="offline-note">
          You're offline. Changes wait until you're back.
        </p>
      )}
      <div role="alert" className="nc-feedback-slot">
        {failure && (
          <div className="nc-feedback nc-feedback-error" data-testid="action-error">
            <span>{failure.message}</span>
            <button type="button" className="nc-link" onClick={then(failure.retry)} disabled={!online}>
              Retry
            </button>
            <button type="button" className="nc-link" onClick={then(onDismiss)}>
              Dismiss
            </button>
          </div>
        )}
      </div>
      <div role="status" className="nc-feedback-slot">
        {undo && !failure && (
          <div className="nc-feedback" data-testid="undo">
            <span>{undo.message}</span>
            <button type="button" className="nc-link" onClick={then(undo.undo)} disabled={!online}>
              Undo
            </button>
            <button type="button" className="nc-link" onClick={then(onDismiss)} aria-label="Dismiss">
              ×
            </button>
          </div>
        )}
      </div>
    </>
  );
}
