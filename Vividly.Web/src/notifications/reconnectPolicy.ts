/**
 * The reconnect delays: exponential backoff with jitter between `initialMs` and `maxMs`.
 * There is no last attempt: while the page is open the client keeps trying, at most
 * `maxMs` apart, and retries at once when the browser comes back online or the tab shows.
 */
export interface ReconnectPolicyOptions {
  initialMs: number;
  maxMs: number;
  /** Share of the delay that is randomised, 0 to 1: 0.5 gives 75 % to 125 % of the step. */
  jitter: number;
}

export const defaultReconnectPolicy: ReconnectPolicyOptions = {
  initialMs: 1_000,
  maxMs: 30_000,
  jitter: 0.5,
};

/**
 * The delay before retry number `attempt` (0 for the first retry after a drop).
 * `random` returns a number in [0, 1); tests pass a fixed one.
 */
export function reconnectDelay(
  attempt: number,
  options: ReconnectPolicyOptions = defaultReconnectPolicy,
  random: () => number = Math.random,
): number {
  const { initialMs, maxMs, jitter } = options;
  const safeAttempt = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  // 2^attempt overflows to Infinity for huge attempts; Math.min keeps it at the cap.
  const step = Math.min(maxMs, initialMs * Math.pow(2, Math.min(safeAttempt, 32)));
  const factor = 1 - jitter / 2 + random() * jitter;
  return Math.round(Math.min(maxMs, Math.max(initialMs, step * factor)));
}
