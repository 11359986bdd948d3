import { describe, expect, it } from 'vitest';
import { BrokenSourceError, copyStore, countStore } from '../../server/store/postgres/storeCopy';
import { emptyCatalogue, type EpisodeCommit, type EpisodeHistory, type Store } from '../../server/store/store';
import type { EpisodeState } from '../../shared/domain/episodeState';
import { sampleCatalogue } from './contractCatalogue';
import { EpisodeScript } from './episodeScript';

/** A source holding given states and histories, and a target that only records what it is given. */
function stores(episodes: Array<{ state: EpisodeState; history: EpisodeHistory }>) {
  const written: { catalogue: unknown[]; episodes: EpisodeCommit[] } = { catalogue: [], episodes: [] };
  const unused = async () => {
    throw new Error('not used by the copy');
  };
  const source: Store = {
    kind: 'fake',
    loadCatalogue: async () => sampleCatalogue(),
    reloadCatalogue: unused,
    commitCatalogue: unused,
    loadEpisodeStates: async () => episodes.map((e) => e.state),
    loadEpisodeState: unused,
    loadEpisodeHistory: async (id) => structuredClone(episodes.find((e) => e.state.episode.id === id)!.history),
    commitEpisode: unused,
    close: async () => undefined,
  };
  const target: Store = { ...source, commitCatalogue: async (doc) => void written.catalogue.push(doc), commitEpisode: async (commit) => void written.episodes.push(commit) };
  return { source, target, written };
}

function wholeEpisode(id: string) {
  const script = new EpisodeScript(id);
  script.plan();
  script.step(2, 0);
  script.step(1);
  return { state: script.snapshot(), history: { events: script.events, commands: script.commands } };
}

describe('copying one store into another (the import’s engine)', () => {
  it('counts episodes, events, appeals, command records and catalogue entries of a sound source', async () => {
    const episodes = [wholeEpisode('ep-1'), wholeEpisode('ep-2')];
    const { source } = stores(episodes);
    expect(await countStore(source, sampleCatalogue(), episodes.map((e) => e.state))).toEqual({ episodes: 2, events: 8, appeals: 0, commandRecords: 8, catalogueEntries: 6 });
    expect((await countStore(source, emptyCatalogue(), [])).catalogueEntries).toBe(0);
  });

  it('copies each episode as one step from baseSeq 0 with its latest state, all its events and all its records', async () => {
    const episodes = [wholeEpisode('ep-1'), wholeEpisode('ep-2')];
    const { source, target, written } = stores(episodes);
    const seen: number[] = [];
    await copyStore(source, target, sampleCatalogue(), episodes.map((e) => e.state), (done) => seen.push(done));
    expect(written.catalogue).toEqual([sampleCatalogue()]);
    expect(written.episodes).toEqual(episodes.map(({ state, history }) => ({ episodeId: state.episode.id, baseSeq: 0, state, events: history.events, commands: history.commands })));
    expect(seen).toEqual([1, 2]);
  });

  it('refuses a source whose events stop short of its state, or skip a seq, naming the episode', async () => {
    const short = wholeEpisode('ep-short');
    short.history.events.pop();
    const gap = wholeEpisode('ep-gap');
    gap.history.events.splice(1, 1);
    for (const broken of [short, gap]) {
      const { source, target, written } = stores([wholeEpisode('ep-fine'), broken]);
      const states = [wholeEpisode('ep-fine').state, broken.state];
      await expect(countStore(source, sampleCatalogue(), states)).rejects.toThrow(BrokenSourceError);
      await expect(countStore(source, sampleCatalogue(), states)).rejects.toThrow(broken.state.episode.id);
      // The copy checks again as it goes: it never writes the broken episode.
      await expect(copyStore(source, target, sampleCatalogue(), states)).rejects.toThrow(BrokenSourceError);
      expect(written.episodes.map((c) => c.episodeId)).toEqual(['ep-fine']);
    }
  });
});
