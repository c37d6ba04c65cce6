// End-to-end: a page on another origin reads the hub's plain stream with Chromium's own
// EventSource, no client library: notifications arrive by seq, a hub restart is followed by the
// browser's own reconnect with Last-Event-ID and nothing is lost or repeated, and a page on an
// origin the hub does not list is refused. Run with `npm run e2e` (see harness.mjs).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { Harness, freePort, serveApp, uniqueUser, webRoot } from './harness.mjs';

const harness = new Harness();
const slow = { timeout: 30_000 };
const servers = [];
let listed;
let stranger;

before(async () => {
  const [listedPort, strangerPort] = await Promise.all([freePort(), freePort()]);
  await harness.start({ settings: { CORS_ALLOWED_ORIGINS: `http://127.0.0.1:${listedPort}` }, hubServesApp: false });
  const headers = {
    'Content-Security-Policy': `default-src 'self'; script-src 'self'; connect-src 'self' ${harness.hubUrl}; object-src 'none'; base-uri 'none'`,
  };
  const page = join(webRoot, 'e2e', 'event-source-page');
  listed = await serveApp(page, { port: listedPort, headers });
  stranger = await serveApp(page, { port: strangerPort, headers });
  servers.push(listed, stranger);
});

after(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await harness.stop();
});

async function open(origin, userId) {
  const page = await harness.browserContext.newPage();
  await page.goto(`${origin}/#hub=${encodeURIComponent(harness.hubUrl)}&access_token=${await harness.token(userId)}`);
  return page;
}

const shownSeqs = (page) => page.locator('#seqs li').evaluateAll((items) => items.map((item) => Number(item.dataset.seq)));

async function publish(user, count, from) {
  for (let i = from; i < from + count; i++)
    await harness.publish({ user_id: user, type: 'system.announcement', title: `n${i}`, message: 'plain stream' });
}

describe('a plain EventSource page on another origin', () => {
  it('shows every notification once, across a hub restart the browser reconnects through by itself', slow, async () => {
    const user = uniqueUser('eventsource');
    const page = await open(listed.origin, user);
    await page.locator('#state', { hasText: 'connected' }).waitFor();
    await publish(user, 2, 1);
    await page.locator('#seqs li[data-seq="2"]').waitFor();

    await harness.stopHub('SIGTERM');
    await harness.startHub();
    // Published while the page is away or just back: its reconnect's Last-Event-ID replays them.
    await publish(user, 3, 3);
    await page.waitForFunction(() => document.getElementById('state').dataset.connections === '2', null, { timeout: 20_000 });
    await page.locator('#seqs li[data-seq="5"]').waitFor({ timeout: 20_000 });

    assert.deepEqual(await shownSeqs(page), [1, 2, 3, 4, 5]);
    await page.close();
  });

  it('is refused from an origin the hub does not list', slow, async () => {
    const page = await open(stranger.origin, uniqueUser('stranger'));
    await page.locator('#state', { hasText: 'closed' }).waitFor();
    assert.deepEqual(await shownSeqs(page), []);
    await page.close();
  });
});
