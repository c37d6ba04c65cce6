// End-to-end: Web Push in Chromium against a real hub with a VAPID key pair. The opt-in asks for
// nothing on load, subscribes on a click and the hub stores it (201), a new visit sends it again
// (204), a push delivered to the service worker (DevTools protocol) shows a notification with the
// payload's title and tag, its click handler brings the app's tab to the payload's url, and
// turning it off forgets it (DELETE 204), as does signing out. Screenshots of the opt-in at
// desktop and phone sizes.
// Run with `npm run e2e` (see harness.mjs for the environment it needs).

import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { Harness, screenshotDir, uniqueUser } from './harness.mjs';
import { contrast } from './contrast.mjs';

const harness = new Harness();
const slow = { timeout: 15_000 };

/** A VAPID key pair as the hub's `vapid-keys` command prints it: base64url point and scalar. */
function vapidKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const point = publicKey.export({ format: 'jwk' });
  const raw = Buffer.concat([Buffer.from([4]), Buffer.from(point.x, 'base64url'), Buffer.from(point.y, 'base64url')]);
  return { VAPID_PUBLIC_KEY: raw.toString('base64url'), VAPID_PRIVATE_KEY: privateKey.export({ format: 'jwk' }).d };
}

before(async () => {
  await harness.start({ settings: { ...vapidKeys(), VAPID_SUBJECT: 'mailto:ops@example.com' } });
});

after(async () => {
  await harness.stop();
});

/** The answers to the page's push calls, as `METHOD status`. */
function recordPushCalls(page) {
  const calls = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/v1/push/subscriptions') calls.push(`${response.request().method()} ${response.status()}`);
  });
  return calls;
}

const looks = [['light', 1280, 800], ['dark', 1280, 800], ['light', 390, 844], ['dark', 390, 844]];

