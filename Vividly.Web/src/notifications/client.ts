import {
  HttpTransportType,
  HubConnectionBuilder,
  LogLevel,
  type HubConnection,
} from '@microsoft/signalr';
import { createInboxApi, joinUrl, type InboxApi, type TokenSource } from './api';
import {
  applyInboxChange,
  applyServerCount,
  clearLocal,
  emptyInbox,
  highestSeq,
  markAllReadLocal,
  markReadLocal,
  mergeNotifications,
  unreadCount,
  type InboxState,
} from './inboxState';
import { defaultReconnectPolicy, reconnectDelay, type ReconnectPolicyOptions } from './reconnectPolicy';
import { SeqTracker } from './seqTracker';
import {
  HubMethods,
  HubPath,
  type ConnectionInfo,
  type ConnectionState,
  type InboxChange,
  type Notification,
  type ResumePage,
  type ResumeRequest,
} from './types';

/** The part of SignalR's HubConnection the client uses; tests pass a fake. */
export interface HubConnectionLike {
  on(method: string, handler: (...args: never[]) => void): void;
  onclose(callback: (error?: Error) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
}

export type ConnectionFactory = (url: string, accessTokenFactory: () => Promise<string>) => HubConnectionLike;

/**
 * The SignalR connection the contract asks for: Server-Sent Events only (negotiated, not
 * skipped), JSON, the token from `accessTokenFactory` (sent as `?access_token=` on the stream).
 * No SignalR automatic reconnect: {@link NotificationClient} runs its own loop, which never
 * gives up and can retry at once when the browser comes back.
 */
export const signalRConnectionFactory: ConnectionFactory = (url, accessTokenFactory) => {
  const connection: HubConnection = new HubConnectionBuilder()
    .withUrl(url, {
      transport: HttpTransportType.ServerSentEvents,
      skipNegotiation: false,
      accessTokenFactory,
    })
    .configureLogging(LogLevel.Warning)
    .build();
  // The hub keeps the stream alive every 30 s by default (SSE_HEARTBEAT_INTERVAL);
  // allow two missed beats before calling the connection dead.
  connection.serverTimeoutInMilliseconds = 65_000;
  return connection;
};

export interface NotificationClientOptions {
  getAccessToken: TokenSource;
  /** Origin the hub is on; '' for the page's own origin. */
  baseUrl?: string;
  connectionFactory?: ConnectionFactory;
  api?: InboxApi;
  reconnect?: ReconnectPolicyOptions;
  random?: () => number;
  /** Where `online` and `visibilitychange` come from; defaults to window/document when present. */
  environment?: ClientEnvironment | null;
  /** How many notifications the first load fetches. */
  initialLimit?: number;
  /** `SSE_MAX_BACKLOG_MESSAGES`: a Resume answer this long means there may be more. */
  resumePageSize?: number;
  /** How long to wait for `ConnectionEstablished` before resuming without it. */
  establishedTimeoutMs?: number;
  now?: () => Date;
}

export interface ClientEnvironment {
  addOnlineListener(listener: () => void): () => void;
  addVisibleListener(listener: () => void): () => void;
}

export function browserEnvironment(): ClientEnvironment | null {
  if (typeof window === 'undefined' || typeof document === 'undefined') return null;
  return {
    addOnlineListener(listener) {
      window.addEventListener('online', listener);
      return () => window.removeEventListener('online', listener);
    },
    addVisibleListener(listener) {
      const onChange = () => {
        if (document.visibilityState === 'visible') listener();
      };
      document.addEventListener('visibilitychange', onChange);
      return () => document.removeEventListener('visibilitychange', onChange);
    },
  };
}

export interface NotificationsSnapshot {
  connectionState: ConnectionState;
  /** Held notifications, newest first, one per seq. */
  notifications: readonly Notification[];
  unreadCount: number;
  /** True once the first load (REST or resume) has finished. */
  loaded: boolean;
  /** True while older notifications can be fetched with `loadOlder`. */
  hasOlder: boolean;
  /** When the next reconnect attempt is due (epoch ms), while one is waiting. */
  nextRetryAt: number | null;
  /** The hub refused the token (401): the host should sign in again. */
  unauthorized: boolean;
  lastError: string | null;
  connectionInfo: ConnectionInfo | null;
}

export type ArrivalListener = (notifications: readonly Notification[]) => void;

type Listener = () => void;

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** SignalR's answer when the hub has no method of that name. */
function isMissingMethod(error: unknown): boolean {
  return /method does not exist/i.test(describe(error));
}

interface ResumeAnswer {
  items: Notification[];
  more: boolean;
  /** Every seq up to this one is in the answer or gone for good; null when the hub does not say. */
  completeThrough: number | null;
  removedThrough: number;
}

function statusOf(error: unknown): number | null {
  if (error && typeof error === 'object') {
    const e = error as { statusCode?: unknown; status?: unknown };
    if (typeof e.statusCode === 'number') return e.statusCode;
    if (typeof e.status === 'number') return e.status;
  }
  return null;
}

/**
 * One user's live notifications: keeps a SignalR connection up for as long as it runs, loads
 * the inbox, replays what the connection missed with `Resume`, drops duplicates by seq, and
 * keeps read state and the unread count in step with the user's other devices.
 */
export class NotificationClient {
  private readonly options: Required<Omit<NotificationClientOptions, 'api' | 'environment'>>;
  private readonly api: InboxApi;
  private readonly environment: ClientEnvironment | null;
  private readonly tracker = new SeqTracker();
  private inbox: InboxState = emptyInbox();

