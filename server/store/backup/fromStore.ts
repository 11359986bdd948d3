import { replayOnto } from '../episodeFiles';
import type { Store } from '../store';

/**
 * A live store (PostgreSQL) copied into a fresh lowdb store through the Store interface, the way
 * `npm run import` copies the other way (storeCopy.ts), but safe while nodes keep writing:
 *  - the episode states are read in one statement (loadEpisodeStates) after `startedAt`: every
 *    episode and every event committed before that instant is in them;
 *  - each episode's history is then read in one REPEATABLE READ snapshot (events and command records
 *    together, so no record points at an event the copy lacks). It may reach further than the state
 *    read before it (the episode moved on): the state is brought up to the history's last event by
 *    replaying the extra events, the same replay start-up does. storeCopy's copyStore would refuse
 *    that as a broken source, which is right for an import from a stopped folder, not here;
 *  - an episode created after the states were read is not copied at all (never half of one);
 *  - the catalogue is read last (episodes refer to its entries, so a later catalogue resolves them).
 * Login sessions (PostgreSQL's sessions table) are not copied: people log in again after a restore.
 */
export async function copyLiveStore(source: Store, target: Store, onEpisode: (done: number, total: number) => void = () => undefined): Promise<{ startedAt: Date; episodes: number }> {
  const startedAt = new Date();
  const states = await source.loadEpisodeStates();
  await target.loadCatalogue();
  for (const [index, state] of states.entries()) {
    const id = state.episode.id;
    const history = await source.loadEpisodeHistory(id);
    const gap = history.events.findIndex((event, i) => event.seq !== i + 1);
    if (gap >= 0) throw new Error(`节目 ${id} 的事件序号不连续（第 ${gap + 1} 个事件的 seq 是 ${history.events[gap].seq}）/ episode ${id}: events are not contiguous`);
    const last = history.events.at(-1)?.seq ?? 0;
    if (last < state.seq) throw new Error(`节目 ${id} 的事件只到 seq ${last}，状态却是 seq ${state.seq} / episode ${id}: events end at seq ${last} but the state is at seq ${state.seq}`);
    if (last > state.seq) replayOnto(state, [{ from: state.seq + 1, to: last, commands: {}, events: history.events.filter((e) => e.seq > state.seq) }]);
    await target.commitEpisode({ episodeId: id, baseSeq: 0, state, events: history.events, commands: history.commands });
    onEpisode(index + 1, states.length);
  }
  await target.commitCatalogue(await source.loadCatalogue());
  return { startedAt, episodes: states.length };
}
