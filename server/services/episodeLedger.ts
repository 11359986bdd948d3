import { DomainError, refuse } from '../../shared/domain/errors';
import { applyEvent, diffFields, newEpisodeState, type Change, type EpisodeEvent, type EpisodeState } from '../../shared/domain/episodeState';
import type { Actor } from '../../shared/domain/types';
import type { SyncResult } from '../../shared/protocol/events';
import { StaleEpisodeError, type CommandRecord, type EpisodeHistory, type Store } from '../store/store';
import { GroupCommit } from './groupCommit';

/** Who sent a command, under which id, with what content: what every mutation is recorded with. */
export interface CommandMeta {
  command: string;
  commandId: string;
  fingerprint: string;
  actor: Actor;
  at: string;
}

/** A client this far behind (or further) gets a snapshot instead of a replay. */
export const MAX_REPLAY_EVENTS = 500;
/** A command refused as stale (another node got there first) is decided again this many times at most. */
/**
 * How long a command keeps being decided again while another node keeps writing the same episode
 * first. A command refused in the middle of a show is worse than one acknowledged a moment late: it
 * is refused (STORAGE_FAILED) only when the other node has won every round for this long.
 */
export const STALE_RETRY_BUDGET_MS = 5_000;
/** An episode this long without a command gets its log folded into a checkpoint. */
export const QUIET_MS = 1000;
/**
 * Catch-ups read the store for one episode at most this often (ms) while notes keep coming: the
 * first note after a quiet spell is read at once, the notes of a burst are read together.
 */
export const CATCH_UP_EVERY_MS = 50;

export interface LedgerOptions {
  /**
   * How long an episode must go without a command before its log is folded into a checkpoint (ms).
   * Tests pass a short one so they can watch a checkpoint happen without sleeping a real second.
   */
  quietMs?: number;
  /** How often catch-ups may read the store during a burst of notes (ms); default CATCH_UP_EVERY_MS. */
  catchUpEveryMs?: number;
}

/**
 * Where durable events came from, which decides who still has to tell clients about them:
 * - `here`: this node committed them; it broadcasts them (to every node's clients) and notes them to the other nodes.
 * - `elsewhere-announced`: another node committed them and said so; its broadcast already reached every client.
 * - `elsewhere-unannounced`: found by reading the store (a sweep, a sync, a refused write): their node
 *   may have died before broadcasting, so this node tells its own clients (who drop any seq they hold).
 */
export type CommitOrigin = 'here' | 'elsewhere-announced' | 'elsewhere-unannounced';

export interface LedgerHooks {
  /** Events now durable, in seq order, with where they came from. */
  committed(events: EpisodeEvent[], origin: CommitOrigin): void;
  rolledBack(episodeId: string, error: unknown): void;
  /** Other nodes write to the same store: a sync first catches up with it. */
  shared?: boolean;
}

/**
 * One episode in memory: the only place its state changes on this node. Commands are decided by
 * the pure rules against the current state, applied as numbered events, and released to their
 * callers only when the group commit has put them on disk; committed events then go to
 * `hooks.committed` in seq order for broadcasting. The history (events and command records) is read
 * from the store the first time a command, a replay or an audit needs it: start-up reads states only.
 */
export class EpisodeLedger {
  private commit: GroupCommit;
  private durableSeq: number;
  private emittedSeq: number;
  private recovering: Promise<void> | null = null;
  private readonly inFlight = new Map<string, { fingerprint: string; promise: Promise<unknown> }>();
  private history: EpisodeHistory | null;
  private opening: Promise<EpisodeHistory> | null = null;
  /** Command records not yet handed to the store, and those in the write under way. */
  private unsaved: Record<string, CommandRecord> = {};
  private saving: Record<string, CommandRecord> = {};
  private quietTimer: NodeJS.Timeout | null = null;
  private catchingUp: Promise<void> = Promise.resolve();
  /**
   * The catch-up queued behind the one under way and not yet started: notes that arrive meanwhile
   * join it (one read of the store per burst of notes, not one per note). Once it starts, it is
   * no longer here, and a later note queues the next one, so every note is served by a read that
   * began after the note arrived.
   */
  private queuedCatchUp: QueuedCatchUp | null = null;
  /** performance.now() when a catch-up last began reading the store. */
  private lastCatchUpRead = -Infinity;

  constructor(
    private currentState: EpisodeState,
    private readonly store: Store,
    private readonly hooks: LedgerHooks,
    /** A new episode comes with its first event and record, not yet durable. */
    fresh?: EpisodeHistory,
    private readonly options: LedgerOptions = {},
  ) {
    this.history = fresh ?? null;
    this.durableSeq = fresh ? 0 : currentState.seq;
    this.emittedSeq = this.durableSeq;
    if (fresh) this.unsaved = { ...fresh.commands };
    this.commit = new GroupCommit(() => this.persist(), (error) => this.rollBack(error));
  }

