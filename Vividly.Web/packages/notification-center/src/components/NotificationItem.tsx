import type { MouseEvent as ReactMouseEvent } from 'react';
import { formatRelativeTime } from '../notifications/relativeTime';
import { answerHref, clarificationQuestion, stageLabel, watchHref, type NotificationRow } from '../notifications/rows';
import type { InboxView } from '../notifications/types';
import { isStalled } from '../notifications/stalled';
import { PlayIcon, StalledIcon, iconForType, toneForType } from './icons';
import { SnoozeMenu } from './SnoozeMenu';

/** What a row can do; each takes the row it is called for. */
export interface RowHandlers {
  /** The row itself, "Watch now" or "Answer": read the whole request, close the panel, follow `href`. */
  onOpen: (row: NotificationRow, href: string | null, event?: ReactMouseEvent<HTMLAnchorElement>) => void;
  onToggleRead: (row: NotificationRow) => void;
  onArchive: (row: NotificationRow) => void;
  onUnarchive: (row: NotificationRow) => void;
  onSnooze: (row: NotificationRow, until: Date) => void;
  onUnsnooze: (row: NotificationRow) => void;
}

interface ItemProps extends RowHandlers {
  row: NotificationRow;
  view: InboxView;
  now: number;
  /** The roving tabindex: only the active row (and its actions) is in the Tab order. */
  active: boolean;
  /** Offline: actions wait. */
  disabled: boolean;
  backFromSnooze: boolean;
  onFocusRow: (key: string) => void;
}

const priorityLabels: Record<string, string> = { high: 'High priority', urgent: 'Urgent' };

/**
 * Opening the row (a click on it, Enter or Space): through its link when it has one ("Watch
 * now", "Answer"), so the host routes it like a click on that link; else read and close.
 */
export function activateRow(rowEl: HTMLElement, row: NotificationRow, onOpen: RowHandlers['onOpen']): void {
  const link = rowEl.querySelector<HTMLAnchorElement>('a[data-row-link]');
  if (link) link.click();
  else onOpen(row, null);
}

/** Clicks on the row's own controls are theirs; a click anywhere else opens the row. */
function isControl(target: EventTarget | null, row: HTMLElement): boolean {
  const el = target instanceof Element ? target.closest('a, button, input, select, textarea, label, form') : null;
  return !!el && row.contains(el);
}

export function NotificationItem(props: ItemProps) {
  const { row, view, now, active, disabled, backFromSnooze, onFocusRow } = props;
  const n = row.notification;
  const Icon = iconForType(n.type, row.status);
  const tone = toneForType(n.type, row.status);
  const watch = row.status === 'completed' ? watchHref(n) : null;
  const answer = answerHref(n);
  const question = clarificationQuestion(n);
  // A failure's reason once: not again when the message already says it.
  const error = row.status === 'failed' && n.payload?.error_message !== n.message ? n.payload?.error_message : null;
  const updated = new Date(row.updatedAt);
  const stalled = isStalled(row, now);
  const stageLine = stalled ? `No progress since ${formatRelativeTime(row.updatedAt, new Date(now))}` : (row.stageText ?? stageLabel(row.stage));
  const tab = active ? 0 : -1;
  const priority = priorityLabels[n.priority];
  const titleId = `nc-title-${row.key}`;
  const snoozedUntil = n.snoozed_until ? new Date(n.snoozed_until) : null;

  return (
    <li
      className="nc-item"
      data-row-key={row.key}
      data-key={row.key}
      data-unread={row.unread || undefined}
      data-status={row.status ?? undefined}
      data-stalled={stalled || undefined}
      data-priority={n.priority}
      tabIndex={tab}
      aria-labelledby={titleId}
      onFocus={() => onFocusRow(row.key)}
      onClick={(event) => {
        if (!isControl(event.target, event.currentTarget)) activateRow(event.currentTarget, row, props.onOpen);
      }}
    >
      <span className={`nc-icon tone-${stalled ? 'warning' : tone}`} aria-hidden="true">
        {stalled ? <StalledIcon size={18} /> : <Icon size={18} className={row.status === 'running' ? 'spin' : undefined} />}
      </span>
      <div className="nc-body">
        <div className="nc-title-row">
          <p className="nc-title" id={titleId} dir="auto">
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
        {(priority || backFromSnooze || snoozedUntil) && (
          <p className="nc-tags">
            {priority && (
              <span className={`nc-tag nc-tag-${n.priority}`} data-testid="priority">
                {priority}
              </span>
            )}
            {backFromSnooze && <span className="nc-tag">Back from snooze</span>}
            {snoozedUntil && view === 'snoozed' && (
              <span className="nc-tag">Snoozed until {snoozedUntil.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</span>
            )}
          </p>
        )}
        {n.message && (
          <p className="nc-message" dir="auto">
            {n.message}
          </p>
        )}
        {question && (
          <p className="nc-message" dir="auto">
            {question}
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
        <div className="nc-row-actions">
          {watch && (
            <a className="nc-watch" href={watch} tabIndex={tab} data-row-link="" onClick={(e) => props.onOpen(row, watch, e)}>
              <PlayIcon size={12} /> Watch now
            </a>
          )}
          {answer && !watch && (
            <a className="nc-watch" href={answer} tabIndex={tab} data-row-link="" onClick={(e) => props.onOpen(row, answer, e)}>
              Answer
            </a>
          )}
          <RowAction label={row.unread ? 'Mark read' : 'Mark unread'} title={n.title} tabIndex={tab} disabled={disabled} onClick={() => props.onToggleRead(row)} />
          {view === 'archived' ? (
            <RowAction label="Move to inbox" title={n.title} tabIndex={tab} disabled={disabled} onClick={() => props.onUnarchive(row)} />
          ) : (
            <RowAction label="Archive" title={n.title} tabIndex={tab} disabled={disabled} onClick={() => props.onArchive(row)} />
          )}
          {view === 'snoozed' ? (
            <RowAction label="Unsnooze" title={n.title} tabIndex={tab} disabled={disabled} onClick={() => props.onUnsnooze(row)} />
          ) : (
            view !== 'archived' && (
              <SnoozeMenu title={n.title} disabled={disabled} tabIndex={tab} onSnooze={(until) => props.onSnooze(row, until)} />
            )
          )}
        </div>
      </div>
      {row.unread && <span className="nc-unread-dot" aria-hidden="true" />}
    </li>
  );
}

/** One of a row's actions: its accessible name says which notification it acts on. */
function RowAction({ label, title, tabIndex, disabled, onClick }: {
  label: string;
  title: string;
  tabIndex: number;
  disabled: boolean;
  onClick: () => void;
}) {
  return (
    <button type="button" className="nc-row-action" tabIndex={tabIndex} disabled={disabled} aria-label={`${label}: ${title}`} onClick={onClick}>
      {label}
    </button>
  );
}
