// End-to-end: the inbox's state (archive and undo, snooze and its return, the views), the
// preferences, and the panel from the keyboard alone, against a real hub in Debian's Chromium.
// Run with `npm run e2e` (see harness.mjs for the environment it needs).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { Harness, screenshotDir, uniqueUser } from './harness.mjs';

const harness = new Harness();
const slow = { timeout: 30_000 };

before(async () => {
  // Snoozes end within two seconds of their time instead of a minute.
  await harness.start({ settings: { INBOX_UNSNOOZE_INTERVAL_SECONDS: '2' } });
});

after(async () => {
  await harness.stop();
});

/** Calls the hub's REST API as `userId`; answers the parsed body. */
async function api(userId, method, path, body) {
  const token = await harness.token(userId);
  const response = await fetch(`${harness.hubUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body && { 'Content-Type': 'application/json' }) },
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: HTTP ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const titlesIn = async (userId, view) =>
  (await api(userId, 'GET', `/api/v1/notifications?view=${view}&limit=100`)).items.map((n) => n.title);

async function publish(userId, title, extra = {}) {
  return harness.publish({ user_id: userId, type: 'system.announcement', title, message: `${title}.`, ...extra });
}

/** Waits for the server to agree, polling with a deadline. */
async function eventually(check, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await check();
    if (last === true) return;
    if (Date.now() > deadline) assert.fail(`${what}: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const rowTitles = (page) =>
  page.locator('.nc-panel li[data-row-key] .nc-title').evaluateAll((els) => els.map((e) => e.textContent.replace(/^Unread: /, '')));

async function rowsAre(page, expected) {
  await page.waitForFunction(
    (want) =>
      JSON.stringify([...document.querySelectorAll('.nc-panel li[data-row-key] .nc-title')].map((e) => e.textContent.replace(/^Unread: /, ''))) ===
      JSON.stringify(want),
    expected,
    slow,
  ).catch(async (error) => {
    error.message += `\nrows: ${JSON.stringify(await rowTitles(page))}`;
    throw error;
  });
}

async function openPanel(page) {
  await page.getByRole('button', { name: /^Notifications/ }).click();
  await page.getByRole('dialog', { name: 'Notifications' }).waitFor();
}

const filter = (page, name) => page.getByRole('group', { name: 'Show' }).getByRole('button', { name, exact: true });

describe('the inbox against a real hub', () => {
  it('archives a row and undoes it; archives everything read and undoes that', async () => {
    const user = uniqueUser('archive');
    await publish(user, 'Quiz on Friday');
    await publish(user, 'Captions are here');
    const page = await harness.openSignedIn(user);
    await openPanel(page);
    await rowsAre(page, ['Captions are here', 'Quiz on Friday']);

    await page.getByRole('button', { name: 'Archive: Quiz on Friday' }).click();
    await rowsAre(page, ['Captions are here']);
    await page.getByTestId('undo').getByText('Archived').waitFor();
    await eventually(async () => (await titlesIn(user, 'archived')).join() === 'Quiz on Friday' || (await titlesIn(user, 'archived')), 'archived on the server');
    await page.screenshot({ path: join(screenshotDir, 'inbox-undo.png') });

    await page.getByTestId('undo').getByRole('button', { name: 'Undo' }).click();
    await rowsAre(page, ['Captions are here', 'Quiz on Friday']);
    await eventually(async () => (await titlesIn(user, 'archived')).length === 0 || (await titlesIn(user, 'archived')), 'back in the inbox on the server');

    await page.getByRole('button', { name: 'Mark read: Captions are here' }).click();
    await page.getByRole('button', { name: 'Archive all read' }).click();
    await rowsAre(page, ['Quiz on Friday']);
    await eventually(async () => (await titlesIn(user, 'archived')).join() === 'Captions are here' || (await titlesIn(user, 'archived')), 'read ones archived');
    await page.getByTestId('undo').getByRole('button', { name: 'Undo' }).click();
    await rowsAre(page, ['Captions are here', 'Quiz on Friday']);
    await eventually(async () => (await titlesIn(user, 'archived')).length === 0 || (await titlesIn(user, 'archived')), 'archive read undone');
    await page.close();
  });

  it('shows each view: Unread, All, Archived, Snoozed', async () => {
    const user = uniqueUser('views');
    const unread = await publish(user, 'Unread one');
    const read = await publish(user, 'Read one', { priority: 'urgent' });
    const archived = await publish(user, 'Archived one');
    const snoozed = await publish(user, 'Snoozed one');
    await api(user, 'POST', `/api/v1/notifications/${read.id}/read`);
    await api(user, 'POST', `/api/v1/notifications/${archived.id}/archive`);
    await api(user, 'POST', `/api/v1/notifications/${snoozed.id}/snooze`, { until: new Date(Date.now() + 3_600_000).toISOString() });
    assert.ok(unread.id);

    const page = await harness.openSignedIn(user);
    await openPanel(page);
    await rowsAre(page, ['Read one', 'Unread one']);
    assert.equal(await page.locator('li[data-row-key]', { hasText: 'Read one' }).getByTestId('priority').textContent(), 'Urgent');
    await filter(page, 'Unread').click();
    await rowsAre(page, ['Unread one']);
    await filter(page, 'Archived').click();
    await rowsAre(page, ['Archived one']);
    await filter(page, 'Snoozed').click();
    await rowsAre(page, ['Snoozed one']);
    await page.screenshot({ path: join(screenshotDir, 'inbox-snoozed-view.png') });
    await filter(page, 'All').click();
    await rowsAre(page, ['Read one', 'Unread one']);
    // A second device archives: this one follows through InboxChanged.updated.
    await api(user, 'POST', `/api/v1/notifications/${unread.id}/archive`);
    await rowsAre(page, ['Read one']);
    await page.close();
  });

  it('snoozes from the menu, unsnoozes from the Snoozed view, and shows a snooze ending as back from snooze', async () => {
    const user = uniqueUser('snooze');
    const later = await publish(user, 'Read this later');
    await publish(user, 'Stays put');
    const page = await harness.openSignedIn(user);
    await openPanel(page);
    await rowsAre(page, ['Stays put', 'Read this later']);

    await page.getByRole('button', { name: 'Snooze: Read this later' }).click();
    await page.getByRole('button', { name: 'In 1 hour' }).click();
    await rowsAre(page, ['Stays put']);
    await eventually(async () => (await titlesIn(user, 'snoozed')).join() === 'Read this later' || (await titlesIn(user, 'snoozed')), 'snoozed on the server');
    await filter(page, 'Snoozed').click();
    await rowsAre(page, ['Read this later']);
    await page.getByRole('button', { name: 'Unsnooze: Read this later' }).click();
    await rowsAre(page, []);
    await filter(page, 'All').click();
    await rowsAre(page, ['Stays put', 'Read this later']);

    // Snoozed for the shortest time the server takes; the job gives it back under a new seq.
    await api(user, 'POST', `/api/v1/notifications/${later.id}/snooze`, { until: new Date(Date.now() + 62_000).toISOString() });
    await rowsAre(page, ['Stays put']);
    // Toasts wait while the panel is open (the list shows it all): close it for the return.
    await page.keyboard.press('Escape');
    const toast = page.locator('.toast', { hasText: 'Back from snooze: Read this later' });
    await toast.waitFor({ timeout: 90_000 });
    await openPanel(page);
    await rowsAre(page, ['Read this later', 'Stays put']);
    await page.locator('li[data-row-key]', { hasText: 'Read this later' }).getByText('Back from snooze').waitFor();
    await page.screenshot({ path: join(screenshotDir, 'inbox-back-from-snooze.png') });
    const inbox = await api(user, 'GET', '/api/v1/notifications?limit=10');
    assert.equal(inbox.items[0].id, later.id, 'the same notification, on top under its new seq');
    await page.close();
  });

  it('loads and saves preferences, shows locked types as locked, and a refused field at the field', async () => {
    const user = uniqueUser('prefs');
    const page = await harness.openSignedIn(user);
    await openPanel(page);
    await page.getByRole('button', { name: 'Preferences' }).click();
    const form = page.getByRole('form', { name: 'Notification preferences' });
    await form.waitFor(slow);

    const failed = form.locator('fieldset[data-type="content_generation.failed"]');
    await failed.getByText('Locked').waitFor();
    assert.equal(await failed.getByLabel('Email', { exact: true }).isDisabled(), true);

    await form.locator('fieldset[data-type="system.announcement"]').getByLabel('Push', { exact: true }).selectOption('off');
    await form.getByLabel('Email cadence').first().selectOption('hourly');
    await form.getByLabel('Hold notifications during quiet hours').check();
    await form.getByLabel('From').fill('21:30');
    await form.getByLabel('Time zone').selectOption('Europe/Berlin');
    await form.getByRole('button', { name: 'Save preferences' }).click();
    await form.getByRole('status').getByText('Saved').waitFor(slow);
    await page.screenshot({ path: join(screenshotDir, 'preferences.png') });

    const stored = await api(user, 'GET', '/api/v1/preferences');
    assert.equal(stored.types['system.announcement'].channels.push, false);
    assert.equal(stored.all.email_cadence, 'hourly');
    assert.deepEqual(stored.quiet_hours, { enabled: true, start: '21:30', end: '07:00', time_zone: 'Europe/Berlin' });
    assert.equal(stored.effective['system.announcement'].channels.push.enabled, false);

    // A value the form cannot produce, sent anyway: the server's refusal shows at its field.
    await page.route('**/api/v1/preferences', (route) => {
      const request = route.request();
      if (request.method() !== 'PUT') return route.continue();
      const body = JSON.parse(request.postData());
      body.quiet_hours.time_zone = 'Mars/Olympus_Mons';
      return route.continue({ postData: JSON.stringify(body) });
    });
    await form.getByRole('button', { name: 'Save preferences' }).click();
    const zone = form.getByLabel('Time zone');
    await page.waitForFunction(() => document.querySelector('.nc-prefs select[aria-invalid="true"]') !== null, null, slow);
    assert.equal(await zone.getAttribute('aria-invalid'), 'true');
    const describedBy = await zone.getAttribute('aria-describedby');
    assert.ok((await page.locator(`[id="${describedBy}"]`).textContent()).length > 0, 'the message under the field');
    await page.screenshot({ path: join(screenshotDir, 'preferences-error.png') });
    await page.unroute('**/api/v1/preferences');
    assert.equal((await api(user, 'GET', '/api/v1/preferences')).quiet_hours.time_zone, 'Europe/Berlin', 'nothing half-stored');
    await page.close();
  });

  it('works from the keyboard alone', async () => {
    const user = uniqueUser('keys');
    for (const title of ['First', 'Second', 'Third']) await publish(user, title);
    const page = await harness.openSignedIn(user);
    const bell = page.getByRole('button', { name: /^Notifications/ });
    await bell.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Notifications' }).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return {
          inPanel: !!el?.closest('.nc-panel'),
          row: el?.closest('li[data-row-key]')?.querySelector('.nc-title')?.textContent.replace(/^Unread: /, '') ?? null,
          isRow: el?.matches('li[data-row-key]') ?? false,
          label: el?.getAttribute('aria-label') ?? el?.textContent ?? '',
          bell: el?.classList.contains('nc-bell') ?? false,
        };
      });
    assert.equal((await focused()).inPanel, true, 'focus moved into the dialog');
    await rowsAre(page, ['Third', 'Second', 'First']);

    // Tab reaches the list's one tab stop.
    for (let i = 0; i < 20 && !(await focused()).isRow; i++) await page.keyboard.press('Tab');
    assert.deepEqual(await focused().then((f) => [f.isRow, f.row]), [true, 'Third']);
    await page.keyboard.press('ArrowDown');
    assert.equal((await focused()).row, 'Second');
    await page.keyboard.press('End');
    assert.equal((await focused()).row, 'First');
    await page.keyboard.press('Home');
    assert.equal((await focused()).row, 'Third');
    await page.keyboard.press('ArrowDown');

    // The row's actions follow it in the Tab order: Mark read, Archive.
    await page.keyboard.press('Tab');
    assert.equal((await focused()).label, 'Mark read: Second');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).label, 'Archive: Second');
    await page.keyboard.press('Enter');
    await rowsAre(page, ['Third', 'First']);
    const after = await focused();
    assert.deepEqual([after.isRow, after.row], [true, 'First'], 'focus went to the row in its place');

    // Tab stays inside the dialog, round and round.
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      assert.equal((await focused()).inPanel, true, `Tab ${i + 1} stayed in the dialog`);
    }
    await page.keyboard.press('Escape');
    assert.equal((await focused()).bell, true, 'Escape gave focus back to the bell');
    assert.equal(await bell.getAttribute('aria-expanded'), 'false');
    await eventually(async () => (await titlesIn(user, 'archived')).join() === 'Second' || (await titlesIn(user, 'archived')), 'archived by keyboard');
    await page.close();
  });

  it('loads older rows as the end of the list scrolls into view', async () => {
    const user = uniqueUser('scroll');
    const publisherToken = await harness.token('svc-e2e-batch', 'notifications.publish');
    const requests = Array.from({ length: 65 }, (_, i) => ({
      user_id: user,
      type: 'system.announcement',
      title: `Note ${i + 1}`,
      message: 'Scroll down.',
    }));
    const published = await fetch(`${harness.hubUrl}/api/v1/notifications/publish/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${publisherToken}` },
      body: JSON.stringify({ requests }),
    });
    assert.equal(published.status, 202, await published.text());
    const page = await harness.openSignedIn(user);
    await openPanel(page);
    const rows = page.locator('.nc-panel li[data-row-key]');
    await page.waitForFunction(() => document.querySelectorAll('.nc-panel li[data-row-key]').length === 50, null, slow);
    // No click: scrolling the list to its end fetches the next page.
    await page.locator('.nc-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.waitForFunction(() => document.querySelectorAll('.nc-panel li[data-row-key]').length === 65, null, slow);
    assert.equal(await rows.last().locator('.nc-title').textContent(), 'Unread: Note 1');
    assert.equal(await page.getByRole('button', { name: 'Show older' }).count(), 0, 'nothing older left');
    await page.close();
  });

  it('holds actions while the browser is offline, and says so', async () => {
    const user = uniqueUser('offline');
    await publish(user, 'Wait for me');
    const page = await harness.openSignedIn(user);
    await openPanel(page);
    await rowsAre(page, ['Wait for me']);
    await page.context().setOffline(true);
    try {
      await page.getByTestId('offline-note').waitFor(slow);
      assert.equal(await page.getByRole('button', { name: 'Archive: Wait for me' }).isDisabled(), true);
      assert.equal(await page.getByRole('button', { name: 'Snooze: Wait for me' }).isDisabled(), true);
      await page.screenshot({ path: join(screenshotDir, 'inbox-offline.png') });
    } finally {
      await page.context().setOffline(false);
    }
    await page.getByTestId('offline-note').waitFor({ state: 'detached', ...slow });
    await page.getByRole('button', { name: 'Archive: Wait for me' }).click();
    await rowsAre(page, []);
    await eventually(async () => (await titlesIn(user, 'archived')).join() === 'Wait for me' || (await titlesIn(user, 'archived')), 'archived once back online');
    await page.close();
  });

  it('no page did anything the Content-Security-Policy refused', () => {
    assert.deepEqual(harness.cspViolations, []);
  });
});
