import { join } from 'node:path';
import type { EpisodeState } from '../../../shared/domain/episodeState';
import type { CatalogueDoc } from '../../store/store';
import { readOnlyFileSystem } from '../readOnlyFileSystem';
import { LowdbStore } from '../../store/lowdbStore';

/**
 * A data folder read without changing it (the same idea as annualFromDisk.ts): the store over a
 * file system that refuses every write. Used by the dry run against an existing folder and by the
 * exporter.
 */
const readOnly = () => readOnlyFileSystem('历史数据工具只读取此数据目录，不写入 (this history tool only reads this folder)');

export async function readFolder(dataDir: string): Promise<{ catalogue: CatalogueDoc; states: EpisodeState[] }> {
  const store = new LowdbStore(dataDir, readOnly());
  try {
    const catalogue = await store.loadCatalogue();
    const states = await store.loadEpisodeStates();
    return { catalogue, states };
  } finally {
    await store.close();
  }
}

export const episodesDirOf = (dataDir: string) => join(dataDir, 'episodes');
