import { describe, expect, it } from 'vitest';
import { ForeverRetryPolicy } from './foreverRetryPolicy';

const delay = (policy: ForeverRetryPolicy, previousRetryCount: number) =>
  policy.nextRetryDelayInMilliseconds({ previousRetryCount });

describe('ForeverRetryPolicy', () => {
  it('retries at once after a drop', () => {
    expect(delay(new ForeverRetryPolicy(1_000, 30_000, () => 0.999), 0)).toBe(0);
  });

  it('doubles the ceiling per failed attempt from the first delay', () => {
    const top = new ForeverRetryPolicy(1_000, 30_000, () => 1);
    expect([1, 2, 3, 4, 5, 6].map((n) => delay(top, n))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000]);
  });

  it('uses full jitter: anywhere from zero to the ceiling', () => {
    expect(delay(new ForeverRetryPolicy(1_000, 30_000, () => 0), 4)).toBe(0);
    expect(delay(new ForeverRetryPolicy(1_000, 30_000, () => 0.5), 4)).toBe(4_000);
  });

  it('never exceeds the cap and never gives up', () => {
    const policy = new ForeverRetryPolicy();
    for (let n = 1; n < 1_000; n++) {
      const d = delay(policy, n);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(30_000);
    }
    expect(delay(new ForeverRetryPolicy(1_000, 30_000, () => 0.999), Number.MAX_SAFE_INTEGER)).toBeCloseTo(29_970);
  });

  it('defaults to the .NET client: one second first, thirty at most', () => {
    const top = new ForeverRetryPolicy(undefined, undefined, () => 1);
    expect(delay(top, 1)).toBe(1_000);
    expect(delay(top, 50)).toBe(30_000);
  });
});
