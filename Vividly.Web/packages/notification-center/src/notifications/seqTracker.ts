/**
 * Drops duplicates by `seq` and tells when one is missing, in the words of the .NET client's
 * `Vividly.Hub.Client.Connection.SeqTracker` (`TryAccept`, `Settle`, `InitializeFrom`). The
 * watermark is the highest seq below which nothing is outstanding; seqs seen above it wait
 * there until the gap closes or a complete resume (see docs/contract.md, `ResumeFrom`) settles.
 */
export class SeqTracker {
  private mark = 0;
  private initialized = false;
  private readonly above = new Set<number>();

  get watermark(): number {
    return this.mark;
  }

  /** True while a seq above the watermark has arrived before one below it. */
  get hasGap(): boolean {
    return this.above.size > 0;
  }

  /** The highest seq seen at all: the inbox's unread count is taken against it. */
  get highest(): number {
    let max = this.mark;
    for (const seq of this.above) if (seq > max) max = seq;
    return max;
  }

  /** Starts from the server's `last_seq` (or the inbox as first loaded), once. */
  initializeFrom(lastSeq: number): void {
    if (this.initialized) return;
    this.initialized = true;
    this.settle(lastSeq);
  }

  /** Returns false for a seq already seen (a duplicate to drop). */
  tryAccept(seq: number): boolean {
    if (!Number.isFinite(seq) || seq <= this.mark || this.above.has(seq)) return false;
    this.above.add(seq);
    while (this.above.delete(this.mark + 1)) this.mark++;
    return true;
  }

  /** A resume read the inbox through `seq`: whatever is still missing below it no longer exists. */
  settle(seq: number): void {
    if (seq <= this.mark) return;
    this.mark = seq;
    for (const s of this.above) if (s <= seq) this.above.delete(s);
    while (this.above.delete(this.mark + 1)) this.mark++;
  }
}
