import { NotificationTypes, type Notification } from './types';

/**
 * What the list shows: one row per content request (its started, progress and final
 * notifications collapsed together, the progress bar updating in place) and one row for
 * every other notification.
 */
export interface NotificationRow {
  key: string;
  /** The notification the row shows: the final one of a request if there is one, else the newest. */
  notification: Notification;
  status: 'running' | 'completed' | 'failed' | null;
  /** 0 to 100 while running, null when the row has no progress. */
  progress: number | null;
  stage: string | null;
  /** While running: what the latest progress notification said (its title), if anything. */
  stageText: string | null;
  /** When the row last changed: the newest notification's created_at. */
  updatedAt: string;
  unread: boolean;
  /** Ids of the row's unread notifications: marking the row read marks them all. */
  unreadIds: string[];
  /** Ids of all the row's notifications: archiving or snoozing the row moves them all. */
  ids: string[];
  /** The content request the row is about (`payload.content_request_id`), if any. */
  contentRequestId: string | null;
  /** The newest seq in the row; rows are ordered by it. */
  seq: number;
}

const generationTypes = new Set<string>([
  NotificationTypes.GenerationStarted,
  NotificationTypes.GenerationProgress,
  NotificationTypes.GenerationCompleted,
  NotificationTypes.GenerationFailed,
]);

export function requestIdOf(n: Notification): string | null {
  if (!generationTypes.has(n.type)) return null;
  const id = n.payload?.content_request_id;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

function clampPercent(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return Math.min(100, Math.max(0, value));
}

/** Collapses notifications (any order) into rows, newest first. */
export function collapseRows(items: readonly Notification[]): NotificationRow[] {
  const groups = new Map<string, Notification[]>();
  const rows: NotificationRow[] = [];
  for (const n of items) {
    const requestId = requestIdOf(n);
    if (requestId === null) {
      rows.push(singleRow(n));
      continue;
    }
    const group = groups.get(requestId);
    if (group) group.push(n);
    else groups.set(requestId, [n]);
  }
  for (const [requestId, group] of groups) rows.push(requestRow(requestId, group));
  return rows.sort((a, b) => b.seq - a.seq);
}

function contentRequestOf(n: Notification): string | null {
  const id = n.payload?.content_request_id;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

function singleRow(n: Notification): NotificationRow {
  return {
    ids: [n.id],
    contentRequestId: contentRequestOf(n),
    key: `n:${n.id}`,
    notification: n,
    status: null,
    progress: null,
    stage: null,
    stageText: null,
    updatedAt: n.created_at,
    unread: !n.read_at,
    unreadIds: n.read_at ? [] : [n.id],
    seq: n.seq,
  };
}

function requestRow(requestId: string, group: Notification[]): NotificationRow {
  const sorted = [...group].sort((a, b) => b.seq - a.seq);
  const newest = sorted[0]!;
  const final = sorted.find(
    (n) => n.type === NotificationTypes.GenerationCompleted || n.type === NotificationTypes.GenerationFailed,
  );
  const unreadIds = sorted.filter((n) => !n.read_at).map((n) => n.id);
  const base = {
    key: `req:${requestId}`,
    ids: sorted.map((n) => n.id),
    contentRequestId: requestId,
    unread: unreadIds.length > 0,
    unreadIds,
    seq: newest.seq,
    updatedAt: newest.created_at,
  };

  if (final) {
    const completed = final.type === NotificationTypes.GenerationCompleted;
    return {
      ...base,
      notification: final,
      status: completed ? 'completed' : 'failed',
      progress: completed ? 100 : null,
      stage: null,
      stageText: null,
    };
  }

  // Running: the furthest progress seen (events may arrive out of order through a resume).
  let progress = 0;
  let latestProgress: Notification | null = null;
  for (const n of sorted) {
    const p = clampPercent(n.payload?.progress_percentage);
    if (p !== null && p > progress) progress = p;
    if (n.type === NotificationTypes.GenerationProgress && (!latestProgress || n.seq > latestProgress.seq)) {
      latestProgress = n;
    }
  }
  const stageValue = latestProgress?.payload?.stage;
  const stage = typeof stageValue === 'string' && stageValue ? stageValue : null;
  // The row keeps the request's own words ("We're making your video…"); the stage line moves on.
  const started = sorted.find((n) => n.type === NotificationTypes.GenerationStarted);
  return {
    ...base,
    notification: started ?? newest,
    status: 'running',
    progress,
    stage,
    stageText: latestProgress?.title || null,
  };
}

/** Toasts go to finished requests and to what comes back from snooze, never to progress ticks. */
export function wantsToast(n: Notification): boolean {
  return (
    n.back_from_snooze === true ||
    n.type === NotificationTypes.GenerationCompleted ||
    n.type === NotificationTypes.GenerationFailed
  );
}

/**
 * Where "Answer" goes for `clarification_needed`: the payload's `answer_url` when it is a path
 * on this site, else the request's page from `content_request_id`; null without either.
 */
export function answerHref(n: Notification): string | null {
  if (n.type !== NotificationTypes.ClarificationNeeded) return null;
  const url = n.payload?.answer_url;
  if (typeof url === 'string' && /^\/(?![/\\])/.test(url)) return url;
  const id = contentRequestOf(n);
  return id ? `/requests/${encodeURIComponent(id)}` : null;
}

/** The question a `clarification_needed` asks, when the payload spells it out beyond the message. */
export function clarificationQuestion(n: Notification): string | null {
  const q = n.payload?.question;
  return n.type === NotificationTypes.ClarificationNeeded && typeof q === 'string' && q && q !== n.message ? q : null;
}

/** Where "Watch now" goes for a completed request, or null without a content id. */
export function watchHref(n: Notification): string | null {
  const id = n.payload?.content_id;
  return typeof id === 'string' && id.length > 0 ? `/video/${encodeURIComponent(id)}` : null;
}

const stageLabels: Record<string, string> = {
  nlu: 'Understanding your question',
  rag: 'Gathering sources',
  script: 'Writing the script',
  tts: 'Recording the narration',
  video: 'Rendering the video',
};

/** A generation stage as a person reads it ("tts" → "Recording the narration"). */
export function stageLabel(stage: string | null): string {
  if (!stage) return 'Starting';
  const known = stageLabels[stage.toLowerCase()];
  if (known) return known;
  const words = stage.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The count the bell shows: the server's unread count, with each request's started, progress
 * and final notifications counted once, as the list shows them in one row.
 */
export function visibleUnreadCount(unreadCount: number, rows: readonly NotificationRow[]): number {
  let collapsed = 0;
  for (const row of rows) if (row.unreadIds.length > 1) collapsed += row.unreadIds.length - 1;
  return Math.max(0, unreadCount - collapsed);
}
