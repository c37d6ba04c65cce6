import { wantsToast } from '../notifications/rows';
import { NotificationTypes, type Notification } from '../notifications/types';

/** What a toast is about: finished videos (merged), a failure, a question, an urgent or high notice. */
export type ToastKind = 'ready' | 'failed' | 'question' | 'notice';

export interface ToastEntry {
  key: string;
  kind: ToastKind;
  /** Oldest first; more than one only for merged `ready` toasts. */
  items: Notification[];
  priority: string;
  /** When it was last added to (epoch ms): its timer starts again. */
  at: number;
}

/** Toasts shown at once; the rest are counted in "+N more". */
export const maxVisibleToasts = 3;
/** Toasts held (shown or counted) at most. */
export const maxHeldToasts = 20;
/** How long a toast that needs nothing from the user stays. */
export const toastMs = 8_000;

const priorityRank: Record<string, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
const rank = (priority: string) => priorityRank[priority] ?? 1;

/**
 * Which toast a notification gets, if any: never progress ticks or routine news. Beyond the kinds
 * here, whatever the list's toast policy (`wantsToast`) asks for is a notice.
 */
export function toastKind(n: Notification): ToastKind | null {
  switch (n.type) {
    case NotificationTypes.GenerationCompleted:
      return 'ready';
    case NotificationTypes.GenerationFailed:
      return 'failed';
    case NotificationTypes.ClarificationNeeded:
      return 'question';
    case NotificationTypes.GenerationProgress:
      return null;
    default:
      return wantsToast(n) || rank(n.priority) >= rank('high') ? 'notice' : null;
  }
}

/** Adds arrivals (oldest first): finished videos join the ready toast there is, others get their own. */
export function addArrivals(toasts: readonly ToastEntry[], arrivals: readonly Notification[], now: number): ToastEntry[] {
  const next = [...toasts];
  for (const n of arrivals) {
    const kind = toastKind(n);
    if (kind === null) continue;
    const key = `${n.id}:${n.seq}`;
    if (next.some((t) => t.items.some((i) => `${i.id}:${i.seq}` === key))) continue;
    const merge = kind === 'ready' ? next.findIndex((t) => t.kind === 'ready') : -1;
    if (merge >= 0) {
      const [t] = next.splice(merge, 1);
      next.push({ ...t!, items: [...t!.items, n], priority: rank(n.priority) > rank(t!.priority) ? n.priority : t!.priority, at: now });
    } else {
      next.push({ key, kind, items: [n], priority: n.priority, at: now });
    }
  }
  return next.slice(-maxHeldToasts);
}

/** The toasts to show (the most pressing, newest last) and how many more wait behind them. */
export function visibleToasts(toasts: readonly ToastEntry[]): { shown: ToastEntry[]; more: number } {
  const pressing = [...toasts].sort((a, b) => rank(b.priority) - rank(a.priority) || b.at - a.at).slice(0, maxVisibleToasts);
  const shown = toasts.filter((t) => pressing.includes(t));
  return { shown, more: toasts.length - shown.length };
}

/** "A, B and 2 more": a few names, then a count. */
export function listText(names: readonly string[], max = 2): string {
  const [head, rest] = [names.slice(0, max), names.length - max];
  if (rest > 0) return `${head.join(', ')} and ${rest} more`;
  if (head.length <= 1) return head.join('');
  return `${head.slice(0, -1).join(', ')} and ${head[head.length - 1]}`;
}

export function toastTitle(t: ToastEntry): string {
  if (t.kind === 'ready' && t.items.length > 1) return `${t.items.length} videos ready`;
  return t.items[0]!.title;
}

/** The toast's one line of text: a failure's reason once (not again as its message), the merged topics. */
export function toastText(t: ToastEntry): string | null {
  const first = t.items[0]!;
  if (t.kind === 'ready' && t.items.length > 1) return listText(t.items.map((n) => n.message || n.title));
  if (t.kind === 'failed') {
    const reason = first.payload?.error_message;
    return (typeof reason === 'string' && reason.trim()) || first.message || null;
  }
  return first.message || null;
}

/** Milliseconds until it goes by itself, or null: failures, questions and urgent notices wait for the user. */
export function autoDismissMs(t: ToastEntry): number | null {
  if (t.kind === 'failed' || t.kind === 'question' || t.priority === 'urgent') return null;
  return toastMs;
}
