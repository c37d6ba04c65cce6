import type { IRetryPolicy } from '@microsoft/signalr';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gen, note } from '../test/fixtures';
import { HttpStatusError, type InboxApi, type ListParams } from './api';
import { NotificationClient } from './client';
import type { ClientEnvironment } from './environment';
import { ForeverRetryPolicy } from './foreverRetryPolicy';
import type { HubConnectionLike } from './hubConnection';
import type { ConnectionInfo, InboxPage, Notification } from './types';
import { newsOf } from './useNotifications';

/**
 * A hub connection that the test drives: what the server would send, and what it answers. It
 * reconnects a dropped connection the way SignalR's `withAutomaticReconnect` does: the policy's
 * delay, then an attempt, until one succeeds or the policy says stop; `stop()` ends the wait.
 */
class FakeConnection implements HubConnectionLike {
  readonly handlers = new Map<string, (arg: unknown) => void>();
  readonly closeCallbacks: Array<(error?: Error) => void> = [];
  readonly reconnectingCallbacks: Array<(error?: Error) => void> = [];
  readonly reconnectedCallbacks: Array<() => void> = [];
  /** What was invoked on the current (or last) connection. */
  invocations: Array<{ method: string; args: unknown[] }> = [];
  state: 'disconnected' | 'connecting' | 'connected' | 'reconnecting' = 'disconnected';
  stopped = false;
  private delay: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly server: FakeServer,
    private readonly policy: IRetryPolicy,
    private readonly token: () => Promise<string>,
  ) {}

  on(method: string, handler: (...args: never[]) => void): void {
    this.handlers.set(method, handler as unknown as (arg: unknown) => void);
  }
  onclose(callback: (error?: Error) => void): void {
    this.closeCallbacks.push(callback);
  }
  onreconnecting(callback: (error?: Error) => void): void {
    this.reconnectingCallbacks.push(callback);
  }
  onreconnected(callback: () => void): void {
    this.reconnectedCallbacks.push(callback);
  }
  async start(): Promise<void> {
    if (this.state !== 'disconnected') throw new Error('not disconnected');
    this.state = 'connecting';
    try {
      await this.attempt();
      this.state = 'connected';
    } catch (error) {
      this.state = 'disconnected';
      throw error;
    }
  }
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.delay !== null) clearTimeout(this.delay);
    this.delay = null;
    if (this.state !== 'disconnected') this.close();
  }
  async invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    this.invocations.push({ method, args });
    return (await this.server.invokeImpl(method, args)) as T;
  }
  send(method: string, arg: unknown): void {
    this.handlers.get(method)?.(arg);
  }
  /** The stream ends (or the server closes with allowReconnect): SignalR reconnects. */
  drop(error: Error | undefined = new Error('stream ended')): void {
    if (this.state === 'connected') void this.reconnect(error);
  }
  /** The connection is closed for good: SignalR calls onclose. */
  close(error?: Error): void {
    this.state = 'disconnected';
    for (const cb of this.closeCallbacks) cb(error);
  }
  resumes(): number[] {
    return this.invocations.filter((i) => i.method === 'ResumeFrom').map((i) => i.args[0] as number);
  }

  private async attempt(): Promise<void> {
    this.invocations = [];
    await this.token();
    this.server.starts++;
    await this.server.startImpl(this);
  }

  private async reconnect(error?: Error): Promise<void> {
    let count = 0;
    let reason = error ?? new Error('unknown');
    let next = this.policy.nextRetryDelayInMilliseconds({ previousRetryCount: 0, elapsedMilliseconds: 0, retryReason: reason });
    if (next === null) return this.close(error);
    this.state = 'reconnecting';
    for (const cb of this.reconnectingCallbacks) cb(error);
    while (next !== null) {
      await new Promise((resolve) => (this.delay = setTimeout(resolve, next!)));
      this.delay = null;
      if (this.state !== 'reconnecting') return;
      try {
        await this.attempt();
        this.state = 'connected';
        for (const cb of this.reconnectedCallbacks) cb();
        return;
      } catch (e) {
        if (this.state !== 'reconnecting') return;
        reason = e as Error;
        next = this.policy.nextRetryDelayInMilliseconds({ previousRetryCount: ++count, elapsedMilliseconds: 0, retryReason: reason });
      }
    }
    this.close();
  }
}

