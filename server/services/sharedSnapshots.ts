import type { SyncResult } from '../../shared/protocol/events';
import { MAX_REPLAY_EVENTS, type EpisodeLedger } from './episodeLedger';

type Snapshot = Extract<SyncResult, { mode: 'snapshot' }>;

/** Episodes whose current snapshot is kept; the oldest is dropped beyond this. */
const MAX_KEPT = 8;
/** A kept snapshot nobody asked for this long is dropped: a quiet, ended episode need not hold megabytes. */
const KEEP_MS = 30_000;

/**
 * Snapshots served once per episode and seq. A ledger's snapshot is a deep copy of the episode (tens
 * of milliseconds and megabytes for a large one), so N clients asking at the same seq share one:
 * requests that arrive while one is being read join it (they are subscribed in the same synchronous
 * step as the read), and later ones get the kept copy for as long as the seq has not moved. The
 * shared result is never changed by anyone (projection copies), so one object serves every socket.
 */
export class SharedSnapshots {
  /** Snapshots actually read from a ledger: the figure that must not grow with the number of requests. */
  builds = 0;
  private readonly kept = new Map<string, Snapshot>();
  private readonly expiry = new Map<string, NodeJS.Timeout>();
  private readonly reading = new Map<string, { subscribers: Array<() => void>; subscribed: boolean; result: Promise<SyncResult> }>();

  async sync(ledger: EpisodeLedger, sinceSeq: number | null, subscribe: () => void): Promise<SyncResult> {
    const current = ledger.state.seq;
    // Close enough to replay: the ledger answers with the events (it may still decide on a snapshot).
    if (sinceSeq !== null && sinceSeq <= current && current - sinceSeq <= MAX_REPLAY_EVENTS) return this.remember(ledger.id, await ledger.sync(sinceSeq, subscribe));
    const kept = this.kept.get(ledger.id);
    if (kept) {
      // Ask the ledger for "what came after the kept seq": it subscribes the socket and reads the
      // seq in one step; when nothing came, the kept snapshot is exactly the state at that seq.
      const result = await ledger.sync(kept.seq, subscribe);
      if (result.mode === 'events' && result.events.length === 0 && this.kept.get(ledger.id) === kept) {
        this.touch(ledger.id, kept);
        return kept;
      }
      if (result.mode === 'snapshot') return this.remember(ledger.id, result);
      // The episode moved on meanwhile: read a new one (subscribing again changes nothing).
    }
    return this.read(ledger, subscribe);
  }

  /** The episode has a new seq (or went back to the disk's): its kept snapshot is no longer current. */
  forget(episodeId: string): void {
    this.kept.delete(episodeId);
    clearTimeout(this.expiry.get(episodeId));
    this.expiry.delete(episodeId);
  }

  private read(ledger: EpisodeLedger, subscribe: () => void): Promise<SyncResult> {
    const open = this.reading.get(ledger.id);
    if (open && !open.subscribed) {
      open.subscribers.push(subscribe);
      return open.result;
    }
    const group = { subscribers: [subscribe], subscribed: false, result: Promise.resolve(null as unknown as SyncResult) };
    this.reading.set(ledger.id, group);
    group.result = ledger
      .sync(null, () => {
        group.subscribed = true;
        for (const join of group.subscribers) join();
      })
      .then((result) => this.remember(ledger.id, result))
      .finally(() => {
        if (this.reading.get(ledger.id) === group) this.reading.delete(ledger.id);
      });
    return group.result;
  }

  private remember(episodeId: string, result: SyncResult): SyncResult {
    if (result.mode !== 'snapshot') return result;
    this.builds += 1;
    const kept = this.kept.get(episodeId);
    // Only the newest seq is worth keeping; a read that started before a commit may finish after it.
    if (result.seq >= (kept?.seq ?? -1) && result.seq === result.snapshot.seq) this.touch(episodeId, result);
    return result;
  }

  private touch(episodeId: string, snapshot: Snapshot): void {
    this.kept.delete(episodeId);
    this.kept.set(episodeId, snapshot);
    const timer = this.expiry.get(episodeId);
    if (timer) timer.refresh();
    else this.expiry.set(episodeId, setTimeout(() => this.forget(episodeId), KEEP_MS).unref());
    if (this.kept.size > MAX_KEPT) this.forget(this.kept.keys().next().value!);
  }
}
