// The end-to-end harness: builds the web app, starts a real hub (Development, SQLite inbox) and
// a real worker (simulated generation stages) on free loopback ports, drives Debian's Chromium
// through playwright-core, and stops everything it started.
//
// Environment:
//   HUB_DLL, WORKER_DLL  built Vividly.Hub.dll and Vividly.Worker.dll to start (preferred)
//   HUB_URL              instead, an already-running hub in Development with a worker behind it
//                        (it must serve this app's build; the hub-restart scenario is skipped)
//   CHROMIUM_PATH        the browser (default /usr/bin/chromium)
//   DOTNET               the dotnet executable (default dotnet)
//   E2E_STAGE_MS         SIMULATED_STAGE_MS for the worker (default 200)

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const webRoot = resolve(here, '..');
export const screenshotDir = join(here, 'screenshots');

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHttp(url, { timeoutMs = 30_000, process: child, name } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.message;
    }
    await sleep(200);
  }
  throw new Error(`${name ?? url} not ready after ${timeoutMs} ms: ${last}`);
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

class Service {
  constructor(name, dll, env, args, logFile) {
    Object.assign(this, { name, dll, env, args, logFile });
    this.child = null;
  }

  async start(readyUrl) {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    await once(log, 'open');
    this.child = spawn(process.env.DOTNET ?? 'dotnet', [this.dll, ...this.args], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', log, log],
    });
    this.child.on('exit', () => log.end());
    try {
      await waitForHttp(readyUrl, { process: this.child, name: this.name });
    } catch (error) {
      error.message += `\n--- ${this.name} log ---\n${tail(this.logFile)}`;
      throw error;
    }
  }

  async stop(signal = 'SIGTERM') {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** What a test needs: the hub's address, the browser, and a way to restart the hub. */
export class Harness {
  hubUrl = '';
  workerUrl = '';
  browserContext = null;
  canRestartHub = false;
  /** Console reports of anything the Content-Security-Policy refused, on any page. */
  cspViolations = [];
  #tmp = '';
  #hub = null;
  #worker = null;

  async start() {
    mkdirSync(screenshotDir, { recursive: true });
    this.#tmp = mkdtempSync(join(tmpdir(), 'vividly-e2e-'));
    const hubDll = process.env.HUB_DLL;
    const workerDll = process.env.WORKER_DLL;

    if (hubDll || workerDll) {
      if (!hubDll || !workerDll) throw new Error('Set both HUB_DLL and WORKER_DLL (built Vividly.Hub.dll and Vividly.Worker.dll).');
      for (const dll of [hubDll, workerDll]) if (!existsSync(dll)) throw new Error(`${dll} does not exist: build the solution first.`);
      const wwwroot = join(this.#tmp, 'wwwroot');
      this.#build(wwwroot);
      const [hubPort, workerPort] = [await freePort(), await freePort()];
      this.hubUrl = `http://127.0.0.1:${hubPort}`;
      const workerUrl = `http://127.0.0.1:${workerPort}`;
      this.workerUrl = workerUrl;
      const common = { ASPNETCORE_ENVIRONMENT: 'Development', DOTNET_NOLOGO: '1', Logging__LogLevel__Default: process.env.E2E_LOG_LEVEL ?? 'Warning' };
      this.#hub = new Service(
        'hub',
        resolve(hubDll),
        { ...common, ASPNETCORE_URLS: this.hubUrl, WORKER_URL: workerUrl, INBOX_SQLITE_PATH: join(this.#tmp, 'inbox.db') },
        ['--webroot', wwwroot],
        join(this.#tmp, 'hub.log'),
      );
      this.#worker = new Service(
        'worker',
        resolve(workerDll),
        {
          ...common,
          ASPNETCORE_URLS: workerUrl,
          HUB_URL: this.hubUrl,
          SIMULATED_STAGE_MS: process.env.E2E_STAGE_MS ?? '200',
          SIMULATED_FAILURE_RATE: '0',
        },
        [],
        join(this.#tmp, 'worker.log'),
      );
      await this.#hub.start(`${this.hubUrl}/health/ready`);
      await this.#worker.start(`${workerUrl}/health/live`);
      this.canRestartHub = true;
    } else {
      this.hubUrl = (process.env.HUB_URL ?? 'http://127.0.0.1:5080').replace(/\/+$/, '');
      await waitForHttp(`${this.hubUrl}/api/v1/notifications/health`, { timeoutMs: 10_000, name: `hub at ${this.hubUrl}` }).catch((error) => {
        error.message += '\nSet HUB_DLL and WORKER_DLL to the built Vividly.Hub.dll and Vividly.Worker.dll, or HUB_URL to a running hub in Development with a worker.';
        throw error;
      });
    }

    this.browserContext = await chromium.launchPersistentContext(join(this.#tmp, 'chromium-profile'), {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
    });
    // The hub serves a Content-Security-Policy; whatever the app does must stay inside it.
    this.browserContext.on('page', (page) =>
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) this.cspViolations.push(message.text());
      }),
    );
    return this;
  }

  #build(outDir) {
    const vite = join(webRoot, 'node_modules', 'vite', 'bin', 'vite.js');
    const result = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: webRoot,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
  }

  /** Stops the hub (SIGKILL: a crash) and starts it again on the same port and inbox file. */
  async restartHub({ signal = 'SIGTERM', downMs = 500 } = {}) {
    await this.stopHub(signal);
    await sleep(downMs);
    await this.startHub();
  }

  async stopHub(signal = 'SIGTERM') {
    if (!this.canRestartHub) throw new Error('The harness did not start the hub: it cannot stop it.');
    await this.#hub.stop(signal);
  }

  async startHub() {
    if (!this.canRestartHub) throw new Error('The harness did not start the hub: it cannot start it.');
    await this.#hub.start(`${this.hubUrl}/health/ready`);
  }

  async stop() {
    await this.browserContext?.close().catch(() => undefined);
    await this.#worker?.stop();
    await this.#hub?.stop();
    if (this.#tmp && !process.env.E2E_KEEP_TMP) rmSync(this.#tmp, { recursive: true, force: true });
    else if (this.#tmp) console.log(`# e2e files kept in ${this.#tmp}`);
  }

  logs() {
    return `--- hub ---\n${tail(join(this.#tmp, 'hub.log'))}\n--- worker ---\n${tail(join(this.#tmp, 'worker.log'))}`;
  }

  // ---- the hub's API, as tests use it ----

  async token(userId, roles) {
    const query = new URLSearchParams({ user_id: userId });
    if (roles) query.set('roles', roles);
    const response = await fetch(`${this.hubUrl}/api/v1/dev/token?${query}`);
    if (!response.ok) throw new Error(`dev token: HTTP ${response.status}`);
    return (await response.json()).access_token;
  }

  async publish(request) {
    this.publisherToken ??= await this.token('svc-e2e', 'notifications.publish');
    const response = await fetch(`${this.hubUrl}/api/v1/notifications/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.publisherToken}` },
      body: JSON.stringify(request),
    });
    if (response.status !== 202) throw new Error(`publish: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  }

  /**
   * Delivers a content request to the worker as Pub/Sub would: a push the worker answers only
   * once the hub has accepted every notification. Unlike the hub's dev endpoint, this delivery
   * does not live inside the hub process, so it outlives a hub restart.
   */
  async pushToWorker({ request_id, student_id, topic }) {
    if (!this.workerUrl) throw new Error('The harness did not start the worker.');
    const data = Buffer.from(JSON.stringify({ request_id, student_id, topic })).toString('base64');
    const response = await fetch(`${this.workerUrl}/pubsub/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: { data, message_id: request_id, attributes: {} }, subscription: 'e2e' }),
    });
    return response.status;
  }

  /** Opens a tab signed in as `userId` through the URL fragment, the way a host hands a token over. */
  async openSignedIn(userId) {
    const page = await this.browserContext.newPage();
    const token = await this.token(userId);
    await page.goto(`${this.hubUrl}/#access_token=${token}`);
    await page.getByRole('button', { name: /^Notifications/ }).waitFor();
    await page.locator('.nc-bell[data-connection="connected"]').waitFor();
    return page;
  }
}

export function uniqueUser(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}
