import type { EpisodeCommit } from '../store';

/** One commit turned into SQL parameters: text only, so nothing the caller changes later can reach the database. */
export interface EncodedStep {
  episodeId: string;
  baseSeq: number;
  seq: number;
  /** The state at `seq` as text, when the store asked for it (a new episode, a checkpoint due); else null. */
  state: string | null;
  eventSeqs: number[];
  events: string[];
  commandIds: string[];
  records: string[];
  atSeqs: number[];
  eventless: boolean[];
}

/**
 * Serialise a commit synchronously, before the store's first await: the caller goes on applying
 * new events to the same state object while the transaction runs. The state (the costly part, a
 * megabyte for a long episode) only `withState`: a step writes its events, not the episode. Also
 * refuses a step that would break the gap-free seq (events must be baseSeq+1 … state.seq), which
 * the primary key alone would only half catch.
 */
export function encodeStep(commit: EpisodeCommit, withState = true): EncodedStep {
  const { episodeId, baseSeq, state, events, commands } = commit;
  const seq = state.seq;
  if (!Number.isInteger(baseSeq) || baseSeq < 0) throw new Error(`episode ${episodeId}: baseSeq must be a whole number ≥ 0, got ${baseSeq}`);
  if (state.episode?.id !== episodeId) throw new Error(`episode ${episodeId}: the state is of episode ${state.episode?.id}`);
  events.forEach((event, index) => {
    if (event.seq !== baseSeq + 1 + index || event.episodeId !== episodeId) {
      throw new Error(`episode ${episodeId}: event ${index} of the step has seq ${event.seq} of ${event.episodeId}, expected seq ${baseSeq + 1 + index}`);
    }
  });
  if (seq !== baseSeq + events.length) throw new Error(`episode ${episodeId}: state seq ${seq} does not follow baseSeq ${baseSeq} and ${events.length} events`);

  const commandIds = Object.keys(commands);
  const records = commandIds.map((id) => commands[id]);
  // A record's range places it in the log. A record that keeps its result instead of a range (a
  // plan) is counted with the step's events; with none, it is an event-less command at the step's seq.
  const madeEvents = records.map((record) => (record.events ? record.events[0] <= record.events[1] : events.length > 0));
  return {
    episodeId,
    baseSeq,
    seq,
    state: withState ? JSON.stringify(state) : null,
    eventSeqs: events.map((event) => event.seq),
    events: events.map((event) => JSON.stringify(event)),
    commandIds,
    records: records.map((record) => JSON.stringify(record)),
    atSeqs: records.map((record) => (record.events && record.events[0] <= record.events[1] ? record.events[1] : seq)),
    eventless: madeEvents.map((made) => !made),
  };
}