/** The store behind the hub: notifications by seq, and ResumeFrom paging like the contract says. */
class FakeServer {
  notifications: Notification[] = [];
  unread = 0;
  pageSize = 100;
  removedThrough = 0;
  /** Connection attempts: first starts and reconnects. */
  starts = 0;
  connection!: FakeConnection;
  startImpl: (c: FakeConnection) => Promise<void> = async () => undefined;
  /** Answers the inbox actions (Archive, Snooze, …) the test expects. */
  actionImpl: ((method: string, args: unknown[]) => Promise<unknown>) | null = null;

  get lastSeq(): number {
    return this.notifications.reduce((m, n) => Math.max(m, n.seq), 0);
  }

  async invokeImpl(method: string, args: unknown[]): Promise<unknown> {
    if (method === 'ResumeFrom') {
      const after = args[0] as number;
      const rest = this.notifications.filter((n) => n.seq > after).sort((a, b) => a.seq - b.seq);
      return {
        notifications: rest.slice(0, this.pageSize),
        has_more: rest.length > this.pageSize,
        last_seq: this.lastSeq,
        removed_through_seq: this.removedThrough,
      };
    }
    if (method === 'MarkRead') return (this.unread = Math.max(0, this.unread - (args[0] as string[]).length));
    if (method === 'MarkAllRead') return (this.unread = 0);
    if (this.actionImpl) return this.actionImpl(method, args);
    throw new Error(`unexpected ${method}`);
  }

  info(overrides: Partial<ConnectionInfo> = {}): ConnectionInfo {
    return {
      connection_id: `c${this.starts}`,
      user_id: 'student-1',
      instance_id: 'hub-1',
      last_seq: this.lastSeq,
      unread_count: this.unread,
      server_time: new Date().toISOString(),
      ...overrides,
    };
  }
}

class FakeApi implements InboxApi {
  calls: string[] = [];
  listImpl: (params: ListParams) => Promise<InboxPage>;
  constructor(server: FakeServer) {
    this.listImpl = async (params) => ({
      items: [...server.notifications].sort((a, b) => b.seq - a.seq).slice(0, params.limit ?? 50),
      unread_count: server.unread,
      next_before_seq: null,
    });
  }
  list = (params: ListParams = {}) => {
    this.calls.push(`list ${JSON.stringify(params)}`);
    return this.listImpl(params);
  };
  markRead = async (id: string) => {
    this.calls.push(`read ${id}`);
    return 0;
  };
  markAllRead = async () => {
    this.calls.push('read-all');
    return 0;
  };
  clear = async () => {
    this.calls.push('clear');
  };
  private record = (what: string) => async (...args: unknown[]) => {
    this.calls.push(`${what} ${args.map((a) => JSON.stringify(a)).join(' ')}`.trim());
    return 0;
  };
  markUnread = this.record('unread');
  archive = this.record('archive');
  unarchive = this.record('unarchive');
  archiveRead = this.record('archive-read');
  snooze = this.record('snooze');
  unsnooze = this.record('unsnooze');
  markSeen = this.record('seen');
  markRequestRead = this.record('request-read');
}

class FakeEnvironment implements ClientEnvironment {
  onlineState: Array<(online: boolean) => void> = [];
  private isOnlineNow = true;
  isOnline = () => this.isOnlineNow;
  addOnlineStateListener(l: (online: boolean) => void) {
    this.onlineState.push(l);
    return () => (this.onlineState = this.onlineState.filter((x) => x !== l));
  }
  setOnline(online: boolean) {
    this.isOnlineNow = online;
    this.onlineState.forEach((l) => l(online));
  }
  online: Array<() => void> = [];
  visible: Array<() => void> = [];
  addOnlineListener(l: () => void) {
    this.online.push(l);
    return () => (this.online = this.online.filter((x) => x !== l));
  }
  addVisibleListener(l: () => void) {
    this.visible.push(l);
    return () => (this.visible = this.visible.filter((x) => x !== l));
  }
}

const flush = async () => {
  for (let i = 0; i < 30; i++) await Promise.resolve();
};

function setup(configure?: (server: FakeServer, api: FakeApi) => void) {
  const server = new FakeServer();
  const api = new FakeApi(server);
  const environment = new FakeEnvironment();
  configure?.(server, api);
  const client = new NotificationClient({
    getAccessToken: () => 'token',
    connectionFactory: (_url, token, policy) => (server.connection = new FakeConnection(server, policy, token)),
    api,
    environment,
    retryPolicy: new ForeverRetryPolicy(1_000, 30_000, () => 0.5),
  });
  // What the toasts would get: the hook's policy over the client's arrivals.
  const arrivals: Notification[] = [];
  client.onArrival((list) => arrivals.push(...newsOf(list, client.historyThrough, client.getSnapshot().returned)));
  return { server, api, environment, client, arrivals };
}

