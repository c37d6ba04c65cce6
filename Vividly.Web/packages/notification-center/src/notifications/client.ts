import { createInboxApi, joinUrl, type InboxApi, type TokenSource } from './api';
import { InboxActions } from './actions';
import { LiveConnection } from './connection';
import { browserEnvironment, type ClientEnvironment } from './environment';
import { ForeverRetryPolicy } from './foreverRetryPolicy';
import { signalRConnectionFactory, type ConnectionFactory } from './hubConnection';
import { applyInboxChange, applyServerCount, highestSeq, mergeNotifications } from './inboxState';
import { createPreferencesApi, type PreferencesApi } from './preferences';
import { Resumer } from './resume';
import { NotificationStore, type ArrivalListener } from './store';
import { HubMethods, HubPath, type ConnectionInfo, type InboxChange, type InboxView, type Notification } from './types';

export interface NotificationClientOptions {
  getAccessToken: TokenSource;
  /** Origin the hub is on; '' for the page's own origin. */
  baseUrl?: string;
  connectionFactory?: ConnectionFactory;
  api?: InboxApi;
  preferencesApi?: PreferencesApi;
  retryPolicy?: ForeverRetryPolicy;
  /** Where `online` and `visibilitychange` come from; defaults to window/document when present. */
  environment?: ClientEnvironment | null;
  /** How many notifications the first load (and each older page) fetches. */
  initialLimit?: number;
  now?: () => Date;
}

type Handler = (...args: never[]) => void;

/** While the hub refuses for the connection limit, the inbox is fetched over REST at most this often. */
export const limitedRefreshMs = 30_000;

/**
 * One user's live notifications: keeps the hub connection up, loads the inbox over REST once,
 * resumes after every (re)connect, on `ResumeRequested` and on a seq gap, and keeps read state
 * and the unread count in step with the user's other devices.
 */
export class NotificationClient {
  private readonly store: NotificationStore;
  private readonly connection: LiveConnection;
  private readonly resumer: Resumer;
  private readonly actions: InboxActions;
  private readonly api: InboxApi;
  /** `GET|PUT /api/v1/preferences` for the same user. */
  readonly preferences: PreferencesApi;
  private readonly environment: ClientEnvironment | null;
  private readonly initialLimit: number;
  private readonly now: () => Date;
  private readonly disposers: Array<() => void> = [];
  /** `ConnectionEstablished` can come in the handshake's own chunk, before the connect completes. */
  private pendingInfo: ConnectionInfo | null = null;
  private initialLoad: Promise<void> | null = null;
  private restLoad: Promise<void> | null = null;
  private restLoadedAt = Number.NEGATIVE_INFINITY;

  constructor(options: NotificationClientOptions) {
    const baseUrl = options.baseUrl ?? '';
    this.api = options.api ?? createInboxApi(baseUrl, options.getAccessToken);
    this.preferences = options.preferencesApi ?? createPreferencesApi(baseUrl, options.getAccessToken);
    this.environment = options.environment === undefined ? browserEnvironment() : options.environment;
    this.initialLimit = options.initialLimit ?? 50;
    this.now = options.now ?? (() => new Date());
    const token = async () => (await options.getAccessToken()) ?? '';
    this.connection = new LiveConnection(
      joinUrl(baseUrl, HubPath),
      token,
      options.connectionFactory ?? signalRConnectionFactory,
      options.retryPolicy ?? new ForeverRetryPolicy(),
      () => {
        this.store.setConnection(this.connection.current);
        this.onStatus();
      },
      () => this.onConnected(),
    );
    this.store = new NotificationStore(this.connection.current);
    this.resumer = new Resumer(this.connection, this.store);
    this.actions = new InboxActions(this.store, this.connection, this.api, this.initialLimit, this.now);
    this.wire();
  }

  readonly subscribe = (listener: () => void) => this.store.subscribe(listener);
  readonly getSnapshot = () => this.store.getSnapshot();
  onArrival = (listener: ArrivalListener) => this.store.onArrival(listener);
  /** Seqs up to this one were history when the page loaded: not news. */
  get historyThrough(): number {
    return this.store.historyThrough;
  }

  markRead = (ids: string | readonly string[]) => this.actions.markRead(ids);
  markAllRead = () => this.actions.markAllRead();
  markUnread = (ids: readonly string[]) => this.actions.markUnread(ids);
  markRequestRead = (contentRequestId: string) => this.actions.markRequestRead(contentRequestId);
  archive = (ids: readonly string[]) => this.actions.archive(ids);
  unarchive = (ids: readonly string[]) => this.actions.unarchive(ids);
  archiveRead = () => this.actions.archiveRead();
  snooze = (ids: readonly string[], until: Date) => this.actions.snooze(ids, until);
  unsnooze = (ids: readonly string[]) => this.actions.unsnooze(ids);
  markSeen = (ids: readonly string[]) => this.actions.markSeen(ids);
  showView = (view: InboxView) => this.actions.showView(view);
  dismissFeedback = () => this.actions.dismissFeedback();
  /** Deletes the whole inbox (kept in the API; the panel does not offer it). */
  clear = () => this.actions.clear();
  loadOlder = () => this.actions.loadOlder();

