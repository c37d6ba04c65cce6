import type { InboxPage, InboxView } from './types';

export type TokenSource = () => string | null | undefined | Promise<string | null | undefined>;

/** A problem-details body (RFC 9457); `errors` names the fields a 400 refused. */
export interface ProblemDetails {
  title?: string | null;
  detail?: string | null;
  status?: number | null;
  errors?: Record<string, string[]> | null;
}

/** An HTTP answer that was not 2xx, with its problem-details body when it had one. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    message?: string,
    readonly problem: ProblemDetails | null = null,
  ) {
    super(message ?? problem?.detail ?? firstFieldError(problem) ?? problem?.title ?? `HTTP ${status} from ${url}`);
    this.name = 'HttpStatusError';
  }
}

function firstFieldError(problem: ProblemDetails | null): string | undefined {
  const errors = problem?.errors;
  if (!errors || typeof errors !== 'object') return undefined;
  for (const messages of Object.values(errors)) if (Array.isArray(messages) && messages[0]) return String(messages[0]);
  return undefined;
}

async function problemOf(response: Response): Promise<ProblemDetails | null> {
  try {
    const body = (await response.json()) as unknown;
    return body && typeof body === 'object' ? (body as ProblemDetails) : null;
  } catch {
    return null;
  }
}

export interface ListParams {
  limit?: number;
  before_seq?: number;
  after_seq?: number;
  view?: InboxView;
}

/** The REST inbox: `/api/v1/notifications`. Every state change answers the new unread count. */
export interface InboxApi {
  list(params?: ListParams): Promise<InboxPage>;
  markRead(id: string): Promise<number>;
  markAllRead(): Promise<number>;
  markUnread(id: string): Promise<number>;
  archive(id: string): Promise<number>;
  unarchive(id: string): Promise<number>;
  archiveRead(): Promise<number>;
  /** `until` must be 1 minute to 30 days ahead (400 naming `until` otherwise). */
  snooze(id: string, until: string): Promise<number>;
  unsnooze(id: string): Promise<number>;
  /** 1 to 100 ids. */
  markSeen(ids: readonly string[]): Promise<number>;
  /** Every notification of a content request read (and archived when asked). */
  markRequestRead(contentRequestId: string, archive?: boolean): Promise<number>;
  /** Deletes the whole inbox; the app does not offer it. */
  clear(): Promise<void>;
}

export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

export async function authorizedFetch(
  url: string,
  getToken: TokenSource,
  init: RequestInit = {},
  fetchImpl: typeof fetch = fetch,
): Promise<Response> {
  const token = await getToken();
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  const response = await fetchImpl(url, { ...init, headers });
  if (!response.ok) throw new HttpStatusError(response.status, url, undefined, await problemOf(response));
  return response;
}

/** Every state change: `200 { unread_count }`. */
async function unreadCountOf(response: Response): Promise<number> {
  const body = (await response.json()) as { unread_count: number };
  return body.unread_count;
}

export function createInboxApi(
  baseUrl: string,
  getToken: TokenSource,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): InboxApi {
  const root = joinUrl(baseUrl, '/api/v1/notifications');
  const call = (path: string, init?: RequestInit) => authorizedFetch(root + path, getToken, init, fetchImpl);
  const count = async (path: string, method: 'POST' | 'DELETE', body?: unknown) =>
    unreadCountOf(
      await call(path, {
        method,
        ...(body !== undefined && { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      }),
    );
  const one = (id: string, action: string) => `/${encodeURIComponent(id)}/${action}`;
  return {
    async list(params = {}) {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(params)) {
        if (value !== undefined && value !== null) query.set(key, String(value));
      }
      const qs = query.toString();
      const response = await call(qs ? `?${qs}` : '');
      const page = (await response.json()) as Partial<InboxPage>;
      return {
        items: Array.isArray(page.items) ? page.items : [],
        unread_count: typeof page.unread_count === 'number' ? page.unread_count : 0,
        next_before_seq: typeof page.next_before_seq === 'number' ? page.next_before_seq : null,
      };
    },
    markRead: (id) => count(one(id, 'read'), 'POST'),
    markAllRead: () => count('/read-all', 'POST'),
    markUnread: (id) => count(one(id, 'unread'), 'POST'),
    archive: (id) => count(one(id, 'archive'), 'POST'),
    unarchive: (id) => count(one(id, 'archive'), 'DELETE'),
    archiveRead: () => count('/archive-read', 'POST'),
    snooze: (id, until) => count(one(id, 'snooze'), 'POST', { until }),
    unsnooze: (id) => count(one(id, 'snooze'), 'DELETE'),
    markSeen: (ids) => count('/seen', 'POST', { ids }),
    markRequestRead: (contentRequestId, archive = false) =>
      count(`/requests/${encodeURIComponent(contentRequestId)}/read`, 'POST', archive ? { archive: true } : undefined),
    async clear() {
      await call('', { method: 'DELETE' });
    },
  };
}
