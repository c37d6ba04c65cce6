import { describe, expect, it } from 'vitest';
import { defaultReconnectPolicy, reconnectDelay } from './reconnectPolicy';

describe('reconnectDelay', () => {
  it('starts at one second', () => {
    for (const r of [0, 0.5, 0.999]) {
      const d = reconnectDelay(0, defaultReconnectPolicy, () => r);
      expect(d).toBeGreaterThanOrEqual(1_000);
      expect(d).toBeLessThanOrEqual(1_250);
    }
  });

  it('doubles per attempt around the midpoint', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4].map((a) => reconnectDelay(a, defaultReconnectPolicy, mid))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000,
    ]);
  });

  it('never exceeds thirty seconds and never gives up', () => {
    for (const attempt of [5, 6, 10, 50, 1_000, Number.MAX_SAFE_INTEGER]) {
      for (const r of [0, 0.5, 0.999]) {
        const d = reconnectDelay(attempt, defaultReconnectPolicy, () => r);
        expect(d).toBeGreaterThanOrEqual(1_000);
        expect(d).toBeLessThanOrEqual(30_000);
        expect(Number.isFinite(d)).toBe(true);
      }
    }
  });

  it('spreads clients apart with jitter', () => {
    const low = reconnectDelay(3, defaultReconnectPolicy, () => 0);
    const high = reconnectDelay(3, defaultReconnectPolicy, () => 0.999);
    expect(low).toBe(6_000);
    expect(high).toBeGreaterThan(9_900);
    expect(high).toBeLessThanOrEqual(10_000);
  });

  it('treats a bad attempt number as the first', () => {
    expect(reconnectDelay(-3, defaultReconnectPolicy, () => 0.5)).toBe(1_000);
    expect(reconnectDelay(Number.NaN, defaultReconnectPolicy, () => 0.5)).toBe(1_000);
  });
});
