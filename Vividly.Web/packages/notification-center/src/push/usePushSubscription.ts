import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TokenSource } from '../notifications/api';
import { withDeadline } from './deadline';
import { createPushApi } from './pushApi';
import { base64UrlToBytes, madeWithKey } from './vapidKey';

/**
 * - `checking`: looking at the browser and the server
 * - `unsupported`: this browser cannot receive Web Push (or the page is not a secure context)
 * - `unavailable`: nobody is signed in, or push is off on the server (its key answers 404)
 * - `denied`: the user blocked notifications for this site; only the browser can undo it
 * - `off` / `on`: this browser is not / is subscribed for the signed-in user
 * - `turning-on` / `turning-off`: on the way there
 */
export type PushStatus = 'checking' | 'unsupported' | 'unavailable' | 'denied' | 'off' | 'on' | 'turning-on' | 'turning-off';

/** The browser APIs Web Push needs; injectable for tests. */
export interface PushEnvironment {
  serviceWorker: Pick<ServiceWorkerContainer, 'register' | 'getRegistration' | 'ready'>;
  notification: { readonly permission: NotificationPermission; requestPermission(): Promise<NotificationPermission> };
  permissions?: Pick<Permissions, 'query'>;
}

export interface UsePushSubscriptionOptions {
  /** The signed-in user's token; null: nothing to subscribe for. */
  accessToken: string | null;
  /** Optional fresher token source; defaults to `accessToken`. */
  getAccessToken?: TokenSource;
  /** The hub's origin; `''` (default) for the page's own. */
  baseUrl?: string;
  /** Where the app serves the package's `service-worker.js` (default `/vividly-sw.js`), at its root so its scope covers the app. */
  serviceWorkerUrl?: string;
  /** The browser's APIs (default: this window's, or null where Web Push is missing). */
  environment?: PushEnvironment | null;
  fetch?: typeof fetch;
  /** How long turning it on may wait for the service worker and the browser's push service (20 s). */
  timeoutMs?: number;
}

export interface PushSubscriptionState {
  status: PushStatus;
  /** What went wrong with the last attempt, as a sentence for the user. */
  error: string | null;
  /** Asks for permission (call it from a click) and subscribes this browser. */
  subscribe: () => Promise<void>;
  /** Forgets this browser's subscription on the server and in the browser. */
  unsubscribe: () => Promise<void>;
}

export const defaultServiceWorkerUrl = '/vividly-sw.js';
const defaultTimeoutMs = 20_000;

/** This window's Web Push APIs, or null where they are missing. */
export function browserPushEnvironment(): PushEnvironment | null {
  if (typeof window === 'undefined' || !window.isSecureContext) return null;
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return null;
  return { serviceWorker: navigator.serviceWorker, notification: window.Notification, permissions: navigator.permissions };
}

function sentence(error: unknown): string {
  return error instanceof Error && error.message ? error.message : String(error);
}

/**
 * Web Push for the signed-in user: whether this browser can and does receive it, and the two
 * actions. It never asks for permission by itself, only in `subscribe()`. A subscription that
 * exists is sent to the server once per visit (per token), as the contract asks, and made again
 * if the server's key changed.
 */
