import type { RetryContext } from '@microsoft/signalr';
import type { ForeverRetryPolicy } from './foreverRetryPolicy';
import type { ConnectionFactory, HubConnectionLike } from './hubConnection';
import type { ConnectionState } from './types';

/** What the connection tells the page: the snapshot's connection fields. */
export interface ConnectionStatus {
  connectionState: ConnectionState;
  /** When the next attempt is due (epoch ms), while one is waiting. */
  nextRetryAt: number | null;
  /** The hub refused the token (401): the host should sign in again. */
  unauthorized: boolean;
  /**
   * The hub refused the last attempt with 429: the user's connection limit (other tabs or
   * devices) or the negotiate rate limit. Attempts go on; the inbox comes over REST meanwhile.
   */
  connectionLimited?: boolean;
  lastError: string | null;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function statusOf(error: unknown): number | null {
  const e = error as { statusCode?: unknown; status?: unknown } | null;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  if (typeof e?.status === 'number') return e.status;
  // SignalR wraps a refused negotiate in an error that keeps the status only in its text.
  const match = /Status code '(\d{3})'/.exec(error instanceof Error ? error.message : String(error));
  return match ? Number(match[1]) : null;
}

/**
 * One hub connection kept up for as long as it runs. SignalR reconnects a dropped connection by
 * itself, but it does not retry a failed first `start()` (negotiate refused with 429 or 503, say),
 * and after `onclose` it is done: both start again here, forever, with the same backoff.
 */
export class LiveConnection {
  readonly hub: HubConnectionLike;
  private status: ConnectionStatus = { connectionState: 'idle', nextRetryAt: null, unauthorized: false, connectionLimited: false, lastError: null };
  private running = false;
  private starting = false;
  private everConnected = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    url: string,
    getAccessToken: () => Promise<string>,
    factory: ConnectionFactory,
    private readonly policy: ForeverRetryPolicy,
    private readonly onStatus: () => void,
    /** Called on every (re)connect: the page resumes from here. */
    private readonly onConnected: () => void,
  ) {
    const token = () => {
      // SignalR asks for the token first in every attempt: the wait is over.
      this.update({ nextRetryAt: null });
      return getAccessToken();
    };
    this.hub = factory(url, token, { nextRetryDelayInMilliseconds: (context) => this.reconnectDelay(context) });
    this.hub.onreconnecting((error) => this.update({ connectionState: 'reconnecting', ...(error && { lastError: errorText(error) }) }));
    this.hub.onreconnected(() => this.connected());
    this.hub.onclose(() => {
      if (this.running) void this.attempt(0);
    });
  }

  get current(): ConnectionStatus {
    return this.status;
  }

  get isConnected(): boolean {
    return this.status.connectionState === 'connected';
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.attempt(0);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.clearRetry();
    this.update({ connectionState: 'disconnected', nextRetryAt: null, connectionLimited: false });
    await this.hub.stop().catch(() => undefined);
  }

  /** The browser came back (online, or the tab shows): try now instead of waiting. */
  retryNow(): void {
    if (!this.running || this.starting || this.status.connectionState === 'connected') return;
    if (this.retryTimer !== null) void this.attempt(0);
    // SignalR is between its own attempts: stopping ends the wait, and onclose starts at once.
    else if (this.status.nextRetryAt !== null) void this.hub.stop();
  }

  /** Our own start loop: the first start, and again after onclose. */
  private async attempt(count: number): Promise<void> {
    this.clearRetry();
    if (!this.running || this.starting) return;
    this.starting = true;
    this.update({ connectionState: this.everConnected ? 'reconnecting' : 'connecting', nextRetryAt: null });
    try {
      await this.hub.start();
    } catch (error) {
      this.starting = false;
      if (!this.running) return;
      this.failed(error);
      const delay = this.policy.nextRetryDelayInMilliseconds({ previousRetryCount: count + 1 });
      this.retryTimer = setTimeout(() => void this.attempt(count + 1), delay);
      this.update({ nextRetryAt: Date.now() + delay });
      return;
    }
    this.starting = false;
    if (this.running) this.connected();
    else await this.hub.stop().catch(() => undefined);
  }

  private reconnectDelay(context: RetryContext): number {
    if (context.previousRetryCount > 0) this.failed(context.retryReason);
    const delay = this.policy.nextRetryDelayInMilliseconds(context);
    this.update({ nextRetryAt: Date.now() + delay });
    return delay;
  }

  private connected(): void {
    this.everConnected = true;
    this.update({ connectionState: 'connected', nextRetryAt: null, unauthorized: false, connectionLimited: false, lastError: null });
    this.onConnected();
  }

  private failed(error: unknown): void {
    const status = statusOf(error);
    this.update({ unauthorized: status === 401, connectionLimited: status === 429, lastError: errorText(error) });
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private update(change: Partial<ConnectionStatus>): void {
    const next = { ...this.status, ...change };
    const keys = Object.keys(change) as Array<keyof ConnectionStatus>;
    if (keys.every((key) => next[key] === this.status[key])) return;
    this.status = next;
    this.onStatus();
  }
}