async function connect(server: FakeServer, info = server.info()) {
  await flush();
  server.connection.send('ConnectionEstablished', info);
  await flush();
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('NotificationClient: first load and resume', () => {
  it('loads the inbox over REST, then resumes after the newest it holds', async () => {
    const { server, api, client, arrivals } = setup((s) => {
      s.notifications = [note(1), note(2), note(3)];
      s.unread = 2;
    });
    client.start();
    expect(client.getSnapshot().connectionState).toBe('connecting');
    await connect(server);

    const snap = client.getSnapshot();
    expect(snap.connectionState).toBe('connected');
    expect(snap.loaded).toBe(true);
    expect(api.calls).toEqual(['list {"limit":50}']);
    expect(snap.notifications.map((n) => n.seq)).toEqual([3, 2, 1]);
    expect(snap.unreadCount).toBe(2);
    expect(server.connection.resumes()).toEqual([3]);
    expect(arrivals).toEqual([]); // history is not news
    await client.stop();
  });

  it('calls ResumeFrom again while has_more, live first then replayed, each once', async () => {
    const { server, api, client, arrivals } = setup((_s, a) => {
      a.listImpl = async () => ({ items: [], unread_count: 0, next_before_seq: null });
    });
    client.start();
    await flush();
    server.connection.send('ConnectionEstablished', server.info({ last_seq: 0, unread_count: 0 }));
    await flush();
    expect(server.connection.resumes()).toEqual([0]);

    // While the tab was busy, 250 notifications were stored and a later live one shows the gap.
    server.notifications = Array.from({ length: 250 }, (_, i) => note(i + 1));
    server.connection.send('Notification', server.notifications[249]);
    await flush();
    expect(server.connection.resumes()).toEqual([0, 0, 100, 200]);
    const snap = client.getSnapshot();
    expect(snap.notifications).toHaveLength(250);
    expect(new Set(snap.notifications.map((n) => n.seq)).size).toBe(250);
    // The live one first, then the replayed ones in order, each once.
    expect(arrivals.map((n) => n.seq)).toEqual([250, ...Array.from({ length: 249 }, (_, i) => i + 1)]);
    expect(api.calls).toHaveLength(1);
    await client.stop();
  });

  it('loads the newest from the hub when the REST inbox fails', async () => {
    const { server, client, arrivals } = setup((s, a) => {
      s.notifications = Array.from({ length: 80 }, (_, i) => note(i + 1));
      s.unread = 7;
      a.listImpl = async () => {
        throw new HttpStatusError(503, '/api/v1/notifications');
      };
    });
    client.start();
    await connect(server);
    expect(server.connection.resumes()).toEqual([30]);
    const snap = client.getSnapshot();
    expect(snap.notifications).toHaveLength(50);
    expect(snap.notifications[0]!.seq).toBe(80);
    expect(snap.unreadCount).toBe(7);
    expect(arrivals).toEqual([]);
    await client.stop();
  });
  it('counts a live one above last_seq as news even while the first load is under way', async () => {
    let answer: (page: InboxPage) => void = () => undefined;
    const { server, client, arrivals } = setup((s, a) => {
      s.notifications = [note(1), note(2)];
      a.listImpl = () => new Promise<InboxPage>((resolve) => (answer = resolve));
    });
    client.start();
    await connect(server);
    server.notifications.push(note(3));
    server.connection.send('Notification', server.notifications[2]);
    server.connection.send('Notification', note(2));
    answer({ items: [note(2), note(1)], unread_count: 2, next_before_seq: null });
    await flush();
    expect(arrivals.map((n) => n.seq)).toEqual([3]);
    expect(client.getSnapshot().notifications.map((n) => n.seq)).toEqual([3, 2, 1]);
    await client.stop();
  });
});

describe('NotificationClient: ResumeFrom paging', () => {
  it('pages by has_more, whatever the server page size', async () => {
    const { server, client } = setup((s, a) => {
      s.pageSize = 40;
      a.listImpl = async () => ({ items: [], unread_count: 0, next_before_seq: null });
    });
    client.start();
    await connect(server, server.info({ last_seq: 0 }));
    server.notifications = Array.from({ length: 90 }, (_, i) => note(i + 1));
    server.connection.send('ResumeRequested', { reason: 'backplane_restored' });
    await flush();
    expect(server.connection.resumes()).toEqual([0, 0, 40, 80]);
    expect(client.getSnapshot().notifications).toHaveLength(90);
    await client.stop();
  });

  it('does not wait for seqs the hub says were cleared or expired', async () => {
    const { server, client } = setup((_s, a) => {
      a.listImpl = async () => ({ items: [], unread_count: 0, next_before_seq: null });
    });
    client.start();
    await connect(server, server.info({ last_seq: 0 }));
    // Seqs 1..5 expired while the tab slept; 6 and 7 are there.
    server.notifications = [note(6), note(7)];
    server.removedThrough = 5;
    server.connection.send('Notification', server.notifications[1]);
    await flush();
    expect(server.connection.resumes()).toEqual([0, 0]);
    expect(client.getSnapshot().notifications.map((n) => n.seq)).toEqual([7, 6]);
    // Caught up: the next live one in sequence asks nothing.
    server.notifications.push(note(8));
    server.connection.send('Notification', server.notifications[2]);
    await flush();
    expect(server.connection.resumes()).toEqual([0, 0]);
    await client.stop();
  });
});

describe('NotificationClient: live notifications', () => {
  it('drops a duplicate seq and reports each arrival once', async () => {
    const { server, client, arrivals } = setup();
    client.start();
    await connect(server);
    const n = note(1);
    server.notifications.push(n);
    server.connection.send('Notification', n);
    server.connection.send('Notification', { ...n });
    await flush();
    expect(client.getSnapshot().notifications).toHaveLength(1);
    expect(arrivals.map((a) => a.seq)).toEqual([1]);
    expect(client.getSnapshot().unreadCount).toBe(1);
    await client.stop();
  });

  it('resumes when a seq skips one', async () => {
    const { server, client, arrivals } = setup();
    client.start();
    await connect(server);
    server.notifications.push(note(1), note(2), note(3));
    server.connection.send('Notification', server.notifications[0]);
    server.connection.send('Notification', server.notifications[2]);
    await flush();
    expect(server.connection.resumes()).toEqual([0, 1]);
    expect(client.getSnapshot().notifications.map((n) => n.seq)).toEqual([3, 2, 1]);
    expect(arrivals.map((a) => a.seq).sort()).toEqual([1, 2, 3]);
    await client.stop();
  });

  it('resumes when the server asks', async () => {
    const { server, client } = setup();
    client.start();
    await connect(server);
    server.notifications.push(note(1));
    server.connection.send('ResumeRequested', { reason: 'backplane_restored' });
    await flush();
    expect(server.connection.resumes()).toEqual([0, 0]);
    expect(client.getSnapshot().notifications).toHaveLength(1);
    await client.stop();
  });

  it('applies InboxChanged from another device', async () => {
    const { server, client } = setup((s) => {
      s.notifications = [note(1), note(2), note(3)];
      s.unread = 3;
    });
    client.start();
    await connect(server);
    server.connection.send('InboxChanged', { read_ids: ['n1', 'n2'], all_read: false, cleared: false, unread_count: 1 });
    await flush();
    let snap = client.getSnapshot();
    expect(snap.unreadCount).toBe(1);
    expect(snap.notifications.filter((n) => !n.read_at).map((n) => n.id)).toEqual(['n3']);
    server.connection.send('InboxChanged', { read_ids: [], all_read: false, cleared: true, unread_count: 0 });
    await flush();
    snap = client.getSnapshot();
    expect(snap.notifications).toEqual([]);
    expect(snap.unreadCount).toBe(0);
    await client.stop();
  });

  it('collapses progress into one row per request as it goes', async () => {
    const { server, client, arrivals } = setup();
    client.start();
    await connect(server);
    const events = [
      gen(1, 'req-1', 'started'),
      gen(2, 'req-1', 'progress', { progress_percentage: 20, stage: 'nlu' }),
      gen(3, 'req-1', 'progress', { progress_percentage: 40, stage: 'rag' }),
      gen(4, 'req-1', 'completed', { content_id: 'vid-1' }),
    ];
    for (const e of events) {
      server.notifications.push(e);
      server.connection.send('Notification', e);
    }
    await flush();
    const { collapseRows } = await import('./rows');
    const rows = collapseRows(client.getSnapshot().notifications);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('completed');
    expect(arrivals.filter((a) => a.type === 'content_generation.completed')).toHaveLength(1);
    await client.stop();
  });
});

describe('NotificationClient: reconnecting', () => {
  it('reconnects after a drop with backoff and replays what it missed, once', async () => {
    const { server, client, arrivals } = setup();
    client.start();
    await connect(server);
    server.notifications.push(gen(1, 'r', 'started'));
    server.connection.send('Notification', server.notifications[0]);
    await flush();

    // The first attempt, at once, is refused; the next waits for the backoff.
    server.startImpl = async () => {
      server.startImpl = async () => undefined;
      throw new Error('503');
    };
    server.connection.drop();
    await vi.advanceTimersByTimeAsync(0); // SignalR's first attempt: at once
    expect(server.starts).toBe(2);
    expect(client.getSnapshot().connectionState).toBe('reconnecting');
    // Missed while down: progress and the completion.
    server.notifications.push(gen(2, 'r', 'progress', { progress_percentage: 50 }), gen(3, 'r', 'completed'));

    await vi.advanceTimersByTimeAsync(499);
    expect(server.starts).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.starts).toBe(3);
    await connect(server);
    expect(client.getSnapshot().connectionState).toBe('connected');
    expect(server.connection.resumes()).toEqual([1]);
    // The completion is sent live too (sent while the stream was coming back): still once.
    server.connection.send('Notification', server.notifications[2]);
    await flush();
    expect(client.getSnapshot().notifications.map((n) => n.seq)).toEqual([3, 2, 1]);
    expect(arrivals.map((a) => a.seq)).toEqual([1, 2, 3]);
    await client.stop();
  });

  it('shows when the next attempt is due while SignalR waits, and not during the attempt', async () => {
    const { server, client } = setup();
    client.start();
    await connect(server);
    let release: () => void = () => undefined;
    server.startImpl = async () => {
      throw new Error('refused');
    };
    server.connection.drop();
    await vi.advanceTimersByTimeAsync(0); // SignalR's first attempt: at once
    const due = Date.now() + 500;
    expect(client.getSnapshot().nextRetryAt).toBe(due);
    expect(client.getSnapshot().lastError).toBe('refused');
    server.startImpl = () => new Promise<void>((resolve) => (release = resolve));
    await vi.advanceTimersByTimeAsync(500);
    expect(client.getSnapshot().nextRetryAt).toBeNull();
    release();
    await connect(server);
    expect(client.getSnapshot().connectionState).toBe('connected');
    expect(client.getSnapshot().lastError).toBeNull();
    await client.stop();
  });

  it('resumes after a reconnect even when ConnectionEstablished comes before it completes', async () => {
    const { server, client } = setup();
    client.start();
    await connect(server);
    server.notifications.push(note(1));
    server.connection.send('Notification', server.notifications[0]);
    await flush();

    // The next connection delivers ConnectionEstablished in the handshake's own chunk.
    server.startImpl = async (c) => {
      c.send('ConnectionEstablished', server.info());
    };
    server.connection.drop();
    server.notifications.push(note(2), note(3));
    await vi.advanceTimersByTimeAsync(0);
    await flush();
    expect(server.connection.resumes()).toEqual([1]);
    expect(client.getSnapshot().notifications.map((n) => n.seq)).toEqual([3, 2, 1]);
    await client.stop();
  });

  it('keeps retrying a failing first start forever, with the same backoff', async () => {
    const { server, client } = setup((s) => {
      s.startImpl = async () => {
        throw new Error('connection refused');
      };
    });
    client.start();
    await flush();
    // Full jitter at the midpoint: half of 1, 2, 4, 8, 16 s, then of the 30 s cap.
    const delays = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000];
    for (const [i, delay] of delays.entries()) {
      expect(server.starts).toBe(i + 1);
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(server.starts).toBe(i + 1);
      await vi.advanceTimersByTimeAsync(1);
    }
    expect(client.getSnapshot().connectionState).toBe('connecting');
    expect(client.getSnapshot().lastError).toContain('connection refused');
    await client.stop();
  });

  it('retries at once when the browser comes back online or the tab shows', async () => {
    let fail = true;
    const { server, client, environment } = setup((s) => {
      s.startImpl = async () => {
        if (fail) throw new Error('offline');
      };
    });
    client.start();
    await flush();
    await vi.advanceTimersByTimeAsync(500);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.starts).toBe(3); // next try is 2 s away
    fail = false;
    environment.online.forEach((l) => l());
    await flush();
    expect(server.starts).toBe(4);
    expect(client.getSnapshot().connectionState).toBe('connected');
    // The pending timer is gone: no extra attempt later.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.starts).toBe(4);

    // Dropped, and SignalR's first attempt refused: it waits; the tab showing cuts that short.
    fail = true;
    server.connection.drop();
    await vi.advanceTimersByTimeAsync(0); // SignalR's first attempt: at once
    expect(server.starts).toBe(5);
    environment.visible.forEach((l) => l());
    await flush();
    expect(server.starts).toBe(6);
    await client.stop();
  });

  it('does not start a second attempt while one is under way', async () => {
    const { server, client, environment } = setup((s) => {
      s.startImpl = () => new Promise<void>(() => undefined);
    });
    client.start();
    await flush();
    environment.online.forEach((l) => l());
    client.retryNow();
    await flush();
    expect(server.starts).toBe(1);
    await client.stop();
  });

  it('starts again at once when the connection closes for good', async () => {
    const { server, client } = setup();
    client.start();
    await connect(server);
    server.connection.close(new Error('Server returned an error on close'));
    await flush();
    expect(server.starts).toBe(2);
    expect(client.getSnapshot().connectionState).toBe('connected');
    await client.stop();
  });

  it('reconnects when the stream ends without an error', async () => {
    const { server, client } = setup();
    client.start();
    await connect(server);
    server.connection.drop(undefined);
    await vi.advanceTimersByTimeAsync(0); // SignalR's first attempt: at once
    expect(server.starts).toBe(2);
    await client.stop();
  });

  it('flags a refused token, on the first start and on a reconnect', async () => {
    const refused = Object.assign(new Error('Unauthorized'), { statusCode: 401 });
    const { server, client } = setup((s) => {
      s.startImpl = async () => {
        throw refused;
      };
    });
    client.start();
    await flush();
    expect(client.getSnapshot().unauthorized).toBe(true);

    server.startImpl = async () => undefined;
    await vi.advanceTimersByTimeAsync(500);
    expect(client.getSnapshot().unauthorized).toBe(false);
    server.startImpl = async () => {
      throw refused;
    };
    server.connection.drop();
    await vi.advanceTimersByTimeAsync(0); // SignalR's first attempt: at once
    expect(client.getSnapshot().unauthorized).toBe(true);
    await client.stop();
  });

  it('refused for the connection limit: loads the inbox over REST, keeps trying, then goes live', async () => {
    // What SignalR throws for a refused negotiate: the status only in the text.
    const limited = new Error("Failed to complete negotiation with the server: Error: Too Many Requests: Status code '429'");
    const { server, api, client, arrivals } = setup((s) => {
      s.notifications = [note(1), note(2)];
      s.unread = 2;
      s.startImpl = async () => {
        throw limited;
      };
    });
    client.start();
    await flush();
    let snap = client.getSnapshot();
    expect(snap.connectionLimited).toBe(true);
    expect(snap.connectionState).toBe('connecting');
    expect(snap.loaded).toBe(true);
    expect(snap.notifications.map((n) => n.seq)).toEqual([2, 1]);
    expect(snap.unreadCount).toBe(2);
    expect(api.calls).toEqual(['list {"limit":50}']);

    // Refused again within 30 s: no second list; after 30 s the inbox is fetched again.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.calls).toHaveLength(1);
    server.notifications.push(note(3));
    server.unread = 3;
    await vi.advanceTimersByTimeAsync(25_000);
    expect(api.calls.length).toBeGreaterThanOrEqual(2);
    expect(client.getSnapshot().unreadCount).toBe(3);
    expect(arrivals.map((n) => n.seq)).toEqual([3]);

    // A slot frees up: connected, resumed after what REST showed; history is not news.
    server.startImpl = async () => undefined;
    server.notifications.push(note(4));
    server.unread = 4;
    await vi.advanceTimersByTimeAsync(30_000);
    await connect(server);
    snap = client.getSnapshot();
    expect(snap.connectionState).toBe('connected');
    expect(snap.connectionLimited).toBe(false);
    expect(snap.notifications.map((n) => n.seq)).toEqual([4, 3, 2, 1]);
    expect(arrivals.map((n) => n.seq)).toEqual([3, 4]);
    await client.stop();
  });

  it('stops for good on stop()', async () => {
    const { server, client } = setup();
    client.start();
    await connect(server);
    await client.stop();
    expect(server.connection.stopped).toBe(true);
    server.connection.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.starts).toBe(1);
    expect(client.getSnapshot().connectionState).toBe('disconnected');
  });

  it('stops while SignalR waits to reconnect, and does not come back', async () => {
    const { server, client } = setup((s) => {
      s.startImpl = async () => undefined;
    });
    client.start();
    await connect(server);
    server.startImpl = async () => {
      throw new Error('refused');
    };
    server.connection.drop();
    await vi.advanceTimersByTimeAsync(0); // SignalR's first attempt: at once
    await client.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.starts).toBe(2);
    expect(client.getSnapshot().connectionState).toBe('disconnected');
  });
});