export function usePushSubscription(options: UsePushSubscriptionOptions): PushSubscriptionState {
  const { accessToken, baseUrl = '', serviceWorkerUrl = defaultServiceWorkerUrl, timeoutMs = defaultTimeoutMs } = options;
  const env = useMemo(() => (options.environment === undefined ? browserPushEnvironment() : options.environment), [options.environment]);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const api = useMemo(
    () => createPushApi(baseUrl, () => (optionsRef.current.getAccessToken ?? (() => optionsRef.current.accessToken))(), optionsRef.current.fetch),
    [baseUrl],
  );
  const [state, setState] = useState<{ status: PushStatus; error: string | null }>({ status: 'checking', error: null });
  const [permissionChanges, setPermissionChanges] = useState(0);
  const sentWith = useRef<string | null>(null);
  const generation = useRef(0);
  // Each look or action supersedes the one before: only the latest may set the state.
  const begin = useCallback(() => {
    const run = ++generation.current;
    const stale = () => generation.current !== run;
    const set = (status: PushStatus, error: string | null = null) => {
      if (!stale()) setState({ status, error });
    };
    return { set, stale };
  }, []);

  // The site settings may change while the page is open (unblocking, say): look again.
  useEffect(() => {
    let status: PermissionStatus | null = null;
    const onChange = () => setPermissionChanges((n) => n + 1);
    env?.permissions
      ?.query({ name: 'notifications' })
      .then((s) => {
        status = s;
        s.addEventListener('change', onChange);
      })
      .catch(() => undefined);
    return () => status?.removeEventListener('change', onChange);
  }, [env]);

  useEffect(() => {
    const { set, stale } = begin();
    if (!env) return set('unsupported');
    if (!accessToken) return set('unavailable');
    set('checking');
    // A later look (or a click) supersedes this one: it stops at its next step.
    void (async () => {
      try {
        const key = await api.vapidPublicKey();
        if (stale()) return;
        if (key === null) return set('unavailable');
        if (env.notification.permission === 'denied') return set('denied');
        const registration = await env.serviceWorker.getRegistration();
        let subscription = (await registration?.pushManager.getSubscription()) ?? null;
        if (stale()) return;
        if (!registration || !subscription || env.notification.permission !== 'granted') return set('off');
        const keyBytes = base64UrlToBytes(key);
        if (!madeWithKey(subscription, keyBytes)) {
          await subscription.unsubscribe();
          subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes });
          sentWith.current = null;
        }
        // Claimed before the call: a second look (Strict Mode runs effects twice) sends nothing more.
        if (!stale() && sentWith.current !== accessToken) {
          sentWith.current = accessToken;
          await api.save(subscription.toJSON()).catch((error: unknown) => {
            sentWith.current = null;
            throw error;
          });
        }
        set('on');
      } catch (error) {
        set('off', `Could not check notifications on this device: ${sentence(error)}`);
      }
    })();
  }, [env, api, accessToken, permissionChanges, begin]);

  const subscribe = useCallback(async () => {
    if (!env || !accessToken) return;
    const { set } = begin();
    set('turning-on');
    try {
      // First, while the click still counts as the user's: browsers prompt only then.
      const permission = await env.notification.requestPermission();
      if (permission === 'denied') return set('denied');
      if (permission !== 'granted') return set('off', 'Notifications were not allowed. Try again and choose Allow.');
      const key = await api.vapidPublicKey();
      if (key === null) return set('unavailable');
      const keyBytes = base64UrlToBytes(key);
      // A browser whose push service is out of reach may never answer: say so instead of spinning.
      const subscription = await withDeadline(
        (async () => {
          await env.serviceWorker.register(serviceWorkerUrl);
          const registration = await env.serviceWorker.ready;
          const existing = await registration.pushManager.getSubscription();
          if (existing && madeWithKey(existing, keyBytes)) return existing;
          await existing?.unsubscribe();
          return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes });
        })(),
        timeoutMs,
        "the browser's push service did not answer",
      );
      await api.save(subscription.toJSON());
      sentWith.current = accessToken;
      set('on');
    } catch (error) {
      set('off', `Could not turn on notifications: ${sentence(error)}`);
    }
  }, [env, api, accessToken, serviceWorkerUrl, timeoutMs, begin]);

  const unsubscribe = useCallback(async () => {
    if (!env) return;
    const { set } = begin();
    set('turning-off');
    try {
      const registration = await env.serviceWorker.getRegistration();
      const subscription = await registration?.pushManager.getSubscription();
      if (subscription) {
        // The server first, so it stops sending; the browser's side goes even if that failed
        // (the push service then answers the server 410 and it forgets the subscription).
        const error = await api.remove(subscription.endpoint).then(() => null, (failure: unknown) => failure);
        await subscription.unsubscribe();
        if (error) return set('off', `This device is unsubscribed; the server will forget it at the next message (${sentence(error)}).`);
      }
      set('off');
    } catch (error) {
      set('on', `Could not turn off notifications: ${sentence(error)}`);
    }
  }, [env, api, begin]);

  return { ...state, subscribe, unsubscribe };
}
