// End-to-end: the built app on one origin (Vite's preview server, as a static host or CDN would
// serve it), the hub on another, in Debian's Chromium. The hub lists two app origins in
// CORS_ALLOWED_ORIGINS; the same build served from an origin not listed must be refused.
// Run with `npm run e2e` (see harness.mjs for the environment it needs).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { Harness, buildApp, freePort, screenshotDir, serveApp, uniqueUser } from './harness.mjs';

const harness = new Harness();
const slow = { timeout: 30_000 };
const servers = [];
let allowed;
let stranger;
let withoutNotifications;

/** What a static host in front of the app should send: the hub's own policy, widened to reach the hub. */
function contentSecurityPolicy(hubUrl) {
  return (
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' ${hubUrl}; ` +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
  );
}

before(async () => {
  const [allowedPort, strangerPort, offPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const listed = `http://127.0.0.1:${allowedPort}, http://127.0.0.1:${offPort}`;
  await harness.start({ settings: { CORS_ALLOWED_ORIGINS: listed }, hubServesApp: false });
  const headers = { 'Content-Security-Policy': contentSecurityPolicy(harness.hubUrl) };

  const live = harness.tempPath('app-live');
  buildApp(live, { VITE_API_URL: harness.hubUrl });
  const off = harness.tempPath('app-off');
  buildApp(off, { VITE_API_URL: harness.hubUrl, VITE_ENABLE_NOTIFICATIONS: 'false' });

  allowed = await serveApp(live, { port: allowedPort, headers });
  stranger = await serveApp(live, { port: strangerPort, headers });
  withoutNotifications = await serveApp(off, { port: offPort, headers });
  servers.push(allowed, stranger, withoutNotifications);
});

after(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await harness.stop();
});

/** Console errors and uncaught exceptions of a page, and every request it sent to the hub. */
function watch(page) {
  const seen = { errors: [], hubRequests: [] };
  page.on('console', (message) => {
    // Web Push is off on this hub: its key answers 404 by contract, which Chromium logs as an error.
    if (message.type() === 'error' && !message.location().url.endsWith('/api/v1/push/vapid-public-key')) seen.errors.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('request', (request) => {
    if (request.url().startsWith(harness.hubUrl)) seen.hubRequests.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  return seen;
}

async function openSignedIn(origin, userId) {
  const page = await harness.browserContext.newPage();
  const seen = watch(page);
  await page.goto(`${origin}/#access_token=${await harness.token(userId)}`);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { page, seen };
}

async function inbox(userId) {
  const token = await harness.token(userId);
  const response = await fetch(`${harness.hubUrl}/api/v1/notifications`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return response.json();
}

/** The user's unread count once it reads 0, or what it still reads after a few seconds. */
async function unreadOnceSettled(userId) {
  const deadline = Date.now() + 5_000;
  let unread = (await inbox(userId)).unread_count;
  while (unread !== 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    unread = (await inbox(userId)).unread_count;
  }
  return unread;
}

describe('the app on another origin than the hub', () => {
  it('from a listed origin it connects, loads the inbox, gets live notifications and marks them read', async () => {
    const user = uniqueUser('cors');
    await harness.publish({ user_id: user, type: 'system.announcement', title: 'Waiting in the inbox', message: 'before the page opened' });
    const { page, seen } = await openSignedIn(allowed.origin, user);
    assert.notEqual(new URL(page.url()).origin, new URL(harness.hubUrl).origin);

    await page.locator('.nc-bell[data-connection="connected"]').waitFor(slow);
    await harness.publish({ user_id: user, type: 'system.announcement', title: 'Sent while connected', message: 'live' });
    await page.waitForFunction(() => document.querySelector('[data-testid=unread-badge]')?.textContent === '2', null, slow);
    await page.getByRole('button', { name: /^Notifications/ }).click();
    await page.getByText('Waiting in the inbox').waitFor();
    await page.locator('.nc-panel').getByText('Sent while connected').waitFor();
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=unread-badge]'), null, slow);

    // The badge clears as the click is made; the hub's answer may land a moment later.
    assert.equal(await unreadOnceSettled(user), 0);
    assert.ok(seen.hubRequests.includes('POST /api/v1/notifications/hub/negotiate'), seen.hubRequests.join('\n'));
    assert.ok(seen.hubRequests.includes('GET /api/v1/notifications'), seen.hubRequests.join('\n'));
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(harness.cspViolations, []);
    await page.close();
  });

  it('from an origin not listed the browser refuses the hub, and the bell never connects', async () => {
    const user = uniqueUser('stranger');
    const { page, seen } = await openSignedIn(stranger.origin, user);

    await page.waitForFunction(() => document.querySelector('.nc-bell')?.dataset.connection !== 'idle', null, slow);
    const deadline = Date.now() + 20_000;
    while (!seen.errors.some((text) => text.includes('blocked by CORS policy')) && Date.now() < deadline) {
      await page.waitForEvent('console', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
    }

    assert.ok(
      seen.errors.some((text) => text.includes(stranger.origin) && text.includes('blocked by CORS policy')),
      `no CORS refusal reported:\n${seen.errors.join('\n')}`,
    );
    assert.notEqual(await page.locator('.nc-bell').getAttribute('data-connection'), 'connected');
    await page.close();
  });

  it('built with VITE_ENABLE_NOTIFICATIONS=false it shows no bell, calls no notification endpoint and logs no error', async () => {
    const user = uniqueUser('quiet');
    await harness.publish({ user_id: user, type: 'system.announcement', title: 'Not shown', message: 'notifications are off' });
    const { page, seen } = await openSignedIn(withoutNotifications.origin, user);
    await page.getByRole('heading', { name: 'What would you like to learn today?' }).waitFor();
    await page.getByLabel('Topic').fill('The water cycle');
    await page.getByRole('button', { name: 'Request video' }).click();
    await page.getByRole('status').filter({ hasText: 'Requested “The water cycle” (request ' }).waitFor(slow);
    await page.waitForLoadState('networkidle');

    assert.equal(await page.getByRole('button', { name: /^Notifications/ }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'Your videos' }).count(), 0);
    assert.deepEqual(seen.hubRequests, ['POST /api/v1/dev/content-requests']);
    assert.deepEqual(seen.errors, []);
    assert.deepEqual(harness.cspViolations, []);
    // The app has one colour scheme; the phone layout is the one that could crowd the top bar.
    for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: join(screenshotDir, `notifications-off-${name}.png`) });
    }
    await page.close();
  });
});