  start(): void {
    if (this.environment && this.disposers.length === 0) {
      this.disposers.push(this.environment.addOnlineListener(() => this.retryNow()));
      this.disposers.push(this.environment.addVisibleListener(() => this.retryNow()));
      const environment = this.environment;
      if (environment.isOnline && environment.addOnlineStateListener) {
        this.store.online = environment.isOnline();
        this.disposers.push(
          environment.addOnlineStateListener((online) => {
            this.store.online = online;
            this.store.changed();
          }),
        );
      }
    }
    this.connection.start();
  }

  async stop(): Promise<void> {
    for (const dispose of this.disposers.splice(0)) dispose();
    await this.connection.stop();
  }

  /** The browser came back (online, or the tab shows), or the user asked: retry now. */
  retryNow(): void {
    // A hidden tab's stream may have stalled without closing: catch up to be sure.
    if (this.connection.isConnected) {
      if (this.store.loaded) void this.resumer.resume();
    } else this.connection.retryNow();
  }

  /**
   * Refused for the connection limit (other tabs or devices hold the user's connections): the
   * attempts go on, and meanwhile the inbox comes over REST, so the page shows it rather than
   * "Connecting" forever.
   */
  private onStatus(): void {
    if (!this.connection.current.connectionLimited || this.restLoad) return;
    const now = this.now().getTime();
    if (this.store.loaded && now - this.restLoadedAt < limitedRefreshMs) return;
    this.restLoadedAt = now;
    this.restLoad = this.loadOverRest().finally(() => (this.restLoad = null));
  }

  private async loadOverRest(): Promise<void> {
    const { store } = this;
    try {
      const page = await this.api.list({ limit: this.initialLimit });
      // The hub took the page meanwhile: its own load and resume are under way.
      if (this.connection.isConnected) return;
      const known = Math.max(highestSeq(page.items), store.inbox.base.seq);
      if (store.loaded) {
        // Newer than the page held: new to it, as if they had come live (oldest first).
        store.ingest(page.items.filter((n) => n.seq > store.tracker.highest).reverse());
        store.tracker.settle(known);
      } else {
        store.tracker.initializeFrom(known);
        store.historyThrough = known;
        store.paging.inbox.nextBeforeSeq = page.next_before_seq;
        store.paging.inbox.loaded = true;
        store.loaded = true;
      }
      store.inbox = applyServerCount(mergeNotifications(store.inbox, page.items), page.unread_count, known);
      store.changed();
    } catch (error) {
      store.fail('inbox', error);
    }
  }

  private wire(): void {
    const { hub } = this.connection;
    hub.on(HubMethods.ConnectionEstablished, ((info: ConnectionInfo) => {
      this.pendingInfo = info;
      if (this.connection.isConnected) this.onConnected();
    }) as Handler);
    hub.on(HubMethods.Notification, ((n: Notification) => {
      this.store.ingest([n], this.now().getTime());
      if (this.store.loaded && this.store.tracker.hasGap) void this.resumer.resume();
    }) as Handler);
    hub.on(HubMethods.InboxChanged, ((change: InboxChange) => {
      this.store.touch([...(change.read_ids ?? []), ...(change.updated ?? []).map((u) => u.id)]);
      this.store.update((inbox) => applyInboxChange(inbox, change, this.now().toISOString(), this.store.tracker.highest));
    }) as Handler);
    hub.on(HubMethods.ResumeRequested, (() => void this.resumer.resume()) as Handler);
  }

  /**
   * After every (re)connect, once the hub has said `ConnectionEstablished`: load once, then
   * resume; on a reconnect, also the first page of the view shown, as what changed elsewhere
   * while this page was away (read, archived, snoozed) comes through no resume.
   */
  private onConnected(): void {
    const info = this.pendingInfo;
    if (!info) return;
    this.pendingInfo = null;
    void this.synchronize(info);
  }

  private async synchronize(info: ConnectionInfo): Promise<void> {
    this.store.info = info;
    if (!this.store.loaded) {
      this.initialLoad ??= this.loadInitial(info).finally(() => (this.initialLoad = null));
      await this.initialLoad;
      await this.resumer.resume();
    } else {
      this.store.update((inbox) => applyServerCount(inbox, info.unread_count, info.last_seq));
      await this.resumer.resume();
      await this.actions.loadFirstPage(this.store.view);
    }
  }

  private async loadInitial(info: ConnectionInfo): Promise<void> {
    const { store } = this;
    // Anything up to last_seq is history: it is in the inbox, not news.
    store.historyThrough = info.last_seq;
    try {
      const page = await this.api.list({ limit: this.initialLimit });
      const known = Math.max(info.last_seq, highestSeq(page.items));
      store.inbox = applyServerCount(mergeNotifications(store.inbox, page.items), page.unread_count, known);
      store.tracker.initializeFrom(known);
      store.historyThrough = known;
      store.paging.inbox.nextBeforeSeq = page.next_before_seq;
    } catch (error) {
      // The inbox did not answer: resume loads the newest from the hub instead.
      store.fail('inbox', error);
      store.tracker.initializeFrom(Math.max(0, info.last_seq - this.initialLimit));
      store.inbox = applyServerCount(store.inbox, info.unread_count, info.last_seq);
    }
    store.loaded = true;
    store.paging.inbox.loaded = true;
    store.changed();
  }
}