describe('NotificationClient: read actions', () => {
  it('marks read over the hub and takes its count', async () => {
    const { server, api, client } = setup((s) => {
      s.notifications = [note(1), note(2), note(3)];
      s.unread = 3;
    });
    client.start();
    await connect(server);
    await client.markRead(['n1', 'n2']);
    expect(server.connection.invocations.find((i) => i.method === 'MarkRead')?.args).toEqual([['n1', 'n2']]);
    expect(client.getSnapshot().unreadCount).toBe(1);
    await client.markAllRead();
    expect(client.getSnapshot().unreadCount).toBe(0);
    expect(api.calls).toEqual(['list {"limit":50}']);
    await client.stop();
  });

  it('uses REST while the hub is away, and REST for clear', async () => {
    const { server, api, client } = setup((s) => {
      s.notifications = [note(1), note(2)];
      s.unread = 2;
    });
    client.start();
    await connect(server);
    server.startImpl = async () => {
      throw new Error('refused');
    };
    server.connection.drop();
    await flush();
    await client.markRead('n1');
    await client.markAllRead();
    await client.clear();
    expect(api.calls.slice(1)).toEqual(['read n1', 'read-all', 'clear']);
    expect(client.getSnapshot().notifications).toEqual([]);
    expect(client.getSnapshot().unreadCount).toBe(0);
    await client.stop();
  });
});

