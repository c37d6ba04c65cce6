// End-to-end: the built app, served by a real hub, with a real worker, in Debian's Chromium.
// Run with `npm run e2e` (see harness.mjs for the environment it needs).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { Harness, screenshotDir, uniqueUser } from './harness.mjs';

const harness = new Harness();
const slow = { timeout: 30_000 };

before(async () => {
  await harness.start();
});

after(async () => {
  await harness.stop();
});

/** Records, from inside the page, what the notification center showed over time. */
async function record(page) {
  await page.evaluate(() => {
    const seen = { progress: [], maxListRows: 0, maxToasts: 0, toastTypes: [], connection: [] };
    window.__seen = seen;
    const check = () => {
      for (const bar of document.querySelectorAll('.nc-list [role=progressbar]')) {
        seen.progress.push(Number(bar.getAttribute('aria-valuenow')));
      }
      seen.maxListRows = Math.max(seen.maxListRows, document.querySelectorAll('.nc-list > li').length);
      const toasts = document.querySelectorAll('.toast');
      seen.maxToasts = Math.max(seen.maxToasts, toasts.length);
      for (const t of toasts) if (!seen.toastTypes.includes(t.dataset.type)) seen.toastTypes.push(t.dataset.type);
      const state = document.querySelector('.nc-bell')?.dataset.connection;
      if (state && seen.connection[seen.connection.length - 1] !== state) seen.connection.push(state);
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    check();
  });
}

const seen = (page) => page.evaluate(() => window.__seen);

async function badgeIs(page, text) {
  await page.waitForFunction(
    (expected) => (document.querySelector('[data-testid=unread-badge]')?.textContent ?? null) === expected,
    text,
    slow,
  );
}

/** Notes how the page talks to the hub: it must be Server-Sent Events, never a WebSocket. */
function watchTransport(page) {
  const transport = { eventSource: 0, webSocket: 0 };
  page.on('request', (request) => {
    if (request.resourceType() === 'eventsource' && request.url().includes('/api/v1/notifications/hub')) transport.eventSource++;
  });
  page.on('websocket', () => transport.webSocket++);
  return transport;
}

async function inbox(userId) {
  const token = await harness.token(userId);
  const response = await fetch(`${harness.hubUrl}/api/v1/notifications?limit=200`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return response.json();
}

describe('notification center against a real hub and worker', () => {
  it('a requested video shows live progress in one row, then a completion toast and the badge', async () => {
    const page = await harness.browserContext.newPage();
    const transport = watchTransport(page);
    const user = uniqueUser('student');

    await page.goto(harness.hubUrl);
    await page.getByRole('heading', { name: 'Sign in as a demo student' }).waitFor();
    await page.screenshot({ path: join(screenshotDir, 'sign-in.png') });
    await page.getByLabel('Or any user id').fill(user);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const bell = page.getByRole('button', { name: /^Notifications/ });
    await bell.waitFor();
    await page.locator('.nc-bell[data-connection="connected"]').waitFor();
    assert.equal(await bell.getAttribute('aria-label'), 'Notifications');

    await bell.click();
    await page.getByText("You're all caught up").waitFor();
    await page.screenshot({ path: join(screenshotDir, 'panel-empty.png') });

    await record(page);
    // The open panel covers the form's button: submit from the keyboard, which keeps it open.
    await page.getByLabel('Topic').fill('Photosynthesis');
    await page.getByLabel('Topic').press('Enter');

    await page.waitForFunction(() => Number(document.querySelector('.nc-list [role=progressbar]')?.getAttribute('aria-valuenow')) > 0, null, slow);
    await page.screenshot({ path: join(screenshotDir, 'panel-progress.png') });

    // The open panel shows the completion itself: no toast covers it.
    const row = page.locator('.nc-list > li');
    await page.locator('.nc-list > li[data-status="completed"]').waitFor(slow);
    // Seven notifications are unread (started, five stages, completed); the bell counts the row.
    await badgeIs(page, '1');
    assert.equal(await bell.getAttribute('aria-label'), 'Notifications, 1 unread');
    assert.equal(await row.count(), 1, 'one row for the whole request');

    const s = await seen(page);
    assert.ok(s.progress.some((p) => p > 0 && p < 100), `saw progress in between: ${JSON.stringify(s.progress)}`);
    assert.equal(s.maxListRows, 1, 'never more than one row for the request');
    assert.equal(s.maxToasts, 0, 'no toast over the open panel');
    assert.ok(transport.eventSource >= 1, 'the hub stream is an EventSource');
    assert.equal(transport.webSocket, 0, 'no WebSocket');

    // With the panel closed, the next finished video is toasted, once, and progress never is.
    await page.keyboard.press('Escape');
    await page.getByLabel('Topic').fill('The water cycle');
    await page.getByLabel('Topic').press('Enter');
    const toast = page.locator('.toast', { hasText: 'Your video is ready' });
    await toast.waitFor(slow);
    await badgeIs(page, '2');
    await page.screenshot({ path: join(screenshotDir, 'toast.png') });
    await toast.screenshot({ path: join(screenshotDir, 'toast-only.png') });
    const after = await seen(page);
    assert.equal(after.maxToasts, 1);
    assert.deepEqual(after.toastTypes, ['content_generation.completed'], 'no toast for progress ticks');

    await toast.getByRole('link', { name: 'Watch now' }).click();
    await page.waitForURL(/\/video\/vid_\d+$/);
    await page.getByRole('heading', { name: 'Your video' }).waitFor();
    await page.close();
  });

  it('reading in one tab clears the badge in a second tab', async () => {
    const user = uniqueUser('twotabs');
    await harness.publish({ user_id: user, type: 'system.announcement', title: 'Maths quiz on Friday', message: 'Chapters 3 and 4.' });
    await harness.publish({ user_id: user, type: 'clarification_needed', title: 'Which kind of cell?', message: 'Plant or animal cells for your video?' });
    await harness.publish({ user_id: user, type: 'system.announcement', title: 'New: captions', message: 'Videos now come with captions.' });

    const a = await harness.openSignedIn(user);
    const b = await harness.openSignedIn(user);
    await badgeIs(a, '3');
    await badgeIs(b, '3');

    await harness.publish({ user_id: user, type: 'system.announcement', title: 'Welcome back', message: 'Live to both tabs.' });
    await badgeIs(a, '4');
    await badgeIs(b, '4');

    await a.getByRole('button', { name: /^Notifications/ }).click();
    await a.getByRole('button', { name: 'Mark read: Maths quiz on Friday' }).click();
    await badgeIs(a, '3');
    await badgeIs(b, '3');

    await a.screenshot({ path: join(screenshotDir, 'panel-list.png') });
    await a.getByRole('button', { name: 'Mark all read' }).click();
    await badgeIs(a, null);
    await badgeIs(b, null);
    assert.equal(await b.getByRole('button', { name: /^Notifications/ }).getAttribute('aria-label'), 'Notifications');
    await b.getByRole('button', { name: /^Notifications/ }).click();
    await b.locator('.nc-list > li').first().waitFor();
    assert.equal(await b.locator('.nc-list > li[data-unread]').count(), 0);

    // Deleting everything stays in the API (the panel does not offer it): both tabs follow.
    const token = await harness.token(user);
    const cleared = await fetch(`${harness.hubUrl}/api/v1/notifications`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    assert.ok(cleared.ok, `clear: HTTP ${cleared.status}`);
    await a.getByText("You're all caught up").waitFor(slow);
    await b.getByText("You're all caught up").waitFor(slow);
    await a.close();
    await b.close();
  });

  it('a hub restart in the middle of a request ends with the completion shown once', { skip: !process.env.HUB_DLL && 'needs HUB_DLL/WORKER_DLL: the harness restarts the hub it started' }, async () => {
    const user = uniqueUser('restart');
    const page = await harness.openSignedIn(user);
    await record(page);

    // Delivered to the worker the way Pub/Sub does it, so the delivery survives the hub going away.
    const pushed = harness.pushToWorker({ request_id: `req_${user}`, student_id: user, topic: 'The water cycle' });

    // The request has started: take the hub down under it (a crash) and bring it back.
    await page.locator('.nc-list [data-key^="req:"]').waitFor({ state: 'attached', ...slow });
    await harness.restartHub({ signal: 'SIGKILL' });

    const toast = page.locator('.toast', { hasText: 'Your video is ready' });
    await toast.waitFor({ timeout: 60_000 });
    await page.locator('.nc-bell[data-connection="connected"]').waitFor(slow);
    await badgeIs(page, '1');
    const status = await pushed;
    assert.ok(status >= 200 && status < 300, `the worker finished the delivery (HTTP ${status})`);

    const s = await seen(page);
    assert.ok(s.connection.includes('reconnecting'), `went through reconnecting: ${s.connection.join(' → ')}`);
    assert.equal(s.maxListRows, 1, 'one row for the request throughout');
    assert.equal(s.maxToasts, 1, 'the completion toast once');
    assert.equal(await page.locator('.nc-list > li').count(), 1);
    assert.equal(await page.locator('.nc-list > li').getAttribute('data-status'), 'completed');

    const stored = await inbox(user);
    assert.equal(stored.items.length, 7, 'the store holds each notification once');
    assert.equal(new Set(stored.items.map((n) => n.seq)).size, 7);
    assert.equal(stored.unread_count, 7);
    await page.close();
  });

  it('coming back online retries at once and resumes what was missed, once', { skip: !process.env.HUB_DLL && 'needs HUB_DLL/WORKER_DLL: the harness stops the hub it started' }, async () => {
    const user = uniqueUser('online');
    const page = await harness.openSignedIn(user);
    await harness.publish({ user_id: user, type: 'system.announcement', title: 'Before', message: 'Seen live.' });
    await badgeIs(page, '1');

    // The hub goes away long enough for the page's backoff to grow past ten seconds.
    await harness.stopHub('SIGKILL');
    const retryIn = () => page.evaluate(() => Number(/in (\d+) s/.exec(document.querySelector('.nc-status')?.textContent ?? '')?.[1] ?? 0));
    await page.waitForFunction(() => Number(/in (\d+) s/.exec(document.querySelector('.nc-status')?.textContent ?? '')?.[1] ?? 0) >= 10, null, { timeout: 40_000 });
    await harness.startHub();
    await harness.publish({ user_id: user, type: 'system.announcement', title: 'While away 1', message: 'Missed live.' });
    await harness.publish({ user_id: user, type: 'system.announcement', title: 'While away 2', message: 'Missed live.' });
    const waiting = await retryIn();
    assert.ok(waiting >= 3, `the next scheduled retry is still ${waiting} s away`);

    // The browser reports it is online again: the page reconnects now, not when the timer fires.
    const before = Date.now();
    try {
      await page.context().setOffline(true);
    } finally {
      await page.context().setOffline(false);
    }
    await page.locator('.nc-bell[data-connection="connected"]').waitFor({ timeout: 10_000 });
    const took = Date.now() - before;
    assert.ok(took < (waiting - 1) * 1000, `reconnected after ${took} ms, before the ${waiting} s timer`);
    await badgeIs(page, '3');

    await page.getByRole('button', { name: /^Notifications/ }).click();
    // The badge can show the count before the resume that brings the rows has ended.
    await page.waitForFunction(() => document.querySelectorAll('.nc-list .nc-title').length === 3, null, slow).catch(() => undefined);
    const titles = await page.locator('.nc-list .nc-title').allTextContents();
    assert.deepEqual(titles.map((t) => t.replace(/^Unread: /, '')), ['While away 2', 'While away 1', 'Before']);
    await page.close();
  });

  it('markup in a title or message shows as text and never runs', async () => {
    const user = uniqueUser('markup');
    const page = await harness.openSignedIn(user);
    let dialogs = 0;
    page.on('dialog', async (dialog) => {
      dialogs++;
      await dialog.dismiss();
    });

    const title = '<img src=x onerror=alert(1)>';
    const message = '<script>window.__xss = 1</script><b>not bold</b>';
    await harness.publish({ user_id: user, type: 'system.announcement', title, message });
    await harness.publish({
      user_id: user,
      type: 'content_generation.completed',
      title: '<img src=y onerror=alert(2)> ready',
      message: '<a href="javascript:alert(3)">click</a>',
      payload: { content_request_id: 'req_markup', content_id: 'vid_markup', progress_percentage: 100 },
    });

    const toast = page.locator('.toast', { hasText: '<img src=y onerror=alert(2)> ready' });
    await toast.waitFor(slow);
    await page.getByRole('button', { name: /^Notifications/ }).click();
    const row = page.locator('.nc-list > li', { hasText: title });
    await row.waitFor(slow);
    await page.screenshot({ path: join(screenshotDir, 'markup-as-text.png') });

    assert.equal((await row.locator('.nc-title').textContent()).replace(/^Unread: /, ''), title);
    assert.equal(await row.locator('.nc-message').textContent(), message);
    assert.equal(await page.locator('.nc-panel img, .toast img, .nc-panel b, .nc-panel script, .toast a[href^="javascript"]').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(dialogs, 0);
    await page.close();
  });

  it('hides the sign-in form where the hub has no development endpoints', async () => {
    const page = await harness.browserContext.newPage();
    await page.route('**/api/v1/dev/token**', (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(harness.hubUrl);
    await page.getByLabel('Or any user id').fill('someone');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('This server does not offer demo sign-in').waitFor();
    assert.equal(await page.getByLabel('Or any user id').count(), 0);
    await page.close();
  });

  it('no page did anything the Content-Security-Policy refused', () => {
    assert.deepEqual(harness.cspViolations, []);
  });
});
