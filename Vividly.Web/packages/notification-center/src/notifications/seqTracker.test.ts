import { describe, expect, it } from 'vitest';
import { SeqTracker } from './seqTracker';

describe('SeqTracker', () => {
  it('advances over consecutive seqs and drops duplicates', () => {
    const t = new SeqTracker();
    expect(t.tryAccept(1)).toBe(true);
    expect(t.tryAccept(2)).toBe(true);
    expect(t.tryAccept(2)).toBe(false);
    expect(t.tryAccept(1)).toBe(false);
    expect(t.watermark).toBe(2);
    expect(t.hasGap).toBe(false);
  });

  it('notices a skipped seq and closes the gap when it arrives', () => {
    const t = new SeqTracker();
    t.settle(10);
    expect(t.tryAccept(12)).toBe(true);
    expect(t.hasGap).toBe(true);
    expect(t.watermark).toBe(10);
    expect(t.highest).toBe(12);
    expect(t.tryAccept(12)).toBe(false);
    expect(t.tryAccept(11)).toBe(true);
    expect(t.hasGap).toBe(false);
    expect(t.watermark).toBe(12);
  });

  it('ignores seqs at or below a settled seq', () => {
    const t = new SeqTracker();
    t.tryAccept(3);
    t.settle(5);
    expect(t.watermark).toBe(5);
    expect(t.hasGap).toBe(false);
    expect(t.tryAccept(4)).toBe(false);
    expect(t.tryAccept(6)).toBe(true);
  });

  it('settling accepts that missing seqs below it are gone, and only those', () => {
    const t = new SeqTracker();
    t.tryAccept(4);
    t.tryAccept(6);
    t.settle(4);
    expect(t.watermark).toBe(4);
    expect(t.hasGap).toBe(true);
    t.settle(6);
    expect(t.hasGap).toBe(false);
    expect(t.tryAccept(5)).toBe(false);
  });

  it('begins at the first seq it is initialized from, once', () => {
    const t = new SeqTracker();
    t.initializeFrom(10);
    t.initializeFrom(2);
    expect(t.watermark).toBe(10);
    expect(t.tryAccept(9)).toBe(false);
    expect(t.tryAccept(11)).toBe(true);
  });

  it('refuses nonsense', () => {
    const t = new SeqTracker();
    expect(t.tryAccept(0)).toBe(false);
    expect(t.tryAccept(-1)).toBe(false);
    expect(t.tryAccept(Number.NaN)).toBe(false);
    expect(t.tryAccept(Number.POSITIVE_INFINITY)).toBe(false);
  });
});
