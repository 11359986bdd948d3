import { applyEvent, newEpisodeState, type EpisodeEvent, type EpisodeState } from '../../shared/domain/episodeState';
import type { Actor, Episode } from '../../shared/domain/types';
import type { CommandRecord, EpisodeCommit } from '../../server/store/store';
import { buildEpisode } from '../shared/builders';

const ACTOR: Actor = { accountId: 'acct-admin-0001', name: '节目管理员', role: 'admin' };

/** A planned episode of the contract's own catalogue (sampleCatalogue's unit and leader). */
function episode(id: string, date: string): Episode {
  return buildEpisode({
    id,
    year: Number(date.slice(0, 4)),
    number: 1,
    date,
    slot: { start: '09:00', end: '10:00' },
    theme: '老旧小区改造',
    host: '李然',
    unitIds: ['unit-housing-01'],
    leaders: [{ personId: 'person-zhang-01', name: '张建国', title: '局长', unitId: 'unit-housing-01', principal: true }],
    status: 'planned',
    startedAt: null,
  });
}

/**
 * One episode written the way the ledger writes it: a live state changed in place, and steps
 * (group commits) that each carry the events and command records since the last one. It also keeps
 * everything it committed, so a test can compare the store's history with what was written.
 */
export class EpisodeScript {
  readonly state: EpisodeState;
  readonly events: EpisodeEvent[] = [];
  readonly commands: Record<string, CommandRecord> = {};
  private durableSeq = 0;
  private commandNo = 0;

  constructor(
    readonly id: string,
    date = '2025-03-05',
    /** Distinguishes the command ids of a fork from those of the script it was forked from. */
    private readonly writer = 'a',
  ) {
    this.state = newEpisodeState(episode(id, date));
  }

  /** The same episode as another node holds it right now: both go on from the same seq. */
  fork(writer: string): EpisodeScript {
    const copy = new EpisodeScript(this.id, this.state.episode.date, writer);
    Object.assign(copy.state, structuredClone(this.state));
    copy.events.push(...structuredClone(this.events));
    Object.assign(copy.commands, structuredClone(this.commands));
    copy.durableSeq = this.durableSeq;
    copy.commandNo = this.commandNo;
    return copy;
  }

  /** The first step: the plan's event and its record (with the result, as plans keep it). baseSeq 0. */
  plan(): EpisodeCommit {
    const commandId = this.nextCommandId();
    const event = this.apply({ type: 'episode.planned', episode: { ...this.state.episode } }, commandId, 'episode:plan');
    this.commands[commandId] = { command: 'episode:plan', fingerprint: `fp-${commandId}`, at: event.at, result: { episode: event.episode } };
    return this.commit([event], [commandId]);
  }

  /**
   * One step of several commands: `eventsPerCommand[i]` theme changes for command i, 0 for a
   * command that changed nothing (its record's range is empty: from = to + 1).
   */
  step(...eventsPerCommand: number[]): EpisodeCommit {
    const events: EpisodeEvent[] = [];
    const ids: string[] = [];
    for (const count of eventsPerCommand) {
      const commandId = this.nextCommandId();
      const from = this.state.seq + 1;
      for (let i = 0; i < count; i++) {
        const theme = `主题 ${this.state.seq + 1}`;
        events.push(this.apply({ type: 'episode.updated', episode: { ...this.state.episode, theme, version: this.state.episode.version + 1 } }, commandId, 'episode:update'));
      }
      this.commands[commandId] = { command: 'episode:update', fingerprint: `fp-${commandId}`, at: this.at(), events: [from, this.state.seq] };
      ids.push(commandId);
    }
    return this.commit(events, ids);
  }

  /** A deep copy of the state as it is now. */
  snapshot(): EpisodeState {
    return structuredClone(this.state);
  }

  /** The records made at or after the given command ids, for expectations. */
  recordsOf(ids: string[]): Record<string, CommandRecord> {
    return Object.fromEntries(ids.map((id) => [id, this.commands[id]]));
  }

  private commit(events: EpisodeEvent[], commandIds: string[]): EpisodeCommit {
    // A copy, so that steps can be made ahead and committed in turn; the ledger hands over its live
    // state, which the capture test imitates by changing the commit's state itself.
    const commit: EpisodeCommit = { episodeId: this.id, baseSeq: this.durableSeq, state: this.snapshot(), events, commands: this.recordsOf(commandIds) };
    this.durableSeq = this.state.seq;
    return commit;
  }

  private apply(change: Pick<EpisodeEvent, 'type' | 'episode'>, commandId: string, command: string): EpisodeEvent {
    const event: EpisodeEvent = { ...change, episodeId: this.id, seq: this.state.seq + 1, at: this.at(), actor: ACTOR, command, commandId, changes: [] };
    applyEvent(this.state, event);
    this.events.push(event);
    return event;
  }

  private nextCommandId(): string {
    this.commandNo += 1;
    return `${this.id}-${this.writer}-${String(this.commandNo).padStart(3, '0')}`;
  }

  private at(): string {
    return new Date(Date.UTC(2025, 2, 5, 1, 0, this.state.seq)).toISOString();
  }
}
