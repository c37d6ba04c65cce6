import type { InboxPage } from './types';

export type TokenSource = () => string | null | undefined | Promise<string | null | undefined>;

/** An HTTP answer that was not 2xx. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    message?: string,
  ) {
    super(message ?? `HTTP ${status} from ${url}`);
    this.name = 'HttpStatusError';
  }
}

export interface ListParams {
  limit?: number;
  before_seq?: number;
  after_seq?: number;
  unread_only?: boolean;
}

/** The REST inbox: `/api/v1/notifications`. */
export interface InboxApi {
  list(params?: ListParams): Promise<InboxPage>;
  markRead(id: string): Promise<number>;
  markAllRead(): Promise<number>;
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
  if (!response.ok) throw new HttpStatusError(response.status, url);
  return response;
}

/** Mark read, mark all read: `200 { unread_count }`. */
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
    async markRead(id) {
      return unreadCountOf(await call(`/${encodeURIComponent(id)}/read`, { method: 'POST' }));
    },
    async markAllRead() {
      return unreadCountOf(await call('/read-all', { method: 'POST' }));
    },
    async clear() {
      await call('', { method: 'DELETE' });
    },
  };
}