  get id(): string {
    return this.currentState.episode.id;
  }

  /** The live state. Callers read it, never change it. */
  get state(): EpisodeState {
    return this.currentState;
  }

  /** The whole event history, oldest first: also the episode's audit trail. */
  async events(): Promise<readonly EpisodeEvent[]> {
    return (await this.open()).events;
  }

  /** The record of a commandId, if that command already ran here. */
  async recorded(commandId: string): Promise<CommandRecord | undefined> {
    return (await this.open()).commands[commandId];
  }

  /** Read the history once; a store shared with other nodes may hold events this node has not seen yet. */
  private open(): Promise<EpisodeHistory> | EpisodeHistory {
    if (this.history) return this.history;
    this.opening ??= this.store
      .loadEpisodeHistory(this.id)
      .then((loaded) => {
        if (this.history) return this.history;
        const known = loaded.events.filter((e) => e.seq <= this.durableSeq);
        if (known.length !== this.durableSeq) throw new Error(`episode ${this.id}: history holds ${known.length} of ${this.durableSeq} events`);
        this.history = { events: known, commands: loaded.commands };
        this.absorb(loaded.events.filter((e) => e.seq > this.durableSeq), {}, false);
        return this.history;
      })
      .finally(() => (this.opening = null));
    return this.opening;
  }

  /**
   * Run one command: decide with a pure rule, apply, wait until durable, return the result.
   * A retry with the same commandId returns the first result and changes nothing.
   */
  async run<T>(meta: CommandMeta, decide: (state: EpisodeState) => Change[], present: (state: EpisodeState, events: EpisodeEvent[]) => T, attempt = 1, since = Date.now()): Promise<T> {
    if (this.recovering) await this.recovering.catch(() => undefined);
    // Notes of another node's commits gathered for a catch-up: read them now, before deciding, or
    // this command would be decided on a state the store has moved past (refused as stale, read,
    // decided again). With a write of this node under way the catch-up would not read anyway.
    const queued = this.queuedCatchUp;
    if (queued && this.commit.idle) {
      queued.hurry();
      await queued.done.catch(() => undefined);
    }
    const history = this.history ?? (await this.open());
    const retried = this.replayOf<T>(history, meta, present);
    if (retried) return retried;

    const firstSeq = this.currentState.seq + 1;
    const changes = decide(this.currentState);
    const events = changes.map((change, index) => this.stamp(change, meta, index));
    for (const event of events) {
      history.events.push(event);
      applyEvent(this.currentState, event);
    }
    const result = present(this.currentState, events);
    const record: CommandRecord = { command: meta.command, fingerprint: meta.fingerprint, at: meta.at, events: [firstSeq, this.currentState.seq] };
    history.commands[meta.commandId] = record;
    this.unsaved[meta.commandId] = record;
    const changeNo = this.commit.markChanged();
    const promise = this.commit.whenDurable(changeNo).then(
      () => result,
      (error) => {
        // Another node wrote to this episode first: the ledger has caught up; decide again on the fresh state.
        if (error instanceof StaleEpisodeError && Date.now() - since < STALE_RETRY_BUDGET_MS) {
          this.inFlight.delete(meta.commandId);
          // A moment's random wait, growing with each loss up to 10 ms: two nodes hammering one
          // episode stop colliding in step, and the other node's run of commands gets to finish.
          return new Promise<T>((resolve) => setTimeout(resolve, Math.random() * Math.min(10, 2 * attempt))).then(() => this.run(meta, decide, present, attempt + 1, since));
        }
        throw refuse('STORAGE_FAILED');
      },
    );
    this.inFlight.set(meta.commandId, { fingerprint: meta.fingerprint, promise });
    void promise.catch(() => undefined).finally(() => this.inFlight.delete(meta.commandId));
    return promise;
  }

  private replayOf<T>(history: EpisodeHistory, meta: CommandMeta, present: (state: EpisodeState, events: EpisodeEvent[]) => T): Promise<T> | undefined {
    const pending = this.inFlight.get(meta.commandId);
    const done = history.commands[meta.commandId];
    const seen = pending ?? done;
    if (!seen) return undefined;
    if (seen.fingerprint !== meta.fingerprint) throw refuse('COMMAND_ID_REUSED');
    if (pending) return pending.promise as Promise<T>;
    if (!done!.events) return Promise.resolve(done!.result as T);
    const [from, to] = done!.events;
    return Promise.resolve(present(stateAfter(history.events, to), history.events.slice(from - 1, to)));
  }