  private connection: HubConnectionLike | null = null;
  private state: ConnectionState = 'idle';
  private running = false;
  private connecting = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private establishedTimer: ReturnType<typeof setTimeout> | null = null;
  private nextRetryAt: number | null = null;
  private everConnected = false;
  private unauthorized = false;
  private lastError: string | null = null;
  private info: ConnectionInfo | null = null;
  /** ConnectionEstablished can arrive in the handshake's own chunk, before start() resolves. */
  private earlyInfo: ConnectionInfo | null = null;

  private loaded = false;
  private nextBeforeSeq: number | null = null;
  /** Notifications at or below this seq were history when the client started: no toasts. */
  private toastFloor = Number.POSITIVE_INFINITY;
  private resuming = false;
  /** Whether the hub has ResumeFrom; unknown until asked once. */
  private hasResumeFrom: boolean | null = null;
  private initialLoad: Promise<void> | null = null;
  /** The first resume loads history (no REST inbox and no ConnectionEstablished seen). */
  private historyResume = false;
  private resumeAgain = false;

  private readonly listeners = new Set<Listener>();
  private readonly arrivalListeners = new Set<ArrivalListener>();
  private readonly disposers: Array<() => void> = [];
  private snapshot: NotificationsSnapshot;

  constructor(options: NotificationClientOptions) {
    const baseUrl = options.baseUrl ?? '';
    this.options = {
      getAccessToken: options.getAccessToken,
      baseUrl,
      connectionFactory: options.connectionFactory ?? signalRConnectionFactory,
      reconnect: options.reconnect ?? defaultReconnectPolicy,
      random: options.random ?? Math.random,
      initialLimit: options.initialLimit ?? 50,
      resumePageSize: options.resumePageSize ?? 100,
      establishedTimeoutMs: options.establishedTimeoutMs ?? 5_000,
      now: options.now ?? (() => new Date()),
    };
    this.api = options.api ?? createInboxApi(baseUrl, options.getAccessToken);
    this.environment = options.environment === undefined ? browserEnvironment() : options.environment;
    this.snapshot = this.buildSnapshot();
  }

  // ---- store interface (useSyncExternalStore) ----

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): NotificationsSnapshot => this.snapshot;

  /** Called with notifications that are new to this page (live or replayed), not history. */
  onArrival(listener: ArrivalListener): () => void {
    this.arrivalListeners.add(listener);
    return () => this.arrivalListeners.delete(listener);
  }

