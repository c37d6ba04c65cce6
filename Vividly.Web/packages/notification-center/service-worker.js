// The Vividly Realtime service worker: shows Web Push messages while no page of the app is open,
// and brings the app forward when one is clicked. Serve it from the app's root (the package
// README: "Web Push") so its scope covers every page; `?icon=` on its URL sets the icon shown.
/// <reference lib="webworker" />
/* eslint-env serviceworker */

const defaultIcon = new URL(self.location.href).searchParams.get('icon') || '/favicon.svg';

// A new version takes over at once: it only shows and opens notifications, holds no page state.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** The contract's payload `{ id, type, title, body, url, tag, priority }`; a broken one still shows. */
function readPayload(data) {
  try {
    const payload = data ? data.json() : null;
    if (payload && typeof payload === 'object') return payload;
  } catch {
    // Not JSON: fall through to a generic notice, a push must always show something.
  }
  return {};
}

self.addEventListener('push', (event) => {
  const payload = readPayload(event.data);
  const title = typeof payload.title === 'string' && payload.title ? payload.title : 'Vividly';
  const options = {
    body: typeof payload.body === 'string' ? payload.body : '',
    icon: defaultIcon,
    data: { id: payload.id ?? null, type: payload.type ?? null, url: typeof payload.url === 'string' ? payload.url : '/' },
  };
  // One request's updates share the tag, so each replaces the previous one in the tray.
  if (typeof payload.tag === 'string' && payload.tag) options.tag = payload.tag;
  event.waitUntil(self.registration.showNotification(title, options));
});

/** An open tab of the app (this worker's scope), the focused one first. */
async function appWindow() {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const scope = self.registration.scope;
  const ours = windows.filter((client) => client.url.startsWith(scope));
  return ours.find((client) => client.focused) ?? ours[0] ?? null;
}

/** Brings the app's tab forward on `url`, or opens it in a new one when no tab is open. */
async function openOrFocus(url) {
  const client = await appWindow();
  if (!client) return self.clients.openWindow(url);
  // Focusing is allowed only for a while after the click; a tab that cannot be is still navigated.
  const focused = await client.focus().catch(() => client);
  if (focused.url === url) return focused;
  // navigate() works only on a tab this worker controls; for one it does not, the url opens in a
  // new tab. It answers null after leaving for another origin: that tab is then the one.
  try {
    return (await focused.navigate(url)) ?? focused;
  } catch {
    return self.clients.openWindow(url);
  }
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || '/', self.location.origin).href;
  event.waitUntil(openOrFocus(target));
});