  private stamp(change: Change, meta: CommandMeta, index: number): EpisodeEvent {
    const state = this.currentState;
    const before = change.appeal ? state.appeals[change.appeal.id] : change.message ? state.messages[change.message.id] : undefined;
    // A new entity is in the event whole: its creation needs no field-by-field copy of itself.
    const entityChanges = before && (change.appeal ?? change.message) ? diffFields(before, change.appeal ?? change.message) : [];
    const episodeChanges = change.episode ? diffFields(state.episode, change.episode).map((c) => ({ ...c, path: `episode.${c.path}` })) : [];
    return {
      ...change,
      episodeId: state.episode.id,
      seq: state.seq + 1 + index,
      at: meta.at,
      actor: meta.actor,
      command: meta.command,
      commandId: meta.commandId,
      changes: [...entityChanges, ...episodeChanges],
    };
  }

  /** What a (re)connecting client missed since `sinceSeq`, or a snapshot when it is too far behind or has nothing. */
  async sync(sinceSeq: number | null, subscribe: () => void = () => undefined): Promise<SyncResult> {
    if (this.recovering) await this.recovering.catch(() => undefined);
    // Wait for what was accepted before this request to reach the disk.
    await this.commit.whenDurable().catch(() => undefined);
    // A client arriving from a node that just died may be ahead of this node's memory: catch up first.
    if (this.hooks.shared) await this.catchUp(false, Infinity, true).catch(() => undefined);
    const behind = sinceSeq === null ? Infinity : this.durableSeq - sinceSeq;
    if (behind > 0 && behind <= MAX_REPLAY_EVENTS && !this.history) await this.open();
    // Subscribe and read in the same synchronous step: every later event reaches the client by
    // broadcast. Only what is durable is read: a change still on its way to the disk may yet be
    // refused (a full disk, another node first), and a client must never hold what was not kept.
    subscribe();
    const seq = this.durableSeq;
    if (sinceSeq === null || sinceSeq > seq || seq - sinceSeq > MAX_REPLAY_EVENTS) {
      return { mode: 'snapshot', seq, snapshot: this.durableState() };
    }
    return { mode: 'events', seq, events: sinceSeq === seq ? [] : this.history!.events.slice(sinceSeq, seq) };
  }

  /** The state as the disk holds it: the live state, or while changes are in flight, the log replayed to the durable seq. */
  private durableState(): EpisodeState {
    if (this.currentState.seq === this.durableSeq) return structuredClone(this.currentState);
    // Changes in flight exist only once the history is loaded.
    return stateAfter(this.history!.events, this.durableSeq);
  }

  /** Make sure the current state is on disk (for a newly planned episode). */
  async flush(): Promise<void> {
    await this.commit.whenDurable(this.commit.markChanged());
  }

  private async persist(): Promise<void> {
    const upTo = this.currentState.seq;
    const commands = this.unsaved;
    this.unsaved = {};
    this.saving = commands;
    await this.store.commitEpisode({ episodeId: this.id, baseSeq: this.durableSeq, state: this.currentState, events: this.history!.events.slice(this.durableSeq, upTo), commands });
    this.saving = {};
    this.durableSeq = upTo;
    this.emitCommitted(upTo);
    this.whenQuiet();
  }

  private emitCommitted(upTo: number): void {
    if (upTo <= this.emittedSeq) return;
    const events = this.history!.events.slice(this.emittedSeq, upTo);
    this.emittedSeq = upTo;
    this.hooks.committed(events, 'here');
  }

