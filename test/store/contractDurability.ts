import { describe, expect, it } from 'vitest';
import { EpisodeScript } from './episodeScript';
import { sampleCatalogue } from './contractCatalogue';
import type { ContractContext } from './storeContract';

export function durabilityContract(context: ContractContext): void {
  describe('durability', () => {
    it('everything committed is there after closing the store and opening a new one on the same data', async () => {
      const first = await context.open();
      await first.loadCatalogue();
      await first.commitCatalogue(sampleCatalogue());
      const a = new EpisodeScript('ep-durable-a', '2025-03-05');
      const b = new EpisodeScript('ep-durable-b', '2025-09-10');
      for (const commit of [a.plan(), b.plan(), a.step(2, 0), b.step(1), a.step(1, 1)]) await first.commitEpisode(commit);
      await first.close();

      const second = await context.open();
      expect(await second.loadCatalogue()).toEqual(sampleCatalogue());
      expect(await second.reloadCatalogue()).toEqual(sampleCatalogue());
      const states = await second.loadEpisodeStates();
      expect(states.sort((x, y) => x.episode.id.localeCompare(y.episode.id))).toEqual([a.snapshot(), b.snapshot()]);
      for (const script of [a, b]) {
        expect(await second.loadEpisodeState(script.id)).toEqual(script.snapshot());
        expect(await second.loadEpisodeHistory(script.id)).toEqual({ events: script.events, commands: script.commands });
      }
      // And the new store writes on from where the old one stopped.
      await second.commitEpisode(a.step(1));
      expect(await second.loadEpisodeState(a.id)).toEqual(a.snapshot());
    });
  });
}
