import { StaleCatalogueError, StaleEpisodeError, type Store } from '../store/store';
import type { Metrics } from './metrics';

/**
 * The store as it was, with its durable writes timed and counted: batch size, write time and
 * failures. Everything else passes through untouched, so the store still knows nothing of metrics.
 */
export function instrumentStore<S extends Store>(store: S, metrics: Metrics): S {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'commitEpisode') {
        return (commit: Parameters<Store['commitEpisode']>[0]) => {
          metrics.commitEvents.observe(commit.events.length);
          return timed('episode', () => target.commitEpisode(commit));
        };
      }
      if (property === 'commitCatalogue') return (doc: Parameters<Store['commitCatalogue']>[0]) => timed('catalogue', () => target.commitCatalogue(doc));
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  async function timed(target: 'episode' | 'catalogue', write: () => Promise<void>): Promise<void> {
    const end = metrics.commitSeconds.startTimer({ target });
    try {
      // Called at once, before any await: the store takes what it writes from its argument synchronously.
      await write();
      end();
    } catch (error) {
      // A stale step (another node wrote first) is not a storage error: it is decided again.
      if (!(error instanceof StaleEpisodeError || error instanceof StaleCatalogueError)) metrics.storageErrors.inc({ target });
      throw error;
    }
  }
}