/** Screenshots of the opt-in in each look, checking its text and button are readable and nothing is cut off. */
async function photograph(page, name) {
  for (const [scheme, width, height] of looks) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.setViewportSize({ width, height });
    // Two frames: the new scheme painted before the picture is taken.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await page.screenshot({ path: join(screenshotDir, `push-opt-in-${name}-${width}-${scheme}.png`) });
    const seen = await page.evaluate(() => {
      const css = (el, p) => getComputedStyle(el).getPropertyValue(p);
      const panel = document.querySelector('.nc-panel');
      const text = document.querySelector('.nc-push-text');
      const button = document.querySelector('.nc-push-button');
      const box = document.querySelector('.nc-push').getBoundingClientRect();
      return { surface: css(panel, 'background-color'), text: css(text, 'color'), button: css(button, 'color'), buttonBg: css(button, 'background-color'), right: box.right };
    });
    const buttonBg = seen.buttonBg === 'rgba(0, 0, 0, 0)' ? seen.surface : seen.buttonBg;
    assert.ok(contrast(seen.text, seen.surface) >= 4.5, `status text readable (${name}, ${scheme}): ${seen.text} on ${seen.surface}`);
    assert.ok(contrast(seen.button, buttonBg) >= 4.5, `button readable (${name}, ${scheme}): ${seen.button} on ${buttonBg}`);
    assert.ok(seen.right <= width + 0.5, `nothing cut off at ${width} px`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
}

async function until(check, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Web Push against a real hub', () => {
  it("subscribes on a click, shows a pushed notification, opens its url, and unsubscribes", { timeout: 120_000 }, async () => {
    const context = harness.browserContext;
    const origin = new URL(harness.hubUrl).origin;
    const user = uniqueUser('push');
    // Counts permission prompts: loading the page must not ask.
    await context.addInitScript(() => {
      window.__prompts = 0;
      const ask = Notification.requestPermission.bind(Notification);
      Notification.requestPermission = (...args) => {
        window.__prompts++;
        return ask(...args);
      };
    });
    // Chromium registers with its push service (FCM) to subscribe, out of reach on this loopback-only
    // machine, where subscribe() never answers: the page's PushManager stands in for that service,
    // with a real P-256 key for the hub to check. The service worker, the push and the hub are real.
    await context.addInitScript(() => {
      if (typeof PushManager === 'undefined') return;
      const stored = 'e2e-push-subscription';
      const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      const wrap = ({ json, serverKey }) => ({
        endpoint: json.endpoint,
        expirationTime: null,
        options: { userVisibleOnly: true, applicationServerKey: new Uint8Array(serverKey).buffer },
        toJSON: () => json,
        unsubscribe: async () => (localStorage.removeItem(stored), true),
      });
      PushManager.prototype.getSubscription = async () => {
        const saved = JSON.parse(localStorage.getItem(stored) ?? 'null');
        return saved && wrap(saved);
      };
      PushManager.prototype.subscribe = async ({ applicationServerKey }) => {
        const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
        const p256dh = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
        const json = { endpoint: `https://push.example.test/send/${crypto.randomUUID()}`, expirationTime: null, keys: { p256dh: b64url(p256dh), auth: b64url(crypto.getRandomValues(new Uint8Array(16))) } };
        const saved = { json, serverKey: Array.from(new Uint8Array(applicationServerKey)) };
        localStorage.setItem(stored, JSON.stringify(saved));
        return wrap(saved);
      };
    });
    await context.grantPermissions(['notifications'], { origin });

    const page = await harness.openSignedIn(user);
    const calls = recordPushCalls(page);
    const bell = page.getByRole('button', { name: /^Notifications/ });
    await bell.click();
    const optIn = page.getByTestId('push-opt-in');
    const turnOn = optIn.getByRole('button', { name: 'Turn on notifications' });
    await turnOn.waitFor(slow);
    assert.equal(await page.evaluate(() => window.__prompts), 0, 'no permission prompt on load');
    assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r ?? null)), null, 'no service worker before the click');
    await photograph(page, 'off');

    const cdp = await context.newCDPSession(page);
    const registrations = new Map();
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const r of updated) if (!r.isDeleted) registrations.set(r.scopeURL, r.registrationId);
    });
    await cdp.send('ServiceWorker.enable');

    await turnOn.click();
    await page.waitForFunction(() => document.querySelector('.nc-push')?.dataset.status === 'on', null, slow);
    assert.equal(await page.evaluate(() => window.__prompts), 1, 'asked once, on the click');
    assert.match(await optIn.getByRole('status').textContent(), /are on/);
    assert.deepEqual(calls, ['POST 201'], 'the hub stored a new subscription');
    await photograph(page, 'on');

    // A new visit sends the subscription again, once: the hub answers 204 (replaced).
    await page.reload();
    await page.locator('.nc-bell[data-connection="connected"]').waitFor(slow);
    await until(() => calls.length === 2, 'the subscription sent again');
    assert.deepEqual(calls, ['POST 201', 'POST 204']);
    assert.equal(await page.evaluate(() => window.__prompts), 0, 'no prompt on a new visit either');

    // A push, as the push service would deliver it, to the registration at the app's root.
    const registrationId = await until(() => registrations.get(`${origin}/`), 'the service worker registration');
    const payload = { id: '01JD0Z3T8V2R6Y1M4K7Q9W5XHC', type: 'content_generation.completed', title: 'Your video is ready', body: 'Photosynthesis, explained', url: `${origin}/video/vid_7`, tag: 'req-9', priority: 'normal' };
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: JSON.stringify(payload) });
    const shown = () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data?.url })),
      );
    const first = await until(async () => ((await shown()).length > 0 ? shown() : null), 'the notification');
    assert.deepEqual(first, [{ title: payload.title, body: payload.body, tag: 'req-9', url: payload.url }]);
    // The same request's next update replaces it in the tray.
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: JSON.stringify({ ...payload, title: 'Still ready', body: 'Again' }) });
    await until(async () => (await shown())[0]?.title === 'Still ready', 'the replacing notification');
    assert.equal((await shown()).length, 1, 'one notification per tag');

    // The click handler (no protocol clicks a notification): the open tab goes to the url.
    const worker = context.serviceWorkers().find((w) => w.url().startsWith(`${origin}/vividly-sw.js`));
    assert.ok(worker, 'the service worker runs');
    const tabs = context.pages().length;
    await worker.evaluate((url) => self.openOrFocus(url), payload.url);
    await page.waitForURL(payload.url, slow);
    assert.equal(context.pages().length, tabs, 'the open tab was used, none opened');

    // Turning it off forgets it on the hub and in the browser.
    await page.locator('.nc-bell[data-connection="connected"]').waitFor(slow);
    await until(() => calls.length === 3, 'the visit after the click sending the subscription again');
    await bell.click();
    await optIn.getByRole('button', { name: 'Turn off' }).click();
    await page.waitForFunction(() => document.querySelector('.nc-push')?.dataset.status === 'off', null, slow);
    assert.equal(calls.at(-1), 'DELETE 204');
    const subscribed = () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).pushManager.getSubscription()) !== null);
    assert.equal(await subscribed(), false);

    // Signing out forgets it too, with the token it still has: the next user of this browser gets
    // none of these pushes.
    await optIn.getByRole('button', { name: 'Turn on notifications' }).click();
    await page.waitForFunction(() => document.querySelector('.nc-push')?.dataset.status === 'on', null, slow);
    assert.equal(calls.at(-1), 'POST 201');
    assert.equal(await subscribed(), true);
    const prompts = await page.evaluate(() => window.__prompts);
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await signOut.click();
    await signOut.waitFor({ state: 'detached', ...slow });
    assert.equal(calls.at(-1), 'DELETE 204', 'the hub forgot it before the token went');
    assert.equal(await subscribed(), false, 'the browser unsubscribed');
    assert.equal(await page.evaluate(() => window.__prompts), prompts, 'no prompt on sign-out');
    await page.close();
  });
});
