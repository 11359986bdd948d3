import type { EpisodeState } from '../../../shared/domain/episodeState';
import type { CatalogueDoc, Store } from '../store';

/** What the import compares between source and target: read through the Store interface on both sides. */
export interface StoreCounts {
  episodes: number;
  events: number;
  appeals: number;
  commandRecords: number;
  /** Units, people, accounts, sessions, display links, calendar corrections, categories, flagged numbers, command records and audit entries. */
  catalogueEntries: number;
}

export function catalogueEntries(doc: CatalogueDoc): number {
  return (
    Object.keys(doc.units).length +
    Object.keys(doc.people).length +
    Object.keys(doc.accounts).length +
    Object.keys(doc.sessions ?? {}).length +
    Object.keys(doc.displayLinks).length +
    Object.keys(doc.calendarOverrides).length +
    Object.keys(doc.categories ?? {}).length +
    Object.keys(doc.callerFlags ?? {}).length +
    Object.keys(doc.commands).length +
    doc.audit.length
  );
}

/** A source that cannot be copied as it is: nothing has been written when this is thrown. */
export class BrokenSourceError extends Error {}

/** Read one episode's whole history and make sure it replays to its state: seq 1, 2, … up to state.seq. */
async function wholeHistory(store: Store, state: EpisodeState) {
  const id = state.episode.id;
  const history = await store.loadEpisodeHistory(id);
  const gap = history.events.findIndex((event, index) => event.seq !== index + 1);
  if (gap >= 0) throw new BrokenSourceError(`节目 ${id} 的事件序号不连续：第 ${gap + 1} 个事件的 seq 是 ${history.events[gap].seq} / episode ${id}: event ${gap + 1} has seq ${history.events[gap].seq}`);
  const last = history.events.at(-1)?.seq ?? 0;
  if (last !== state.seq) throw new BrokenSourceError(`节目 ${id} 的事件只到 seq ${last}，状态却是 seq ${state.seq} / episode ${id}: events end at seq ${last} but the state is at seq ${state.seq}`);
  return history;
}

/**
 * Count a store through its interface, checking every episode's history on the way. Run on the
 * source before anything is written (a broken source stops the import there) and on the target
 * afterwards (what was written reads back the same).
 */
export async function countStore(store: Store, catalogue: CatalogueDoc, states: EpisodeState[], onEpisode: (done: number) => void = () => undefined): Promise<StoreCounts> {
  const counts: StoreCounts = { episodes: states.length, events: 0, appeals: 0, commandRecords: 0, catalogueEntries: catalogueEntries(catalogue) };
  for (const [index, state] of states.entries()) {
    const history = await wholeHistory(store, state);
    counts.events += history.events.length;
    counts.appeals += Object.keys(state.appeals).length;
    counts.commandRecords += Object.keys(history.commands).length;
    onEpisode(index + 1);
  }
  return counts;
}

/**
 * Copy the catalogue, then each episode as one step from baseSeq 0 holding its latest state, all
 * its events and all its command records (on PostgreSQL that state is the new row's checkpoint, at
 * its seq: nothing to replay at the next start). An episode the target already has is refused by
 * the target (StaleEpisodeError), so a copy never merges two histories.
 */
export async function copyStore(source: Store, target: Store, catalogue: CatalogueDoc, states: EpisodeState[], onEpisode: (done: number) => void = () => undefined): Promise<void> {
  await target.commitCatalogue(catalogue);
  for (const [index, state] of states.entries()) {
    const { events, commands } = await wholeHistory(source, state);
    await target.commitEpisode({ episodeId: state.episode.id, baseSeq: 0, state, events, commands });
    onEpisode(index + 1);
  }
}
