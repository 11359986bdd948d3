import { refuse } from '../../shared/domain/errors';

/**
 * A gate in front of password hashing. scrypt runs on libuv's thread pool (4 threads), the same
 * threads that run the fdatasync of every durable write: 50 logins at once would hold all four and
 * make an operator's ack wait behind them. At most `concurrency` hashes run at a time (1 by default:
 * on a 2-core machine a second scrypt would also take the CPU the event loop needs), so the other
 * threads always stay free for the disk. Logins wait in a bounded queue; past it they are told the
 * server is busy instead of queueing for minutes.
 */
export class HashPool {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private concurrency = 1,
    /** Logins allowed to wait; more are refused with BUSY (account creation always waits). */
    private maxQueue = 64,
  ) {}

  configure(options: { concurrency?: number; maxQueue?: number }): void {
    if (options.concurrency) this.concurrency = Math.max(1, options.concurrency);
    if (options.maxQueue !== undefined) this.maxQueue = Math.max(0, options.maxQueue);
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Run one hash when a slot is free. `bounded`: refuse with BUSY rather than join a full queue. */
  async run<T>(task: () => Promise<T>, bounded = false): Promise<T> {
    if (this.running >= this.concurrency) {
      if (bounded && this.waiting.length >= this.maxQueue) throw refuse('BUSY');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so `running` never dips and lets a newcomer jump the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/** The one pool of this process: every scrypt goes through it. */
export const hashPool = new HashPool();
