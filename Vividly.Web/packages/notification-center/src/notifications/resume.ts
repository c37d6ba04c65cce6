import type { LiveConnection } from './connection';
import { highestSeq } from './inboxState';
import type { NotificationStore } from './store';
import { HubMethods, type ResumePage } from './types';

/**
 * Catches up on what the connection missed, the way docs/contract.md (`ResumeFrom`) names it
 * and the .NET client does: page `ResumeFrom` until `has_more` is false, then settle to
 * `last_seq`. A resume asked for while one runs makes that one go round again.
 */
export class Resumer {
  private running = false;
  private again = false;

  constructor(
    private readonly connection: LiveConnection,
    private readonly store: NotificationStore,
  ) {}

  async resume(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    if (!this.connection.isConnected) return;
    this.running = true;
    try {
      do {
        this.again = false;
        await this.readToEnd();
      } while (this.again && this.connection.isConnected);
    } catch (error) {
      // The connection dropped mid-resume; the next connect resumes again.
      this.store.fail('resume', error);
    } finally {
      this.running = false;
    }
  }

  private async readToEnd(): Promise<void> {
    const { tracker } = this.store;
    for (let page = 0; page < 1_000 && this.connection.isConnected; page++) {
      const after = tracker.watermark;
      const answer = await this.connection.hub.invoke<ResumePage>(HubMethods.ResumeFrom, after);
      const items = answer.notifications ?? [];
      // Cleared or expired seqs will never come: no gap to wait for below them.
      tracker.settle(answer.removed_through_seq);
      this.store.ingest(items);
      if (!answer.has_more) {
        tracker.settle(Math.max(answer.last_seq, highestSeq(items)));
        return;
      }
      tracker.settle(highestSeq(items));
    }
  }
}
