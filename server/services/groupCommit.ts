interface Waiter {
  upTo: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for one file: changes are numbered as they are made in memory; one write at a time
 * persists everything made so far, and every change it covered is released together. A burst of
 * fifty commands costs a handful of writes, not fifty, and no caller is released before its change
 * is on disk.
 */
export class GroupCommit {
  private changed = 0;
  private durable = 0;
  private waiters: Waiter[] = [];
  private running = false;

  constructor(
    /** Persist the current state; must capture it synchronously before its first await. */
    private readonly persist: () => Promise<void>,
    /** Called after a failed write, before waiters are rejected: put memory back to what the disk holds. */
    private readonly recover: (error: unknown) => Promise<void>,
  ) {}

  /** Note one change made in memory; returns its number. */
  markChanged(): number {
    return ++this.changed;
  }

  /** Resolves once change `upTo` (default: everything so far) is durable; rejects if its write failed. */
  whenDurable(upTo: number = this.changed): Promise<void> {
    if (upTo <= this.durable) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let the commands already on their way in this turn of the event loop join the same write.
        process.nextTick(() => void this.loop());
      }
    });
  }

  /** How many changes were ever made (a reader can tell whether any happened while it looked away). */
  get changes(): number {
    return this.changed;
  }

  /** True while nothing is waiting for the disk. */
  get idle(): boolean {
    return !this.running && this.changed === this.durable;
  }

  private async loop(): Promise<void> {
    while (this.durable < this.changed) {
      const target = this.changed;
      try {
        await this.persist();
        this.durable = target;
        this.release((w) => w.upTo <= target, (w) => w.resolve());
      } catch (error) {
        // Everything not yet durable is lost with the rollback, including changes made while this write ran.
        const failed = this.waiters;
        this.waiters = [];
        try {
          await this.recover(error);
        } catch {
          // Memory could not be put back (the store is unreachable too): the owner's next write or
          // read tries again; the loop must go on, or every later command would wait forever.
        } finally {
          this.durable = this.changed;
          for (const waiter of failed) waiter.reject(error);
        }
      }
    }
    this.running = false;
  }

  private release(match: (w: Waiter) => boolean, act: (w: Waiter) => void): void {
    const done = this.waiters.filter(match);
    this.waiters = this.waiters.filter((w) => !match(w));
    for (const waiter of done) act(waiter);
  }
}
