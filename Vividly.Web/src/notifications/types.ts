/** The wire contract's shapes (snake_case JSON, RFC 3339 UTC times, string ids). */

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

export interface Notification {
  id: string;
  seq: number;
  user_id: string;
  /** One of {@link NotificationTypes}; kept as string so an unknown type from a newer hub still renders. */
  type: string;
  title: string;
  message: string;
  priority: Priority | string;
  payload: NotificationPayload | null;
  created_at: string;
  read_at: string | null;
}

/** `ConnectionEstablished(info)`: sent first on every connection. */
export interface ConnectionInfo {
  connection_id: string;
  user_id: string;
  instance_id: string;
  last_seq: number;
  unread_count: number;
  server_time: string;
}

/** `InboxChanged(change)`: read state changed on another connection or over REST. */
export interface InboxChange {
  read_ids: string[] | null;
  all_read: boolean;
  cleared: boolean;
  unread_count: number;
}

/** `ResumeRequested(info)`. */
export interface ResumeRequest {
  reason: string;
}

/**
 * `ResumeFrom(after_seq)`, where the hub has it: the notifications after `after_seq` (oldest
 * first), whether more follow, the user's newest seq, and up to which seq history was cleared
 * or expired (those seqs will never come).
 */
export interface ResumePage {
  notifications: Notification[] | null;
  has_more: boolean;
  last_seq: number;
  removed_through_seq: number;
}

/** `GET /api/v1/notifications`: newest first. */
export interface InboxPage {
  items: Notification[];
  unread_count: number;
  next_before_seq: number | null;
}

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export const HubPath = '/api/v1/notifications/hub';

export const HubMethods = {
  Resume: 'Resume',
  ResumeFrom: 'ResumeFrom',
  MarkRead: 'MarkRead',
  MarkAllRead: 'MarkAllRead',
  ConnectionEstablished: 'ConnectionEstablished',
  Notification: 'Notification',
  InboxChanged: 'InboxChanged',
  ResumeRequested: 'ResumeRequested',
} as const;
