/**
 * Where the app's token comes from: whoever hosts the app. Any environment may hand it over
 * as `#access_token=<jwt>` in the URL fragment (read once, then removed from the address bar);
 * in Development a sign-in form asks the hub's dev endpoint for a demo student's token.
 * The token lives in sessionStorage so a reload keeps working, and no longer than the tab.
 */

export const tokenStorageKey = 'vividly.access_token';

export interface LocationLike {
  hash: string;
  pathname: string;
  search: string;
}

export interface HistoryLike {
  state: unknown;
  replaceState(data: unknown, unused: string, url?: string | null): void;
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Reads `access_token` from the fragment and takes it out of the address bar. */
export function takeFragmentToken(location: LocationLike, history: HistoryLike): string | null {
  const hash = location.hash.replace(/^#/, '');
  if (!hash) return null;
  const params = new URLSearchParams(hash);
  const token = params.get('access_token');
  if (!token) return null;
  params.delete('access_token');
  const rest = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return token;
}

export interface TokenClaims {
  sub: string | null;
  exp: number | null;
  roles: string[];
}

function base64UrlDecode(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const binary = atob(b64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Reads a JWT's claims for display only; the hub checks the signature. */
export function readClaims(token: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const body = JSON.parse(base64UrlDecode(parts[1]!)) as Record<string, unknown>;
    const roles = body.roles;
    return {
      sub: typeof body.sub === 'string' ? body.sub : null,
      exp: typeof body.exp === 'number' ? body.exp : null,
      roles: Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : typeof roles === 'string' ? [roles] : [],
    };
  } catch {
    return null;
  }
}

export function isExpired(token: string, nowMs: number = Date.now()): boolean {
  const exp = readClaims(token)?.exp;
  return typeof exp === 'number' && exp * 1000 <= nowMs;
}

export function loadToken(storage: StorageLike, nowMs: number = Date.now()): string | null {
  const token = storage.getItem(tokenStorageKey);
  if (!token) return null;
  if (isExpired(token, nowMs)) {
    storage.removeItem(tokenStorageKey);
    return null;
  }
  return token;
}

export function saveToken(storage: StorageLike, token: string): void {
  storage.setItem(tokenStorageKey, token);
}

export function clearToken(storage: StorageLike): void {
  storage.removeItem(tokenStorageKey);
}

/** The token the page starts with: the fragment's (kept) or the stored one. */
export function initialToken(location: LocationLike, history: HistoryLike, storage: StorageLike): string | null {
  const fromFragment = takeFragmentToken(location, history);
  if (fromFragment) {
    saveToken(storage, fromFragment);
    return fromFragment;
  }
  return loadToken(storage);
}

/** The dev endpoint answered 404: this hub is not in Development. */
export class DevEndpointMissingError extends Error {
  constructor() {
    super('This hub has no development endpoints.');
    this.name = 'DevEndpointMissingError';
  }
}

export interface DevToken {
  access_token: string;
  user_id: string;
  expires_at: string;
}

/** `GET /api/v1/dev/token?user_id=`: Development only. */
export async function fetchDevToken(userId: string, baseUrl = '', fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<DevToken> {
  const response = await fetchImpl(`${baseUrl}/api/v1/dev/token?user_id=${encodeURIComponent(userId)}`, {
    headers: { Accept: 'application/json' },
  });
  if (response.status === 404) throw new DevEndpointMissingError();
  if (!response.ok) throw new Error(`Sign-in failed (HTTP ${response.status}).`);
  return (await response.json()) as DevToken;
}

/** `POST /api/v1/dev/content-requests`: Development only; answers 202 `{ request_id }`. */
export async function requestContent(
  topic: string,
  token: string,
  baseUrl = '',
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): Promise<{ request_id: string }> {
  const response = await fetchImpl(`${baseUrl}/api/v1/dev/content-requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ topic }),
  });
  if (response.status === 404) throw new DevEndpointMissingError();
  if (!response.ok) throw new Error(`The request was refused (HTTP ${response.status}).`);
  return (await response.json()) as { request_id: string };
}
