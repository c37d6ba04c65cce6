import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakePushEnvironment, fakePushServer, fakeSubscription } from '../test/fakePush';
import { forgetPushSubscription } from './forgetPushSubscription';

afterEach(() => vi.useRealTimers());

const deleteOf = (endpoint: string, auth: string) => ({
  method: 'DELETE',
  url: `https://hub.test/api/v1/push/subscriptions?endpoint=${encodeURIComponent(endpoint)}`,
  auth,
  body: null,
});

/** Whether `promise` has settled once the pending callbacks have run. */
async function settled(promise: Promise<unknown>) {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('forgetPushSubscription', () => {
  it('deletes the subscription on the hub with the token and in the browser, without a prompt', async () => {
    const existing = fakeSubscription();
    const browser = fakePushEnvironment({ permission: 'granted', existing });
    const server = fakePushServer();
    await forgetPushSubscription({ accessToken: 'token-a', baseUrl: 'https://hub.test', environment: browser.environment, fetch: server.fetch });
    expect(server.calls).toEqual([deleteOf(existing.endpoint, 'Bearer token-a')]);
    expect(existing.unsubscribe).toHaveBeenCalledTimes(1);
    expect(browser.notification.requestPermission).not.toHaveBeenCalled();
    expect(browser.serviceWorker.register).not.toHaveBeenCalled();
    expect(browser.pushManager.subscribe).not.toHaveBeenCalled();
  });

  it('does nothing without a subscription, a registration or Web Push', async () => {
    const server = fakePushServer();
    const none = fakePushEnvironment();
    await forgetPushSubscription({ accessToken: 'token-a', environment: none.environment, fetch: server.fetch });
    expect(none.serviceWorker.getRegistration).toHaveBeenCalled();
    const registeredOnly = fakePushEnvironment();
    await registeredOnly.serviceWorker.register();
    await forgetPushSubscription({ accessToken: 'token-a', environment: registeredOnly.environment, fetch: server.fetch });
    expect(registeredOnly.pushManager.getSubscription).toHaveBeenCalled();
    await forgetPushSubscription({ accessToken: 'token-a', environment: null, fetch: server.fetch });
    expect(server.calls).toEqual([]);
  });

  it.each([
    ['answers 500', () => Promise.resolve(new Response(null, { status: 500 }))],
    ['answers 401', () => Promise.resolve(new Response(null, { status: 401 }))],
    ['cannot be reached', () => Promise.reject(new TypeError('Failed to fetch'))],
  ])('still unsubscribes the browser and resolves when the hub %s', async (_, answer) => {
    const existing = fakeSubscription();
    const browser = fakePushEnvironment({ permission: 'granted', existing });
    const fetch = vi.fn(answer);
    await expect(forgetPushSubscription({ accessToken: 'token-a', environment: browser.environment, fetch })).resolves.toBeUndefined();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(existing.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('still deletes it on the hub and resolves when the browser fails to unsubscribe', async () => {
    const existing = fakeSubscription();
    existing.unsubscribe.mockRejectedValue(new DOMException('gone', 'InvalidStateError'));
    const browser = fakePushEnvironment({ permission: 'granted', existing });
    const server = fakePushServer();
    await expect(
      forgetPushSubscription({ accessToken: 'token-a', baseUrl: 'https://hub.test', environment: browser.environment, fetch: server.fetch }),
    ).resolves.toBeUndefined();
    expect(server.calls).toEqual([deleteOf(existing.endpoint, 'Bearer token-a')]);
  });

  it('unsubscribes the browser without calling the hub when there is no token', async () => {
    const existing = fakeSubscription();
    const browser = fakePushEnvironment({ permission: 'granted', existing });
    const server = fakePushServer();
    await forgetPushSubscription({ accessToken: null, environment: browser.environment, fetch: server.fetch });
    expect(server.calls).toEqual([]);
    expect(existing.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('holds the sign-out at most 2 s when the hub never answers, having unsubscribed the browser meanwhile', async () => {
    vi.useFakeTimers();
    const existing = fakeSubscription();
    const browser = fakePushEnvironment({ permission: 'granted', existing });
    const fetch = vi.fn(() => new Promise<Response>(() => undefined));
    const forgetting = forgetPushSubscription({ accessToken: 'token-a', environment: browser.environment, fetch });
    expect(await settled(forgetting)).toBe(false);
    expect(existing.unsubscribe).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(await settled(forgetting)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(forgetting)).toBe(true);
  });

  it('gives up after timeoutMs when the service worker never answers', async () => {
    vi.useFakeTimers();
    const browser = fakePushEnvironment();
    browser.serviceWorker.getRegistration.mockImplementation(() => new Promise(() => undefined));
    const forgetting = forgetPushSubscription({ accessToken: 'token-a', environment: browser.environment, fetch: fakePushServer().fetch, timeoutMs: 500 });
    await vi.advanceTimersByTimeAsync(499);
    expect(await settled(forgetting)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(forgetting)).toBe(true);
  });
});
