import { NotificationTypes, type Notification } from '../notifications/types';
import type { ConnectionNotice } from './connectionNotice';

const maxNamed = 3;
const maxChars = 160;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxChars ? `${flat.slice(0, maxChars - 1)}…` : flat;
}

/** One notification as a sentence: its kind where the title may not say it, then title and message. */
export function describe(n: Notification): string {
  const prefix =
    n.priority === 'urgent'
      ? 'Urgent: '
      : n.type === NotificationTypes.ClarificationNeeded
        ? 'Question for you: '
        : n.type === NotificationTypes.GenerationFailed
          ? 'Failed: '
          : '';
  const title = clip(n.title);
  const message = n.message ? ` ${clip(n.message)}` : '';
  return `${prefix}${title}${/[.!?…:]$/.test(title) ? '' : '.'}${message}`;
}

/**
 * What the live region says for notifications that have just arrived, or null. Progress ticks
 * update a row in place and are not announced; everything else is, once.
 */
export function arrivalAnnouncement(arrivals: readonly Notification[]): string | null {
  const told = arrivals.filter((n) => n.type !== NotificationTypes.GenerationProgress);
  if (told.length === 0) return null;
  const named = told.slice(0, maxNamed).map(describe).join(' ');
  if (told.length === 1) return `New notification: ${named}`;
  const more = told.length - maxNamed;
  return `${told.length} new notifications. ${named}${more > 0 ? ` And ${more} more.` : ''}`;
}

/** What the live region says when the connection notice changes, or null (each change once). */
export function connectionAnnouncement(
  before: ConnectionNotice['kind'] | null,
  after: ConnectionNotice['kind'] | null,
  connected: boolean,
): string | null {
  if (before === after) return null;
  if (after === 'reconnecting') return 'Notifications: connection lost. Trying to reconnect.';
  if (after === 'limited') return 'Notifications: too many open tabs or devices. Live updates are paused.';
  return connected ? 'Notifications: connected again. Updates are live.' : null;
}
