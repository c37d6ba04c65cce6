import { useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import {
  fromLocalInputValue,
  inAnHour,
  maxSnoozeMs,
  minSnoozeMs,
  snoozeProblem,
  toLocalInputValue,
  tomorrowAtNine,
} from '../notifications/snoozeTimes';

interface SnoozeMenuProps {
  /** What is snoozed, for the button's accessible name. */
  title: string;
  disabled: boolean;
  tabIndex: number;
  onSnooze: (until: Date) => void;
  now?: () => Date;
}

/**
 * "Snooze" opens a small disclosure under the row: in an hour, tomorrow at 9:00 (local), or a
 * time picked with a datetime-local input (checked against the server's 1 minute to 30 days).
 * Escape closes it and gives focus back to the button.
 */
export function SnoozeMenu({ title, disabled, tabIndex, onSnooze, now = () => new Date() }: SnoozeMenuProps) {
  const [open, setOpen] = useState(false);
  const [picking, setPicking] = useState(false);
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popId = useId();
  const inputId = useId();
  const problemId = useId();

  const close = () => {
    setOpen(false);
    setPicking(false);
    setProblem(null);
    buttonRef.current?.focus();
  };
  const choose = (until: Date) => {
    setOpen(false);
    setPicking(false);
    onSnooze(until);
  };
  const onKeyDown = (event: ReactKeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // The menu, not the panel, closes.
    event.preventDefault();
    event.stopPropagation();
    close();
  };
  const submitPicked = () => {
    const until = fromLocalInputValue(value);
    const why = snoozeProblem(until, now());
    setProblem(why);
    if (!why && until) choose(until);
  };

  const start = now();
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="nc-row-action"
        aria-expanded={open}
        aria-controls={popId}
        aria-label={`Snooze: ${title}`}
        disabled={disabled}
        tabIndex={tabIndex}
        onClick={() => setOpen((o) => !o)}
      >
        Snooze
      </button>
      <div id={popId} className="nc-snooze" hidden={!open} onKeyDown={onKeyDown} role="group" aria-label="When to snooze">
        {open && (
          <>
            <button type="button" className="nc-snooze-choice" autoFocus onClick={() => choose(inAnHour(now()))}>
              In 1 hour
            </button>
            <button type="button" className="nc-snooze-choice" onClick={() => choose(tomorrowAtNine(now()))}>
              Tomorrow, 9:00
            </button>
            {!picking ? (
              <button
                type="button"
                className="nc-snooze-choice"
                onClick={() => {
                  setValue(toLocalInputValue(tomorrowAtNine(now())));
                  setPicking(true);
                }}
              >
                Pick a time…
              </button>
            ) : (
              <form
                className="nc-snooze-pick"
                noValidate
                onSubmit={(event) => {
                  event.preventDefault();
                  submitPicked();
                }}
              >
                <label htmlFor={inputId}>Snooze until</label>
                <input
                  id={inputId}
                  type="datetime-local"
                  autoFocus
                  value={value}
                  min={toLocalInputValue(new Date(start.getTime() + minSnoozeMs))}
                  max={toLocalInputValue(new Date(start.getTime() + maxSnoozeMs))}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? problemId : undefined}
                  onChange={(event) => setValue(event.target.value)}
                />
                <button type="submit" className="nc-snooze-choice">
                  Snooze
                </button>
                {problem && (
                  <p id={problemId} className="nc-field-error" role="alert">
                    {problem}
                  </p>
                )}
              </form>
            )}
          </>
        )}
      </div>
    </>
  );
}
