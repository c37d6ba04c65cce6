/**
 * Tracks which per-user `seq` numbers this client has seen, to drop duplicates and to notice
 * gaps. `watermark` is the highest seq below which nothing is missing; seqs seen above it
 * (after a skip) wait in `ahead` until the gap fills or a resume catches up.
 */
export class SeqTracker {
  private mark = 0;
  private readonly ahead = new Set<number>();

  get watermark(): number {
    return this.mark;
  }

  /** The highest seq seen at all. */
  get highest(): number {
    let max = this.mark;
    for (const seq of this.ahead) if (seq > max) max = seq;
    return max;
  }

  /** True while a seq above the watermark has been seen but one below it has not. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }

  has(seq: number): boolean {
    return seq <= this.mark || this.ahead.has(seq);
  }

  /** Records `seq`; returns false when it was already seen (a duplicate to drop). */
  add(seq: number): boolean {
    if (!Number.isFinite(seq) || seq <= 0 || this.has(seq)) return false;
    if (seq === this.mark + 1) {
      this.mark = seq;
      while (this.ahead.delete(this.mark + 1)) this.mark++;
    } else {
      this.ahead.add(seq);
    }
    return true;
  }

  /** Everything up to `seq` is known (a snapshot of the inbox, or a caught-up resume). */
  advanceTo(seq: number): void {
    if (seq <= this.mark) return;
    this.mark = seq;
    for (const s of this.ahead) if (s <= seq) this.ahead.delete(s);
    while (this.ahead.delete(this.mark + 1)) this.mark++;
  }

  /**
   * A resume came back short of a full page: the store has nothing more above what was
   * asked, so a seq still missing below the highest seen never existed (or was cleared).
   */
  caughtUp(): void {
    this.advanceTo(this.highest);
  }
}