  /** After a burst of commands, fold the log into a checkpoint once the episode has been quiet a while. */
  private whenQuiet(): void {
    if (!this.store.checkpointEpisode) return;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.checkpointIfQuiet(), this.options.quietMs ?? QUIET_MS);
    this.quietTimer.unref();
  }

  /** Checkpoint now if nothing is waiting for the disk (at a quiet moment, and at shutdown). */
  checkpointIfQuiet(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    if (this.commit.idle && this.currentState.seq === this.durableSeq && !this.recovering) this.store.checkpointEpisode?.(this.currentState);
  }

  /**
   * Events another node committed (told by the shared adapter, or found by the sweep or a sync):
   * apply them here too. Catch-ups run one at a time, and only while no write of this node is under
   * way: that write's stale refusal brings the ledger back here through the rollback.
   *
   * A burst of notes costs one read of the store per burst, not one per note. A note arriving while
   * a catch-up is queued and not yet started joins it (`upTo` becomes the highest seq any of them
   * named; a sync or a sweep may name none: whatever the store holds). A catch-up starts at once
   * after a quiet spell, and otherwise waits until `catchUpEveryMs` after the last read began, so
   * that the notes of a burst gather; a sync (`now`: a client is waiting) does not wait. A catch-up
   * whose notes all name seqs this node already holds reads nothing. Joined notes count as
   * announced only if every one of them was: for an unannounced one this node tells its own clients
   * (who drop the seqs they hold).
   */
  catchUp(announced = false, upTo = Infinity, now = false): Promise<void> {
    const queued = this.queuedCatchUp;
    if (queued) {
      queued.upTo = Math.max(queued.upTo, upTo);
      queued.announced &&= announced;
      if (now) queued.hurry();
      return queued.done;
    }
    const entry: QueuedCatchUp = { upTo, announced, now, done: Promise.resolve(), hurry: () => void (entry.now = true) };
    this.queuedCatchUp = entry;
    entry.done = this.catchingUp.then(async () => {
      const wait = this.lastCatchUpRead + (this.options.catchUpEveryMs ?? CATCH_UP_EVERY_MS) - performance.now();
      if (entry.upTo > this.currentState.seq && wait > 0 && !entry.now) {
        await new Promise<void>((wake) => {
          const timer = setTimeout(wake, wait);
          entry.hurry = () => {
            entry.now = true;
            clearTimeout(timer);
            wake();
          };
        });
      }
      // Started: a note from now on queues the next catch-up, whose read begins after this one's.
      if (this.queuedCatchUp === entry) this.queuedCatchUp = null;
      await this.open();
      if (entry.upTo <= this.currentState.seq) return;
      if (!this.commit.idle) return;
      await this.absorbFromStore(false, entry.announced);
    });
    this.catchingUp = entry.done.catch(() => undefined);
    return entry.done;
  }

  /** Read and apply what the store holds past this node's durable seq. The caller makes sure no write is under way. */
  private async absorbFromStore(duringRollBack = false, announced = false): Promise<void> {
    const from = this.durableSeq;
    this.lastCatchUpRead = performance.now();
    const more = await this.store.loadEpisodeHistory(this.id, from);
    // A write of this node (even one without events) may have started while the store was read: it
    // decides, not this read; its stale refusal brings the ledger back here.
    if (this.durableSeq !== from || this.currentState.seq !== from || (!duringRollBack && !this.commit.idle)) return;
    this.absorb(more.events, more.commands, announced);
  }

  private absorb(events: EpisodeEvent[], commands: Record<string, CommandRecord>, announced: boolean): void {
    const fresh = events.filter((e) => e.seq > this.currentState.seq).sort((a, b) => a.seq - b.seq);
    if (!fresh.length) return;
    for (const event of fresh) {
      this.history!.events.push(event);
      applyEvent(this.currentState, event);
    }
    Object.assign(this.history!.commands, commands);
    this.durableSeq = this.emittedSeq = this.currentState.seq;
    this.hooks.committed(fresh, announced ? 'elsewhere-announced' : 'elsewhere-unannounced');
  }

  private rollBack(error: unknown): Promise<void> {
    const done = (async () => {
      // Everything not durable goes: the events, their records, and the state they made.
      const history = this.history!;
      for (const commandId of [...Object.keys(this.saving), ...Object.keys(this.unsaved)]) delete history.commands[commandId];
      this.saving = {};
      this.unsaved = {};
      history.events.length = this.durableSeq;
      if (history.events.length) this.currentState = stateAfter(history.events, this.durableSeq);
      this.emittedSeq = Math.min(this.emittedSeq, this.durableSeq);
      // Refused as stale: another node wrote first. Nothing of the refused step reached a client
      // (sync and broadcasts carry only what is durable); this node reads what the other wrote.
      if (error instanceof StaleEpisodeError) await this.absorbFromStore(true).catch(() => undefined);
      this.hooks.rolledBack(this.id, error);
    })();
    this.recovering = done;
    void done.catch(() => undefined).finally(() => {
      if (this.recovering === done) this.recovering = null;
    });
    return done;
  }
}

/** A catch-up waiting for its turn: the notes that joined it, and how to start it without waiting. */
interface QueuedCatchUp {
  upTo: number;
  announced: boolean;
  now: boolean;
  done: Promise<void>;
  hurry: () => void;
}

/** The episode as it was right after event `seq`, replayed from its log. */
function stateAfter(events: readonly EpisodeEvent[], seq: number): EpisodeState {
  const state = newEpisodeState(events[0].episode!);
  for (const event of events.slice(0, seq)) applyEvent(state, event);
  return state;
}

/** True for errors the domain raised on purpose (as opposed to bugs). */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
