import type { SatisfactionBasis } from '../../shared/domain/resolution';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnnualReport } from '../../shared/protocol/events';
import { CatalogueService } from '../services/catalogueService';
import { systemClock } from '../services/clock';
import { ReportsService } from '../services/reportsService';
import { StudioService } from '../services/studioService';
import { readOnlyFileSystem } from './readOnlyFileSystem';
import { LowdbStore } from '../store/lowdbStore';
import { UsageError } from './cliSupport';

/**
 * The annual report of a data folder, read from disk without starting the server: the same
 * LowdbStore, StudioService and ReportsService the server builds (so the figures are the server's,
 * by construction), over a file system that refuses every write. Opening a folder must never
 * change it: no admin account is created, no folder is made, nothing is rewritten.
 */

/** Check the folder before touching it: missing, not a folder, or not a data folder is a usage error. */
export async function inspectDataDir(dataDir: string): Promise<{ episodeFiles: number }> {
  const info = await stat(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new UsageError(`数据目录不存在：${dataDir}（用 --data 或环境变量 DATA_DIR 指定）`, `Data folder not found: ${dataDir} (set --data or DATA_DIR).`);
    throw error;
  });
  if (!info.isDirectory()) throw new UsageError(`不是目录：${dataDir}`, `Not a folder: ${dataDir}`);
  const episodesDir = join(dataDir, 'episodes');
  const names = await readdir(episodesDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new UsageError(`${dataDir} 不是政风热线数据目录（缺少 episodes/ 子目录）`, `${dataDir} is not a hotline data folder (no episodes/ inside).`);
    }
    throw error;
  });
  // The same file-name rule as LowdbStore's loader (temporary ".name.tmp" files are not episodes).
  return { episodeFiles: names.filter((name) => /^[A-Za-z0-9_-]+\.json$/.test(name)).length };
}

function readOnly(onEpisodeRead: () => void, episodesDir: string) {
  return readOnlyFileSystem('报表工具只读数据目录，不写入任何文件 (the report tool never writes to the data folder)', (path) => {
    if (path.startsWith(episodesDir)) onEpisodeRead();
  });
}

export interface LoadedReport {
  report: AnnualReport;
  /** Episodes found in the folder (held or not). */
  episodes: number;
}

/** Load the folder and compute ReportsService.annual(year) exactly as the server does. */
export async function annualReportFromDisk(dataDir: string, year: number, onEpisodeRead: () => void = () => undefined, basis: SatisfactionBasis = 'callback'): Promise<LoadedReport> {
  const store = new LowdbStore(dataDir, readOnly(onEpisodeRead, join(dataDir, 'episodes')));
  try {
    const catalogue = new CatalogueService(await store.loadCatalogue(), store, systemClock);
    const studio = new StudioService(store, catalogue, systemClock);
    await studio.load();
    const reports = new ReportsService(studio, catalogue);
    return { report: reports.annual(year, basis), episodes: studio.summaries().length };
  } finally {
    await store.close();
  }
}
