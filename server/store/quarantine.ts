import { basename, dirname, join } from 'node:path';
import type { FileSystem } from './durableJsonFile';
import type { DamagedFileReport } from './store';

export const QUARANTINE_DIR = 'quarantine';

/**
 * Where damaged files are set aside: `<dataDir>/quarantine/<time>-<name>`. Files are moved (a rename
 * in the same folder tree keeps every byte) or copied, never deleted, so whoever looks later finds
 * exactly what was there. Paths in and out are relative to the data folder, as reports name them.
 */
export class Quarantine {
  private readonly stamp: string;

  constructor(
    private readonly dataDir: string,
    private readonly fs: FileSystem,
    now: Date = new Date(),
  ) {
    // One stamp per start (or doctor run): files set aside together sort together.
    this.stamp = now.toISOString().replace(/[:.]/g, '-');
  }

  /** Move a file (or folder) into quarantine; returns where it now lies. */
  async moveAside(file: string): Promise<string> {
    const target = await this.freeName(file);
    await this.fs.rename(join(this.dataDir, file), join(this.dataDir, target));
    await this.fs.syncDirectory(join(this.dataDir, QUARANTINE_DIR));
    await this.fs.syncDirectory(dirname(join(this.dataDir, file)));
    return target;
  }

  /** Keep an exact copy of bytes read from `file` (the file itself stays and is then repaired). */
  async copyAside(file: string, bytes: Buffer): Promise<string> {
    const target = await this.freeName(file);
    await this.fs.writeFileSynced(join(this.dataDir, target), bytes);
    await this.fs.syncDirectory(join(this.dataDir, QUARANTINE_DIR));
    return target;
  }

  private async freeName(file: string): Promise<string> {
    await this.fs.mkdir(join(this.dataDir, QUARANTINE_DIR));
    for (let n = 1; ; n++) {
      const name = `${QUARANTINE_DIR}/${this.stamp}-${n === 1 ? '' : `${n}-`}${basename(file)}`;
      if ((await this.fs.fileSize(join(this.dataDir, name))) === null) return name;
    }
  }
}

/** A report as the admin screen and the log show it. */
export function damageReport(file: string, episodeId: string | null, offset: number, problem: string, action: string, setAsideTo: string | null): DamagedFileReport {
  return { file, episodeId, offset, problem, action, setAsideTo, foundAt: new Date().toISOString() };
}

/** The doctor command that repairs `dataDir`, quoted when the path needs it. */
export function doctorCommand(dataDir: string, repair = true): string {
  const dir = /^[\w./:@+-]+$/.test(dataDir) ? dataDir : `'${dataDir.replace(/'/g, `'\\''`)}'`;
  return `npm run doctor -- --data ${dir}${repair ? ' --repair' : ''}`;
}
