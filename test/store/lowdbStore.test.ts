import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from '../../server/store/lowdbStore';
import { describeStoreContract } from './storeContract';

const folders: string[] = [];

describeStoreContract('lowdb', {
  // One process owns a data folder: no second writer can get in first.
  sharedWriters: false,
  async freshPlace() {
    const dataDir = await mkdtemp(join(tmpdir(), 'zfrx-store-contract-'));
    folders.push(dataDir);
    return { open: async () => new LowdbStore(dataDir) };
  },
  async tearDown() {
    await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
  },
});