  private buildSnapshot(): NotificationsSnapshot {
    return {
      connectionState: this.state,
      notifications: this.inbox.items,
      unreadCount: unreadCount(this.inbox),
      loaded: this.loaded,
      hasOlder: this.nextBeforeSeq !== null,
      nextRetryAt: this.nextRetryAt,
      unauthorized: this.unauthorized,
      lastError: this.lastError,
      connectionInfo: this.info,
    };
  }

  private changed(): void {
    this.snapshot = this.buildSnapshot();
    for (const listener of [...this.listeners]) listener();
  }

  // ---- lifecycle ----

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.environment) {
      this.disposers.push(this.environment.addOnlineListener(() => this.retryNow('online')));
      this.disposers.push(this.environment.addVisibleListener(() => this.retryNow('visible')));
    }
    void this.connect();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.clearRetry();
    this.clearEstablishedTimer();
    for (const dispose of this.disposers.splice(0)) dispose();
    const connection = this.connection;
    this.connection = null;
    this.setState('disconnected');
    if (connection) {
      try {
        await connection.stop();
      } catch {
        // Already gone.
      }
    }
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.changed();
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.nextRetryAt = null;
  }

  private clearEstablishedTimer(): void {
    if (this.establishedTimer !== null) clearTimeout(this.establishedTimer);
    this.establishedTimer = null;
  }

  private async connect(): Promise<void> {
    if (!this.running || this.connecting) return;
    this.connecting = true;
    this.clearRetry();
    this.earlyInfo = null;
    this.setState(this.everConnected ? 'reconnecting' : 'connecting');

    const url = joinUrl(this.options.baseUrl, HubPath);
    const connection = this.options.connectionFactory(url, async () => (await this.options.getAccessToken()) ?? '');
    this.connection = connection;
    this.wire(connection);

    try {
      await connection.start();
    } catch (error) {
      this.connecting = false;
      if (this.connection !== connection || !this.running) return;
      this.connection = null;
      const status = statusOf(error);
      this.unauthorized = status === 401;
      this.lastError = describe(error);
      this.scheduleRetry();
      return;
    }
    this.connecting = false;
    if (this.connection !== connection || !this.running) {
      void connection.stop().catch(() => undefined);
      return;
    }
    this.everConnected = true;
    this.attempt = 0;
    this.unauthorized = false;
    this.lastError = null;
    this.state = 'connected';
    this.changed();
    this.clearEstablishedTimer();
    const early = this.earlyInfo;
    this.earlyInfo = null;
    if (early) {
      void this.synchronize(early);
      return;
    }
    // ConnectionEstablished should come first; should it not, resume anyway.
    this.establishedTimer = setTimeout(() => {
      this.establishedTimer = null;
      if (this.connection === connection && this.state === 'connected') void this.synchronize(null);
    }, this.options.establishedTimeoutMs);
  }

  private wire(connection: HubConnectionLike): void {
    const current = () => this.running && this.connection === connection;
    connection.on(HubMethods.ConnectionEstablished, ((info: ConnectionInfo) => {
      if (!current()) return;
      if (this.connecting) {
        // start() has not resolved yet: synchronise once it has, so Resume can be called.
        this.earlyInfo = info;
        return;
      }
      this.clearEstablishedTimer();
      void this.synchronize(info);
    }) as (...args: never[]) => void);
    connection.on(HubMethods.Notification, ((n: Notification) => {
      if (!current()) return;
      this.ingest([n]);
      if (this.loaded && this.tracker.hasGap) void this.resume();
    }) as (...args: never[]) => void);
    connection.on(HubMethods.InboxChanged, ((change: InboxChange) => {
      if (!current()) return;
      this.inbox = applyInboxChange(this.inbox, change, this.nowIso(), this.tracker.highest);
      this.changed();
    }) as (...args: never[]) => void);
    connection.on(HubMethods.ResumeRequested, ((_request: ResumeRequest) => {
      if (!current()) return;
      void this.resume();
    }) as (...args: never[]) => void);
    connection.onclose((error) => {
      if (this.connection !== connection) return;
      this.connection = null;
      this.clearEstablishedTimer();
      if (!this.running) return;
      if (error) this.lastError = describe(error);
      this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    if (!this.running) return;
    this.clearRetry();
    const delay = reconnectDelay(this.attempt++, this.options.reconnect, this.options.random);
    this.nextRetryAt = Date.now() + delay;
    this.state = this.everConnected ? 'reconnecting' : 'connecting';
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
    this.changed();
  }

  /** The browser came back (online, or the tab shows): retry now instead of waiting. */
  retryNow(_reason: 'online' | 'visible' | 'manual' = 'manual'): void {
    if (!this.running) return;
    if (this.state === 'connected') {
      // A hidden tab's stream may have stalled without closing: catch up to be sure.
      if (this.loaded) void this.resume();
      return;
    }
    if (this.connecting) return;
    void this.connect();
  }

  // ---- synchronisation ----

  private nowIso(): string {
    return this.options.now().toISOString();
  }

  /** After every (re)connect: first load once, then take the server's count and resume. */
  private async synchronize(info: ConnectionInfo | null): Promise<void> {
    if (info) this.info = info;
    if (!this.loaded) {
      this.initialLoad ??= this.loadInitial(info).finally(() => {
        this.initialLoad = null;
      });
      await this.initialLoad;
    } else if (info) {
      this.inbox = applyServerCount(this.inbox, info.unread_count, info.last_seq);
      this.changed();
    }
    await this.resume();
  }

  private async loadInitial(info: ConnectionInfo | null): Promise<void> {
    const lastSeq = info?.last_seq ?? 0;
    // Anything up to last_seq is history: it is in the inbox, not news.
    if (info) this.toastFloor = lastSeq;
    try {
      const page = await this.api.list({ limit: this.options.initialLimit });
      const known = Math.max(lastSeq, highestSeq(page.items));
      this.inbox = mergeNotifications(this.inbox, page.items);
      this.inbox = applyServerCount(this.inbox, page.unread_count, known);
      this.tracker.advanceTo(known);
      this.toastFloor = known;
      this.nextBeforeSeq = page.next_before_seq;
    } catch (error) {
      // No REST inbox (yet): the hub alone can load the newest notifications.
      this.lastError = `inbox: ${describe(error)}`;
      this.tracker.advanceTo(Math.max(0, lastSeq - this.options.initialLimit));
      if (info) this.inbox = applyServerCount(this.inbox, info.unread_count, info.last_seq);
      else this.historyResume = true;
    }
    this.loaded = true;
    this.changed();
  }

  /**
   * One page after `after`: `ResumeFrom` where the hub has it (it says whether more follow and
   * which seqs were cleared or expired), else the contract's `Resume`, where a full page
   * (`resumePageSize`) means more may follow.
   */
  private async readAfter(connection: HubConnectionLike, after: number): Promise<ResumeAnswer> {
    if (this.hasResumeFrom !== false) {
      try {
        const page = await connection.invoke<ResumePage | null>(HubMethods.ResumeFrom, after);
        this.hasResumeFrom = true;
        const items = Array.isArray(page?.notifications) ? page.notifications : [];
        const more = page?.has_more === true;
        return {
          items,
          more,
          completeThrough: !more && typeof page?.last_seq === 'number' ? page.last_seq : null,
          removedThrough: typeof page?.removed_through_seq === 'number' ? page.removed_through_seq : 0,
        };
      } catch (error) {
        if (!isMissingMethod(error)) throw error;
        this.hasResumeFrom = false;
      }
    }
    const answer = await connection.invoke<Notification[] | null>(HubMethods.Resume, after);
    const items = Array.isArray(answer) ? answer : [];
    return {
      items,
      more: items.length >= this.options.resumePageSize && highestSeq(items) > after,
      completeThrough: null,
      removedThrough: 0,
    };
  }

  /** Asks the hub for everything after the watermark, a page at a time, until caught up. */
  private async resume(): Promise<void> {
    if (this.resuming) {
      this.resumeAgain = true;
      return;
    }
    const connection = this.connection;
    if (!connection || this.state !== 'connected') return;
    this.resuming = true;
    try {
      do {
        this.resumeAgain = false;
        for (let page = 0; page < 1_000; page++) {
          if (this.connection !== connection) return;
          const after = this.tracker.watermark;
          const answer = await this.readAfter(connection, after);
          // Cleared or expired seqs will never come: no gap to wait for below them.
          if (answer.removedThrough > after) this.tracker.advanceTo(answer.removedThrough);
          this.ingest(answer.items);
          if (!answer.more) {
            this.tracker.caughtUp();
            if (answer.completeThrough !== null) this.tracker.advanceTo(answer.completeThrough);
            break;
          }
          this.tracker.advanceTo(highestSeq(answer.items));
        }
      } while (this.resumeAgain && this.connection === connection);
      if (this.historyResume) {
        this.historyResume = false;
        this.toastFloor = this.tracker.highest;
      }
    } catch (error) {
      // The connection dropped mid-resume; the next connect resumes again.
      this.lastError = `resume: ${describe(error)}`;
      this.changed();
    } finally {
      this.resuming = false;
    }
  }

  /** Takes notifications from the hub (live or resumed), dropping those already seen by seq. */
  private ingest(list: readonly Notification[]): void {
    const fresh: Notification[] = [];
    for (const n of list) {
      if (!n || typeof n.seq !== 'number') continue;
      if (this.tracker.add(n.seq)) fresh.push(n);
    }
    if (fresh.length === 0) return;
    this.inbox = mergeNotifications(this.inbox, fresh);
    this.changed();
    const arrivals = fresh.filter((n) => n.seq > this.toastFloor).sort((a, b) => a.seq - b.seq);
    if (arrivals.length > 0) for (const listener of [...this.arrivalListeners]) listener(arrivals);
  }

  // ---- actions ----

  private hubReady(): HubConnectionLike | null {
    return this.state === 'connected' ? this.connection : null;
  }

  async markRead(ids: string | readonly string[]): Promise<void> {
    const list = typeof ids === 'string' ? [ids] : [...ids];
    if (list.length === 0) return;
    this.inbox = markReadLocal(this.inbox, list, this.nowIso());
    this.changed();
    try {
      const hub = this.hubReady();
      let count: number | null = null;
      if (hub) {
        count = await hub.invoke<number>(HubMethods.MarkRead, list);
      } else {
        for (const id of list) count = await this.api.markRead(id);
      }
      if (typeof count === 'number') {
        this.inbox = applyServerCount(this.inbox, count, this.tracker.highest);
        this.changed();
      }
    } catch (error) {
      this.fail('mark read', error);
    }
  }

  async markAllRead(): Promise<void> {
    this.inbox = markAllReadLocal(this.inbox, this.nowIso());
    this.changed();
    try {
      const hub = this.hubReady();
      const count = hub ? await hub.invoke<number>(HubMethods.MarkAllRead) : await this.api.markAllRead();
      if (typeof count === 'number') {
        this.inbox = applyServerCount(this.inbox, count, this.tracker.highest);
        this.changed();
      }
    } catch (error) {
      this.fail('mark all read', error);
    }
  }

  async clear(): Promise<void> {
    this.inbox = clearLocal(this.inbox);
    this.nextBeforeSeq = null;
    this.changed();
    try {
      await this.api.clear();
    } catch (error) {
      this.fail('clear', error);
    }
  }

  /** Fetches the page of notifications older than those held. */
  async loadOlder(): Promise<void> {
    if (this.nextBeforeSeq === null) return;
    try {
      const page = await this.api.list({ limit: this.options.initialLimit, before_seq: this.nextBeforeSeq });
      this.inbox = mergeNotifications(this.inbox, page.items, Number.POSITIVE_INFINITY);
      this.nextBeforeSeq = page.next_before_seq;
      this.changed();
    } catch (error) {
      this.fail('load older', error);
    }
  }

  private fail(what: string, error: unknown): void {
    this.lastError = `${what}: ${describe(error)}`;
    this.changed();
  }
}
