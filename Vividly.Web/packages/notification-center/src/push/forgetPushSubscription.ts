import { withDeadline } from './deadline';
import { createPushApi } from './pushApi';
import { browserPushEnvironment, type PushEnvironment } from './usePushSubscription';

export interface ForgetPushSubscriptionOptions {
  /** The token of the user signing out, still valid: the hub forgets only its caller's subscriptions. */
  accessToken: string | null;
  /** The hub's origin; `''` (default) for the page's own. */
  baseUrl?: string;
  /** The browser's APIs (default: this window's, or null where Web Push is missing). */
  environment?: PushEnvironment | null;
  fetch?: typeof fetch;
  /** The most it holds up the sign-out (2 000 ms). */
  timeoutMs?: number;
}

const defaultTimeoutMs = 2_000;

/**
 * For the app's sign-out, awaited before the token is dropped: deletes this browser's push
 * subscription on the hub and in the browser, so a shared computer stops receiving the previous
 * user's pushes. It never prompts and never rejects, and settles within `timeoutMs` whatever the
 * hub or the browser does: signing out must not wait on push.
 */
export async function forgetPushSubscription(options: ForgetPushSubscriptionOptions): Promise<void> {
  const { accessToken, baseUrl = '', fetch, timeoutMs = defaultTimeoutMs } = options;
  const env = options.environment === undefined ? browserPushEnvironment() : options.environment;
  if (!env) return;
  const api = createPushApi(baseUrl, () => accessToken, fetch);
  const forget = async () => {
    const registration = await env.serviceWorker.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    if (!subscription) return;
    // Both at once, neither waiting on the other's failure: once the browser's side is gone, the
    // push service answers the hub 410 and it forgets the subscription anyway.
    await Promise.allSettled([
      accessToken ? api.remove(subscription.endpoint) : Promise.resolve(),
      subscription.unsubscribe(),
    ]);
  };
  await withDeadline(forget(), timeoutMs, 'forgetting the push subscription took too long').catch(() => undefined);
}
