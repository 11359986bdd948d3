import { DomainError, refuse } from '../../shared/domain/errors';
import { applyEvent, diffFields, newEpisodeState, type Change, type EpisodeEvent, type EpisodeState } from '../../shared/domain/episodeState';
import type { Actor } from '../../shared/domain/types';
import type { SyncResult } from '../../shared/protocol/events';
import type { CommandRecord, EpisodeDoc, Store } from '../store/store';
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

/**
 * One episode in memory: the only place its state changes. Commands are decided by the pure rules
 * against the current state, applied as numbered events, and released to their callers only when
 * the group commit has put them on disk; committed events are then handed to `onCommitted` in seq
 * order for broadcasting.
 */
export class EpisodeLedger {
  private commit: GroupCommit;
  private durableSeq: number;
  private emittedSeq: number;
  private recovering: Promise<void> | null = null;
  private readonly inFlight = new Map<string, { fingerprint: string; promise: Promise<unknown> }>();

  constructor(
    private doc: EpisodeDoc,
    private readonly store: Store,
    private readonly onCommitted: (events: EpisodeEvent[]) => void,
    private readonly onRolledBack: (episodeId: string, error: unknown) => void,
  ) {
    this.durableSeq = doc.state.seq;
    this.emittedSeq = doc.state.seq;
    this.commit = new GroupCommit(() => this.persist(), (error) => this.rollBack(error));
  }

  get id(): string {
    return this.doc.state.episode.id;
  }

  /** The live state. Callers read it, never change it. */
  get state(): EpisodeState {
    return this.doc.state;
  }

  /** The whole event history, oldest first: also the episode's audit trail. */
  get events(): readonly EpisodeEvent[] {
    return this.doc.events;
  }

  /** The record of a commandId, if that command already ran here. */
  recorded(commandId: string): CommandRecord | undefined {
    return this.doc.commands[commandId];
  }

  /**
   * Run one command: decide with a pure rule, apply, wait until durable, return the result.
   * A retry with the same commandId returns the first result and changes nothing.
   */
  async run<T>(meta: CommandMeta, decide: (state: EpisodeState) => Change[], present: (state: EpisodeState, events: EpisodeEvent[]) => T): Promise<T> {
    if (this.recovering) await this.recovering.catch(() => undefined);
    const retried = this.replayOf<T>(meta, present);
    if (retried) return retried;

    const firstSeq = this.doc.state.seq + 1;
    const changes = decide(this.doc.state);
    const events = changes.map((change, index) => this.stamp(change, meta, index));
    for (const event of events) {
      this.doc.events.push(event);
      applyEvent(this.doc.state, event);
    }
    const result = present(this.doc.state, events);
    this.doc.commands[meta.commandId] = { command: meta.command, fingerprint: meta.fingerprint, at: meta.at, events: [firstSeq, this.doc.state.seq] };
    const changeNo = this.commit.markChanged();
    const promise = this.commit.whenDurable(changeNo).then(
      () => result,
      () => {
        throw refuse('STORAGE_FAILED');
      },
    );
    this.inFlight.set(meta.commandId, { fingerprint: meta.fingerprint, promise });
    void promise.catch(() => undefined).finally(() => this.inFlight.delete(meta.commandId));
    return promise;
  }

  private replayOf<T>(meta: CommandMeta, present: (state: EpisodeState, events: EpisodeEvent[]) => T): Promise<T> | undefined {
    const pending = this.inFlight.get(meta.commandId);
    const done = this.doc.commands[meta.commandId];
    const seen = pending ?? done;
    if (!seen) return undefined;
    if (seen.fingerprint !== meta.fingerprint) throw refuse('COMMAND_ID_REUSED');
    if (pending) return pending.promise as Promise<T>;
    if (!done!.events) return Promise.resolve(done!.result as T);
    const [from, to] = done!.events;
    return Promise.resolve(present(this.stateAt(to), this.doc.events.slice(from - 1, to)));
  }

  /** The episode as it was right after event `seq`, replayed from its log: only a retry needs it. */
  private stateAt(seq: number): EpisodeState {
    const first = this.doc.events[0];
    const state = newEpisodeState(first.episode!);
    for (const event of this.doc.events.slice(0, seq)) applyEvent(state, event);
    return state;
  }

  private stamp(change: Change, meta: CommandMeta, index: number): EpisodeEvent {
    const state = this.doc.state;
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
    // Wait for what was accepted before this request to reach the disk. Changes accepted while that
    // write ran may be included too; should their write fail, every client is told to resync.
    await this.commit.whenDurable().catch(() => undefined);
    // Subscribe and read in the same synchronous step: every later event reaches the client by broadcast.
    subscribe();
    const seq = this.doc.state.seq;
    if (sinceSeq === null || sinceSeq > seq || seq - sinceSeq > MAX_REPLAY_EVENTS) {
      return { mode: 'snapshot', seq, snapshot: structuredClone(this.doc.state) };
    }
    return { mode: 'events', seq, events: this.doc.events.slice(sinceSeq, seq) };
  }

  /** Make sure the current state is on disk (for a newly planned episode). */
  async flush(): Promise<void> {
    await this.commit.whenDurable(this.commit.markChanged());
  }

  private async persist(): Promise<void> {
    const upTo = this.doc.state.seq;
    const newEvents = this.doc.events.slice(this.durableSeq, upTo);
    await this.store.commitEpisode(this.doc, newEvents);
    this.durableSeq = upTo;
    this.emitCommitted(upTo);
  }

  private emitCommitted(upTo: number): void {
    if (upTo <= this.emittedSeq) return;
    const events = this.doc.events.slice(this.emittedSeq, upTo);
    this.emittedSeq = upTo;
    this.onCommitted(events);
  }

  private rollBack(error: unknown): Promise<void> {
    const done = (async () => {
      const fromDisk = await this.store.reloadEpisode(this.id);
      if (fromDisk) this.doc = fromDisk;
      this.durableSeq = this.doc.state.seq;
      this.emittedSeq = Math.min(this.emittedSeq, this.durableSeq);
      this.onRolledBack(this.id, error);
    })();
    this.recovering = done;
    void done.catch(() => undefined).finally(() => {
      if (this.recovering === done) this.recovering = null;
    });
    return done;
  }
}

/** True for errors the domain raised on purpose (as opposed to bugs). */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
