// The end-to-end harness: builds the web app, has the stack launcher (tests/Vividly.Stack) start
// a real hub (Development, SQLite inbox) and a real worker (simulated generation stages) on free
// loopback ports, drives Debian's Chromium through playwright-core, and stops everything it started.
//
// Environment:
//   HUB_DLL, WORKER_DLL  built Vividly.Hub.dll and Vividly.Worker.dll to start (preferred)
//   STACK_DLL            with them, the built Vividly.Stack.dll that starts them
//   HUB_URL              instead, an already-running hub in Development with a worker behind it
//                        (it must serve this app's build; the hub-restart scenario is skipped)
//   CHROMIUM_PATH        the browser (default /usr/bin/chromium)
//   DOTNET               the dotnet executable (default dotnet)
//   E2E_STAGE_MS         SIMULATED_STAGE_MS for the worker (default 200)
//
// A test of the app on another origin builds it with `buildApp` (VITE_API_URL pointing at the hub)
// and serves it with `serveApp` (Vite's preview server) on a port of its own.

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHttp(url, { timeoutMs = 30_000, name } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
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

/**
 * The stack launcher, kept running with its stdin open: it answers each command with a line, and
 * stops everything it started when stdin closes, so nothing outlives the tests even if they die.
 */
class Stack {
  #child;
  #logFile;
  #lines;

  constructor(child, logFile) {
    this.#child = child;
    this.#logFile = logFile;
    this.#lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  /** Starts the launcher and answers it with the addresses it printed. */
  static async start(args, logFile) {
    const log = createWriteStream(logFile, { flags: 'a' });
    await once(log, 'open');
    const child = spawn(process.env.DOTNET ?? 'dotnet', [...args, '--commands'], { stdio: ['pipe', 'pipe', log] });
    child.on('exit', () => log.end());
    const stack = new Stack(child, logFile);
    const addresses = JSON.parse(await stack.#next());
    return { stack, addresses };
  }

  async #next() {
    const { value, done } = await this.#lines.next();
    if (done) throw new Error(`the stack launcher exited\n--- its log ---\n${tail(this.#logFile)}`);
    return value;
  }

  /** `stop NAME [SIGNAL]` or `start NAME`; resolves once the launcher has done it. */
  async command(line) {
    this.#child.stdin.write(`${line}\n`);
    const answer = await this.#next();
    if (answer !== 'ok') throw new Error(`stack launcher: ${line}: ${answer}`);
  }

  async stop() {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
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
  #stack = null;

  /**
   * `settings`: more of the hub's environment (CORS_ALLOWED_ORIGINS, say). `hubServesApp: false`
   * skips building the app into the hub's web root, for tests that serve it elsewhere.
   */
  async start({ settings: extraSettings = {}, hubServesApp = true } = {}) {
    mkdirSync(screenshotDir, { recursive: true });
    this.#tmp = mkdtempSync(join(tmpdir(), 'vividly-e2e-'));
    const hubDll = process.env.HUB_DLL;
    const workerDll = process.env.WORKER_DLL;

    if (hubDll || workerDll) {
      const stackDll = process.env.STACK_DLL;
      if (!hubDll || !workerDll || !stackDll) throw new Error('Set HUB_DLL, WORKER_DLL and STACK_DLL (built Vividly.Hub.dll, Vividly.Worker.dll and Vividly.Stack.dll).');
      for (const dll of [hubDll, workerDll, stackDll]) if (!existsSync(dll)) throw new Error(`${dll} does not exist: build the solution first.`);
      const wwwroot = join(this.#tmp, 'wwwroot');
      if (hubServesApp) buildApp(wwwroot);
      else mkdirSync(wwwroot);
      const settings = {
        ASPNETCORE_ENVIRONMENT: 'Development',
        Logging__LogLevel__Default: process.env.E2E_LOG_LEVEL ?? 'Warning',
        ASPNETCORE_WEBROOT: wwwroot,
        INBOX_SQLITE_PATH: join(this.#tmp, 'inbox.db'),
        SIMULATED_STAGE_MS: process.env.E2E_STAGE_MS ?? '200',
        SIMULATED_FAILURE_RATE: '0',
        ...extraSettings,
      };
      const args = [resolve(stackDll), '--hubs', '1', '--worker', '--hub-dll', resolve(hubDll), '--worker-dll', resolve(workerDll), '--logs', this.#tmp];
      for (const [key, value] of Object.entries(settings)) args.push('--env', `${key}=${value}`);
      const { stack, addresses } = await Stack.start(args, join(this.#tmp, 'stack.log'));
      this.#stack = stack;
      this.hubUrl = addresses.hubs[0].url;
      this.workerUrl = addresses.worker.url;
      this.canRestartHub = true;
    } else {
      this.hubUrl = (process.env.HUB_URL ?? 'http://127.0.0.1:5080').replace(/\/+$/, '');
      await waitForHttp(`${this.hubUrl}/api/v1/notifications/health`, { timeoutMs: 10_000, name: `hub at ${this.hubUrl}` }).catch((error) => {
        error.message += '\nSet HUB_DLL, WORKER_DLL and STACK_DLL to the built Vividly.Hub.dll, Vividly.Worker.dll and Vividly.Stack.dll, or HUB_URL to a running hub in Development with a worker.';
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

  /** A path in the harness's temporary folder, removed when it stops. */
  tempPath(name) {
    return join(this.#tmp, name);
  }

  /** Stops the hub (SIGKILL: a crash) and starts it again on the same port and inbox file. */
  async restartHub({ signal = 'SIGTERM', downMs = 500 } = {}) {
    await this.stopHub(signal);
    await sleep(downMs);
    await this.startHub();
  }

  async stopHub(signal = 'SIGTERM') {
    if (!this.canRestartHub) throw new Error('The harness did not start the hub: it cannot stop it.');
    await this.#stack.command(`stop hub-1 ${signal}`);
  }

  async startHub() {
    if (!this.canRestartHub) throw new Error('The harness did not start the hub: it cannot start it.');
    await this.#stack.command('start hub-1');
  }

  async stop() {
    await this.browserContext?.close().catch(() => undefined);
    await this.#stack?.stop();
    if (this.#tmp && !process.env.E2E_KEEP_TMP) rmSync(this.#tmp, { recursive: true, force: true });
    else if (this.#tmp) console.log(`# e2e files kept in ${this.#tmp}`);
  }

  logs() {
    return `--- hub ---\n${tail(join(this.#tmp, 'hub-1.log'))}\n--- worker ---\n${tail(join(this.#tmp, 'worker.log'))}`;
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

/** Builds the app into `outDir` with the given build variables (VITE_API_URL, VITE_ENABLE_NOTIFICATIONS). */
export function buildApp(outDir, variables = {}) {
  const vite = join(webRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: webRoot,
    encoding: 'utf8',
    env: { ...process.env, VITE_API_URL: '', VITE_ENABLE_NOTIFICATIONS: '', ...variables },
  });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}

/** A free loopback port, for a server whose address must be known before it starts. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Serves a built app as a static host would (Vite's preview server, with the app's fallback to
 * index.html) on 127.0.0.1:`port`, sending `headers` with every answer. Resolves to its origin
 * and a `close()`.
 */
export async function serveApp(outDir, { port, headers = {} }) {
  const server = await preview({
    root: webRoot,
    configFile: false,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, headers },
  });
  return { origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}

export function uniqueUser(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}
