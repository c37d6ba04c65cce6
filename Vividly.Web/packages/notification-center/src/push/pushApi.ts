import { HttpStatusError, authorizedFetch, joinUrl, type TokenSource } from '../notifications/api';

/** The hub's Web Push endpoints (docs/contract.md, "Web Push"). */
export interface PushApi {
  /** The VAPID public key (base64url), or null when push is off on the server (404). */
  vapidPublicKey(): Promise<string | null>;
  /** Stores the browser's subscription for the signed-in user: 201 new, 204 replaced. */
  save(subscription: PushSubscriptionJSON): Promise<void>;
  /** Forgets the signed-in user's subscription with that endpoint (204, also when there was none). */
  remove(endpoint: string): Promise<void>;
}

export function createPushApi(
  baseUrl: string,
  getToken: TokenSource,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): PushApi {
  const root = joinUrl(baseUrl, '/api/v1/push');
  return {
    async vapidPublicKey() {
      try {
        const response = await authorizedFetch(`${root}/vapid-public-key`, () => null, {}, fetchImpl);
        const body = (await response.json()) as { public_key?: unknown };
        if (typeof body.public_key !== 'string' || !body.public_key) throw new Error('The server answered no VAPID public key.');
        return body.public_key;
      } catch (error) {
        if (error instanceof HttpStatusError && error.status === 404) return null;
        throw error;
      }
    },
    async save(subscription) {
      await authorizedFetch(`${root}/subscriptions`, getToken, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(subscription),
      }, fetchImpl);
    },
    async remove(endpoint) {
      await authorizedFetch(`${root}/subscriptions?${new URLSearchParams({ endpoint })}`, getToken, { method: 'DELETE' }, fetchImpl);
    },
  };
}
