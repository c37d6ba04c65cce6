import { describe, expect, it } from 'vitest';
import { DevEndpointMissingError, fetchDevToken, initialToken, isExpired, loadToken, readClaims, takeFragmentToken, tokenStorageKey } from './token';

function jwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}.sig`;
}

class MemoryStorage {
  map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}

function fakeHistory() {
  const urls: string[] = [];
  return { urls, state: null, replaceState: (_d: unknown, _u: string, url?: string | null) => void urls.push(url ?? '') };
}

describe('fragment token', () => {
  it('is read once and removed from the address bar, keeping other fragment parts', () => {
    const history = fakeHistory();
    const token = takeFragmentToken({ hash: '#access_token=abc.def.ghi&tab=2', pathname: '/app', search: '?x=1' }, history);
    expect(token).toBe('abc.def.ghi');
    expect(history.urls).toEqual(['/app?x=1#tab=2']);
  });

  it('leaves the address alone without one', () => {
    const history = fakeHistory();
    expect(takeFragmentToken({ hash: '#section', pathname: '/', search: '' }, history)).toBeNull();
    expect(takeFragmentToken({ hash: '', pathname: '/', search: '' }, history)).toBeNull();
    expect(history.urls).toEqual([]);
  });

  it('is kept in session storage so a reload keeps working', () => {
    const storage = new MemoryStorage();
    const token = jwt({ sub: 'ada', exp: Math.floor(Date.now() / 1000) + 3600 });
    expect(initialToken({ hash: `#access_token=${token}`, pathname: '/', search: '' }, fakeHistory(), storage)).toBe(token);
    expect(initialToken({ hash: '', pathname: '/', search: '' }, fakeHistory(), storage)).toBe(token);
  });
});

describe('claims', () => {
  it('reads sub, exp and roles', () => {
    expect(readClaims(jwt({ sub: 'ada', exp: 10, roles: 'notifications.publish' }))).toEqual({
      sub: 'ada',
      exp: 10,
      roles: ['notifications.publish'],
    });
    expect(readClaims('nope')).toBeNull();
  });

  it('drops an expired stored token', () => {
    const storage = new MemoryStorage();
    storage.setItem(tokenStorageKey, jwt({ sub: 'ada', exp: 100 }));
    expect(isExpired(jwt({ exp: 100 }), 200_000)).toBe(true);
    expect(loadToken(storage, 200_000)).toBeNull();
    expect(storage.map.size).toBe(0);
  });
});

describe('dev token', () => {
  it('reports a hub without dev endpoints', async () => {
    const fetch404 = (async () => new Response('', { status: 404 })) as typeof fetch;
    await expect(fetchDevToken('ada', '', fetch404)).rejects.toBeInstanceOf(DevEndpointMissingError);
  });

  it('asks for the user id', async () => {
    const seen: string[] = [];
    const ok = (async (url: string) => {
      seen.push(url);
      return new Response(JSON.stringify({ access_token: 't', user_id: 'ada lovelace', expires_at: 'x' }), { status: 200 });
    }) as unknown as typeof fetch;
    expect((await fetchDevToken('ada lovelace', '', ok)).access_token).toBe('t');
    expect(seen).toEqual(['/api/v1/dev/token?user_id=ada%20lovelace']);
  });
});
