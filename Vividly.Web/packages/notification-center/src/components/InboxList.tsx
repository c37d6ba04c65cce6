import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import { groupByDay } from '../notifications/dayGroups';
import type { NotificationRow } from '../notifications/rows';
import type { InboxView } from '../notifications/types';
import { NotificationItem, activateRow, type RowHandlers } from './NotificationItem';

interface InboxListProps extends RowHandlers {
  rows: readonly NotificationRow[];
  view: InboxView;
  now: number;
  disabled: boolean;
  returned: ReadonlyMap<string, number>;
  hasOlder: boolean;
  loading: boolean;
  onLoadOlder: () => void;
  /** Where focus goes when the last row goes away. */
  onEmptied: () => void;
  /** Shown instead of rows when there are none. */
  empty: ReactNode;
}

const rowKeys = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End']);

/**
 * The rows of a view under day headings, one roving tab stop: Tab reaches the active row and
 * its actions; Arrow Up/Down, Home and End move between rows (from a row or one of its
 * actions); Enter or Space on a row opens it. When a row goes away (archived, snoozed, read in
 * the Unread view) focus moves to the row now in its place, never to the page. Older pages load
 * when the end of the list scrolls into view, or with "Show older".
 */
export function InboxList(props: InboxListProps) {
  const { rows, view, now, disabled, returned, hasOlder, loading, onLoadOlder, onEmptied, empty } = props;
  const groups = useMemo(() => groupByDay(rows, new Date(now), returned), [rows, now, returned]);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const activeIndex = useRef(0);
  const hadFocus = useRef(false);
  const containerRef = useRef<HTMLDivElement>(null);
  const sentinelRef = useRef<HTMLDivElement>(null);

  const index = rows.findIndex((r) => r.key === activeKey);
  const effectiveKey = index >= 0 ? activeKey : (rows[Math.min(activeIndex.current, rows.length - 1)]?.key ?? null);
  if (index >= 0) activeIndex.current = index;

  const rowElements = () => [...(containerRef.current?.querySelectorAll<HTMLElement>('[data-row-key]') ?? [])];
  const focusRow = (i: number) => {
    const target = rows[Math.max(0, Math.min(i, rows.length - 1))];
    if (!target) return;
    setActiveKey(target.key);
    rowElements().find((el) => el.dataset.rowKey === target.key)?.focus();
  };

  // The row that had focus is gone: put focus on the one now in its place.
  useLayoutEffect(() => {
    if (!hadFocus.current || index >= 0 || activeKey === null) return;
    const active = document.activeElement;
    if (active && active !== document.body && containerRef.current?.contains(active)) return;
    if (rows.length === 0) {
      hadFocus.current = false;
      onEmptied();
      return;
    }
    focusRow(activeIndex.current);
    // Only a change of rows can take the focused row away.
  }, [rows]);

  // Endless scrolling where IntersectionObserver exists; "Show older" stays as the fallback.
  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!sentinel || !hasOlder || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loading) onLoadOlder();
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasOlder, loading, onLoadOlder]);

  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const rowEl = target.closest<HTMLElement>('[data-row-key]');
    if (!rowEl || target.closest('input, select, textarea, .nc-snooze')) return;
    const i = rows.findIndex((r) => r.key === rowEl.dataset.rowKey);
    if (i < 0) return;
    if (rowKeys.has(event.key)) {
      event.preventDefault();
      if (event.key === 'ArrowDown') focusRow(i + 1);
      else if (event.key === 'ArrowUp') focusRow(i - 1);
      else if (event.key === 'Home') focusRow(0);
      else focusRow(rows.length - 1);
    } else if ((event.key === 'Enter' || event.key === ' ') && target === rowEl) {
      event.preventDefault();
      activateRow(rowEl, rows[i]!, props.onOpen);
    }
  };

  return (
    <div
      ref={containerRef}
      className="nc-scroll"
      onKeyDown={onKeyDown}
      onFocus={() => (hadFocus.current = true)}
      onBlur={(event) => {
        // Focus left for somewhere else (not a removed row, which has no next target).
        if (event.relatedTarget && !event.currentTarget.contains(event.relatedTarget as Node)) hadFocus.current = false;
      }}
    >
      {rows.length === 0 && empty}
      {groups.map((group) => {
        const headingId = `nc-day-${group.key}`;
        return (
          <section key={group.key} className="nc-group" aria-labelledby={headingId}>
            <h3 className="nc-day" id={headingId}>
              {group.label}
            </h3>
            <ul className="nc-list" aria-labelledby={headingId}>
              {group.rows.map((row) => (
                <NotificationItem
                  key={row.key}
                  {...props}
                  row={row}
                  view={view}
                  now={now}
                  disabled={disabled}
                  active={row.key === effectiveKey}
                  backFromSnooze={returned.has(row.notification.id)}
                  onFocusRow={setActiveKey}
                />
              ))}
            </ul>
          </section>
        );
      })}
      {hasOlder && rows.length > 0 && (
        <div ref={sentinelRef} className="nc-foot">
          <button type="button" className="nc-link" onClick={onLoadOlder} disabled={loading}>
            {loading ? 'Loading…' : 'Show older'}
          </button>
        </div>
      )}
    </div>
  );
}
