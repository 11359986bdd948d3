import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import type { Store } from '../../server/store/store';
import { catalogueContract } from './contractCatalogue';
import { durabilityContract } from './contractDurability';
import { episodeContract } from './contractEpisodes';

/** One test's data: an empty folder, an emptied schema. Every store opened on it sees the same data. */
export interface StorePlace {
  open(): Promise<Store>;
}

export interface StoreSubject {
  /**
   * Whether two store instances may write the same data at once (several nodes on one database).
   * Only then can another writer commit first, so only then are the Stale… errors from a second
   * instance tested; a lone writer's wrong baseSeq is tested for every store.
   */
  sharedWriters: boolean;
  /** Once, before the tests (create a schema). */
  setUp?(): Promise<void>;
  /** Before each test: a place with no data in it. */
  freshPlace(): Promise<StorePlace>;
  /** Once, after the tests (drop the schema, remove the folders). */
  tearDown?(): Promise<void>;
}

/** What each part of the contract gets: stores on this test's place, closed after the test. */
export interface ContractContext {
  readonly sharedWriters: boolean;
  open(): Promise<Store>;
}

/**
 * The behaviour every Store must have, as the interface comments in server/store/store.ts state
 * it. Each store's test file calls this with how to make an empty place for its data.
 */
export function describeStoreContract(name: string, subject: StoreSubject): void {
  describe(`Store contract: ${name}`, () => {
    let place: StorePlace;
    let opened: Store[] = [];
    const context: ContractContext = {
      sharedWriters: subject.sharedWriters,
      async open() {
        const store = await place.open();
        opened.push(store);
        return store;
      },
    };

    beforeAll(async () => {
      await subject.setUp?.();
    });
    beforeEach(async () => {
      place = await subject.freshPlace();
    });
    afterEach(async () => {
      const closing = opened;
      opened = [];
      // A test may have closed a store itself already; closing twice must not hide the test's result.
      await Promise.all(closing.map((store) => store.close().catch(() => undefined)));
    });
    afterAll(async () => {
      await subject.tearDown?.();
    });

    episodeContract(context);
    catalogueContract(context);
    durabilityContract(context);
  });
}