describe('NotificationClient: inbox actions', () => {
  const now = '2026-11-23T12:00:00.000Z';

  it('archives over the hub, shows it at once, offers an undo that unarchives', async () => {
    const { server, client } = setup((s) => {
      s.notifications = [note(1), note(2, { read_at: now })];
      s.unread = 1;
      s.actionImpl = async (method) => (method === 'Archive' ? 0 : 1);
    });
    client.start();
    await connect(server);
    const archiving = client.archive(['n1']);
    expect(client.getSnapshot().notifications.find((n) => n.id === 'n1')!.archived_at).toBeTruthy();
    expect(client.getSnapshot().unreadCount).toBe(0);
    await archiving;
    expect(server.connection.invocations.find((i) => i.method === 'Archive')?.args).toEqual([['n1']]);
    const { undo } = client.getSnapshot();
    expect(undo?.message).toBe('Archived');
    await undo!.undo();
    expect(server.connection.invocations.find((i) => i.method === 'Unarchive')?.args).toEqual([['n1']]);
    expect(client.getSnapshot().notifications.find((n) => n.id === 'n1')!.archived_at).toBeNull();
    expect(client.getSnapshot().unreadCount).toBe(1);
    await client.stop();
  });

  it('rolls a refused action back and offers a retry that sends it again', async () => {
    let refuse = true;
    const { server, client } = setup((s) => {
      s.notifications = [note(1)];
      s.unread = 1;
      s.actionImpl = async () => {
        if (refuse) throw new Error('HubException: id not found');
        return 0;
      };
    });
    client.start();
    await connect(server);
    await client.snooze(['n1'], new Date(Date.now() + 3_600_000));
    let snap = client.getSnapshot();
    expect(snap.notifications[0]!.snoozed_until ?? null).toBeNull();
    expect(snap.unreadCount).toBe(1);
    expect(snap.failure?.message).toMatch(/^Couldn't snooze: .*id not found/);
    expect(snap.undo).toBeNull();
    refuse = false;
    await snap.failure!.retry();
    snap = client.getSnapshot();
    expect(snap.failure).toBeNull();
    expect(snap.notifications[0]!.snoozed_until).toBeTruthy();
    expect(server.connection.invocations.filter((i) => i.method === 'Snooze')).toHaveLength(2);
    await client.stop();
  });

  it('does not roll back what another device changed in the meantime', async () => {
    let answer: (error: Error) => void = () => undefined;
    const { server, client } = setup((s) => {
      s.notifications = [note(1)];
      s.unread = 1;
      s.actionImpl = () => new Promise((_, reject) => (answer = reject));
    });
    client.start();
    await connect(server);
    const archiving = client.archive(['n1']);
    server.connection.send('InboxChanged', {
      read_ids: ['n1'],
      all_read: false,
      cleared: false,
      unread_count: 0,
      updated: [{ id: 'n1', read_at: now, archived_at: now, snoozed_until: null, seen_at: null }],
    });
    answer(new Error('timeout'));
    await archiving;
    expect(client.getSnapshot().notifications[0]).toMatchObject({ read_at: now, archived_at: now });
    await client.stop();
  });

  it('marks a whole content request read with one call', async () => {
    const { server, client } = setup((s) => {
      s.notifications = [gen(1, 'r', 'started'), gen(2, 'r', 'completed'), note(3)];
      s.unread = 3;
      s.actionImpl = async () => 1;
    });
    client.start();
    await connect(server);
    await client.markRequestRead('r');
    expect(server.connection.invocations.find((i) => i.method === 'MarkRequestRead')?.args).toEqual(['r', false]);
    expect(client.getSnapshot().notifications.filter((n) => !n.read_at).map((n) => n.id)).toEqual(['n3']);
    expect(client.getSnapshot().unreadCount).toBe(1);
    await client.stop();
  });

  it('sends nothing while the browser is offline, and says why', async () => {
    const { server, environment, client } = setup((s) => {
      s.notifications = [note(1)];
      s.actionImpl = async () => 0;
    });
    client.start();
    await connect(server);
    environment.setOnline(false);
    expect(client.getSnapshot().online).toBe(false);
    await client.archive(['n1']);
    expect(server.connection.invocations.some((i) => i.method === 'Archive')).toBe(false);
    expect(client.getSnapshot().notifications[0]!.archived_at ?? null).toBeNull();
    expect(client.getSnapshot().failure?.message).toBe("Couldn't archive: you're offline");
    await client.stop();
  });

  it('takes a notification back from snooze (same id, new seq) and toasts it as such', async () => {
    const { server, client, arrivals } = setup((s) => {
      s.notifications = [note(1, { snoozed_until: '2026-11-23T13:00:00.000Z' }), note(2)];
      s.unread = 1;
    });
    client.start();
    await connect(server);
    const back = note(3, { id: 'n1' });
    server.notifications = [back, note(2)];
    server.connection.send('Notification', back);
    await flush();
    const snap = client.getSnapshot();
    expect(snap.notifications.map((n) => `${n.id}@${n.seq}`)).toEqual(['n1@3', 'n2@2']);
    expect(snap.unreadCount).toBe(2);
    expect(snap.returned.has('n1')).toBe(true);
    expect(arrivals).toHaveLength(1);
    expect(arrivals[0]).toMatchObject({ id: 'n1', title: 'Back from snooze: Title 3', back_from_snooze: true });
    await client.stop();
  });

  it('shows a view from its first page, and fetches it again after a reconnect', async () => {
    const { server, api, client } = setup((s, a) => {
      s.notifications = [note(1), note(2)];
      a.listImpl = async (params) => ({
        items: params.view === 'archived' ? [note(5, { archived_at: now }), note(4, { archived_at: now })] : [],
        unread_count: 0,
        next_before_seq: params.view === 'archived' ? 4 : null,
      });
    });
    client.start();
    await connect(server);
    await client.showView('archived');
    let snap = client.getSnapshot();
    expect(snap.view).toBe('archived');
    expect(snap.hasOlder).toBe(true);
    expect(snap.notifications.filter((n) => n.archived_at).map((n) => n.seq)).toEqual([5, 4]);
    await client.loadOlder();
    expect(api.calls).toContain('list {"limit":50,"before_seq":4,"view":"archived"}');

    // Back online after 5 was moved back to the inbox elsewhere: the archived view's first page is asked again.
    api.listImpl = async () => ({ items: [note(4, { archived_at: now })], unread_count: 0, next_before_seq: null });
    server.connection.drop();
    await vi.advanceTimersByTimeAsync(0);
    await connect(server);
    snap = client.getSnapshot();
    expect(api.calls.at(-1)).toBe('list {"limit":50,"view":"archived"}');
    expect(snap.notifications.filter((n) => n.archived_at).map((n) => n.seq)).toEqual([4]);
    await client.stop();
  });
});
