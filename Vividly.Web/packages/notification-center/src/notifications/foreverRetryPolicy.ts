import type { IRetryPolicy, RetryContext } from '@microsoft/signalr';

/**
 * Reconnects for as long as the page lives, as the .NET client's `ForeverRetryPolicy` does:
 * at once after a drop, then exponential backoff from the first delay to the cap, with full
 * jitter so a fleet of pages does not return to a restarted instance at once.
 */
export class ForeverRetryPolicy implements IRetryPolicy {
  constructor(
    private readonly firstDelayMs = 1_000,
    private readonly maxDelayMs = 30_000,
    /** Returns a number in [0, 1); tests pass a fixed one. */
    private readonly random: () => number = Math.random,
  ) {}

  nextRetryDelayInMilliseconds(retryContext: Pick<RetryContext, 'previousRetryCount'>): number {
    const count = retryContext.previousRetryCount;
    if (!(count > 0)) return 0;
    const exponent = Math.min(count - 1, 16);
    const ceiling = Math.min(this.maxDelayMs, this.firstDelayMs * 2 ** exponent);
    return this.random() * ceiling;
  }
}
