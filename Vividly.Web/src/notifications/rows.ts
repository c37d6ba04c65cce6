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
  unread: boolean;
  /** Ids of the row's unread notifications: marking the row read marks them all. */
  unreadIds: string[];
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

function singleRow(n: Notification): NotificationRow {
  return {
    key: `n:${n.id}`,
    notification: n,
    status: null,
    progress: null,
    stage: null,
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
  const base = { key: `req:${requestId}`, unread: unreadIds.length > 0, unreadIds, seq: newest.seq };

  if (final) {
    const completed = final.type === NotificationTypes.GenerationCompleted;
    return {
      ...base,
      notification: final,
      status: completed ? 'completed' : 'failed',
      progress: completed ? 100 : null,
      stage: null,
    };
  }

  // Running: the furthest progress seen (events may arrive out of order through a resume).
  let progress = 0;
  let stage: string | null = null;
  let stageSeq = -1;
  for (const n of sorted) {
    const p = clampPercent(n.payload?.progress_percentage);
    if (p !== null && p > progress) progress = p;
    const s = n.payload?.stage;
    if (typeof s === 'string' && s && n.seq > stageSeq) {
      stage = s;
      stageSeq = n.seq;
    }
  }
  return { ...base, notification: newest, status: 'running', progress, stage };
}

/** Toasts go to finished requests only, never to progress ticks. */
export function wantsToast(n: Notification): boolean {
  return n.type === NotificationTypes.GenerationCompleted || n.type === NotificationTypes.GenerationFailed;
}

/** Where "Watch now" goes for a completed request, or null without a content id. */
export function watchHref(n: Notification): string | null {
  const id = n.payload?.content_id;
  return typeof id === 'string' && id.length > 0 ? `/video/${encodeURIComponent(id)}` : null;
}

const stageLabels: Record<string, string> = {
  nlu: 'Understanding the question',
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
