/** The wire contract's shapes (snake_case JSON, RFC 3339 UTC times, string ids). */

import type { components } from './wire.generated';

export const NotificationTypes = {
  GenerationStarted: 'content_generation.started',
  GenerationProgress: 'content_generation.progress',
  GenerationCompleted: 'content_generation.completed',
  GenerationFailed: 'content_generation.failed',
  ClarificationNeeded: 'clarification_needed',
  SystemAnnouncement: 'system.announcement',
} as const;

export type NotificationType = (typeof NotificationTypes)[keyof typeof NotificationTypes];

export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface NotificationPayload {
  content_request_id?: string | null;
  content_id?: string | null;
  video_url?: string | null;
  thumbnail_url?: string | null;
  duration_seconds?: number | null;
  progress_percentage?: number | null;
  error_message?: string | null;
  stage?: string | null;
  [key: string]: unknown;
}

/**
 * The wire's messages, as generated from the hub's OpenAPI document (scripts/wire-types.sh; CI
 * fails when wire.generated.ts and the hub disagree). Only the payload is refined here: the
 * contract types it as any JSON object, and the app reads the keys docs/contract.md names.
 */
type Wire = components['schemas'];

/**
 * `type` is one of {@link NotificationTypes}, kept as string so an unknown type from a newer hub
 * still renders. Beside `read_at`, `archived_at`, `snoozed_until` and `seen_at` (RFC 3339 or null).
 */
export type Notification = Omit<Wire['Notification'], 'payload'> & {
  payload: NotificationPayload | null;
  /** Set here, never by the server: given back by the snooze job (its toast says so). */
  back_from_snooze?: boolean;
};

/** One entry of `InboxChanged.updated`: the new state of a notification the change touched. */
export type NotificationUpdate = Wire['NotificationState'];

/** `ConnectionEstablished(info)`: sent first on every connection. */
export type ConnectionInfo = Wire['ConnectionInfo'];

/** `InboxChanged(change)`: inbox state changed on another connection, over REST or by a job. */
export type InboxChange = Wire['InboxChange'];

/** `Wire['components']` re-exported for the preferences' shapes. */
export type WireSchemas = Wire;

/** The lists `GET /api/v1/notifications?view=` answers. */
export type InboxView = 'inbox' | 'unread' | 'archived' | 'snoozed';
export const inboxViews: readonly InboxView[] = ['unread', 'inbox', 'archived', 'snoozed'];

/** `ResumeRequested(info)`. */
export type ResumeRequest = Wire['ResumeRequest'];

/**
 * `ResumeFrom(after_seq)`, where the hub has it: the notifications after `after_seq` (oldest
 * first), whether more follow, the user's newest seq, and up to which seq history was cleared
 * or expired (those seqs will never come).
 */
export type ResumePage = Omit<Wire['ResumePage'], 'notifications'> & { notifications: Notification[] };

/** `GET /api/v1/notifications`: newest first. */
export type InboxPage = Omit<Wire['InboxPage'], 'items'> & { items: Notification[] };

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export const HubPath = '/api/v1/notifications/hub';

export const HubMethods = {
  Resume: 'Resume',
  ResumeFrom: 'ResumeFrom',
  MarkRead: 'MarkRead',
  MarkAllRead: 'MarkAllRead',
  MarkUnread: 'MarkUnread',
  Archive: 'Archive',
  Unarchive: 'Unarchive',
  ArchiveRead: 'ArchiveRead',
  Snooze: 'Snooze',
  Unsnooze: 'Unsnooze',
  MarkSeen: 'MarkSeen',
  MarkRequestRead: 'MarkRequestRead',
  ConnectionEstablished: 'ConnectionEstablished',
  Notification: 'Notification',
  InboxChanged: 'InboxChanged',
  ResumeRequested: 'ResumeRequested',
} as const;
