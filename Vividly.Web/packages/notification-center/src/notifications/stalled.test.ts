import { describe, expect, it } from 'vitest';
import { isStalled, stalledAfterMs } from './stalled';

describe('isStalled', () => {
  const at = Date.UTC(2026, 10, 24, 3, 0, 0);
  const updatedAt = new Date(at).toISOString();

  it('is a running row without news for the threshold', () => {
    expect(isStalled({ status: 'running', updatedAt }, at + stalledAfterMs - 1)).toBe(false);
    expect(isStalled({ status: 'running', updatedAt }, at + stalledAfterMs)).toBe(true);
    expect(isStalled({ status: 'running', updatedAt }, at + 5_000, 5_000)).toBe(true);
  });

  it('is never a finished row or one without a time', () => {
    expect(isStalled({ status: 'completed', updatedAt }, at + 10 * stalledAfterMs)).toBe(false);
    expect(isStalled({ status: null, updatedAt }, at + 10 * stalledAfterMs)).toBe(false);
    expect(isStalled({ status: 'running', updatedAt: 'not a time' }, at + 10 * stalledAfterMs)).toBe(false);
  });
});
