import { describe, expect, it } from 'vitest';
import { SeqTracker } from './seqTracker';

describe('SeqTracker', () => {
  it('advances over consecutive seqs and drops duplicates', () => {
    const t = new SeqTracker();
    expect(t.add(1)).toBe(true);
    expect(t.add(2)).toBe(true);
    expect(t.add(2)).toBe(false);
    expect(t.add(1)).toBe(false);
    expect(t.watermark).toBe(2);
    expect(t.hasGap).toBe(false);
  });

  it('notices a skipped seq and closes the gap when it arrives', () => {
    const t = new SeqTracker();
    t.advanceTo(10);
    expect(t.add(12)).toBe(true);
    expect(t.hasGap).toBe(true);
    expect(t.watermark).toBe(10);
    expect(t.highest).toBe(12);
    expect(t.add(12)).toBe(false);
    expect(t.add(11)).toBe(true);
    expect(t.hasGap).toBe(false);
    expect(t.watermark).toBe(12);
  });

  it('ignores seqs at or below a snapshot', () => {
    const t = new SeqTracker();
    t.add(3);
    t.advanceTo(5);
    expect(t.watermark).toBe(5);
    expect(t.hasGap).toBe(false);
    expect(t.add(4)).toBe(false);
    expect(t.add(6)).toBe(true);
  });

  it('caughtUp accepts that missing seqs below the highest will not come', () => {
    const t = new SeqTracker();
    t.add(1);
    t.add(4);
    t.caughtUp();
    expect(t.watermark).toBe(4);
    expect(t.hasGap).toBe(false);
  });

  it('refuses nonsense', () => {
    const t = new SeqTracker();
    expect(t.add(0)).toBe(false);
    expect(t.add(-1)).toBe(false);
    expect(t.add(Number.NaN)).toBe(false);
  });
});
