import { vi } from 'vitest';
import type { PushEnvironment } from '../push/usePushSubscription';
import { base64UrlToBytes } from '../push/vapidKey';

/** A P-256 point's worth of base64url, as the hub's key endpoint answers it. */
export const serverKey = `B${'A'.repeat(86)}`;
export const otherKey = `B${'Q'.repeat(86)}`;

export function fakeSubscription(endpoint = 'https://push.example.test/send/1', key = serverKey) {
  const json = { endpoint, expirationTime: null, keys: { p256dh: 'p256dh', auth: 'auth' } };
  return {
    endpoint,
    options: { userVisibleOnly: true, applicationServerKey: base64UrlToBytes(key).buffer },
    toJSON: () => json,
    unsubscribe: vi.fn(async () => true),
  };
}

type FakeSubscription = ReturnType<typeof fakeSubscription>;

/**
 * The browser's side of Web Push with every call a spy: `permission` is what the site has,
 * `answer` what the prompt answers, `existing` the subscription the browser already holds.
 */
interface FakeBrowser {
  permission?: NotificationPermission;
  answer?: NotificationPermission;
  existing?: FakeSubscription | null;
}

export function fakePushEnvironment({ permission = 'default', answer = 'granted', existing = null }: FakeBrowser = {}) {
  let current = existing;
  let registered = existing !== null;
  const pushManager = {
    getSubscription: vi.fn(async () => current),
    subscribe: vi.fn(async (options: PushSubscriptionOptionsInit) => {
      const key = new Uint8Array(options.applicationServerKey as Uint8Array);
      current = fakeSubscription('https://push.example.test/send/new');
      current.options.applicationServerKey = key.buffer;
      return current;
    }),
  };
  const registration = { pushManager };
  const notification = {
    permission,
    requestPermission: vi.fn(async () => {
      notification.permission = answer;
      return answer;
    }),
  };
  const serviceWorker = {
    register: vi.fn(async () => {
      registered = true;
      return registration;
    }),
    getRegistration: vi.fn(async () => (registered ? registration : undefined)),
    ready: Promise.resolve(registration),
  };
  // The site settings changing while the page is open.
  const permissionStatus = new EventTarget();
  const permissions = { query: vi.fn(async () => permissionStatus) };
  const environment = { serviceWorker, notification, permissions } as unknown as PushEnvironment;
  return {
    environment,
    serviceWorker,
    notification,
    pushManager,
    current: () => current,
    settingsChanged: () => permissionStatus.dispatchEvent(new Event('change')),
  };
}

/** The hub's push endpoints: the key (or 404), and every call recorded. */
export function fakePushServer({ key = serverKey as string | null } = {}) {
  const calls: { method: string; url: string; auth: string | null; body: unknown }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const headers = new Headers(init.headers);
    const method = init.method ?? 'GET';
    calls.push({ method, url, auth: headers.get('Authorization'), body: init.body ? JSON.parse(String(init.body)) : null });
    if (url.endsWith('/vapid-public-key')) {
      return key === null ? new Response('{}', { status: 404 }) : Response.json({ public_key: key });
    }
    return new Response(null, { status: method === 'POST' ? 201 : 204 });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls, writes: () => calls.filter((c) => c.method !== 'GET') };
}
