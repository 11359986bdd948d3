import { open, statfs, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../store/store';

/** The data folder's disk, as /readyz and the admin screen see it. */
export interface StorageStatus {
  freeBytes: number;
  totalBytes: number;
  /** Below this /readyz answers 503. */
  minFreeBytes: number;
  /** Below 4× the threshold: time to make room, well before commands are refused. */
  low: boolean;
}

export interface ReadinessReport {
  ready: boolean;
  /** Why not, in Chinese (empty when ready). */
  reasons: string[];
  storage: StorageStatus | null;
}

export interface ReadinessOptions {
  store: Store;
  /** Free space below which the data folder counts as full (MB). Default: 512 MB, or 5% of a smaller disk. */
  minFreeMb?: number;
  /** Several nodes: whether the Redis connection is up. */
  redisReady?: () => boolean;
  /** A check is reused this long: a load balancer or a stranger polling /readyz must not cost an fsync each time. */
  cacheMs?: number;
  /** How long the write probe and the database ping may take before they count as failed. */
  timeoutMs?: number;
}

const DEFAULT_MIN_FREE = 512 * 1024 * 1024;
const LOW_FACTOR = 4;
const MB = 1024 * 1024;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}超过 ${ms / 1000} 秒没有完成`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const mb = (bytes: number) => (bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0);

/**
 * Can this node take commands now? On lowdb: the data folder can be written (a small probe file is
 * written, fsynced and removed) and its disk has room above the threshold. On PostgreSQL: the
 * database answers. With several nodes: Redis is connected. Each reason is a Chinese sentence.
 */
export class Readiness {
  private last: { at: number; report: Promise<ReadinessReport> } | null = null;

  constructor(private readonly options: ReadinessOptions) {}

  /** The data folder's disk, or null on PostgreSQL. Cheap (one statfs): the admin screen asks it often. */
  async storageStatus(): Promise<StorageStatus | null> {
    const dir = this.options.store.dataDir;
    if (!dir) return null;
    const stats = await statfs(dir);
    const totalBytes = stats.blocks * stats.bsize;
    // bavail: what an unprivileged writer may still use (root's reserve does not count).
    const freeBytes = stats.bavail * stats.bsize;
    const minFreeBytes = this.options.minFreeMb !== undefined ? this.options.minFreeMb * MB : Math.min(DEFAULT_MIN_FREE, Math.floor(totalBytes * 0.05));
    return { freeBytes, totalBytes, minFreeBytes, low: freeBytes < minFreeBytes * LOW_FACTOR };
  }

  /** The whole check; concurrent and repeated calls within `cacheMs` share one. */
  check(): Promise<ReadinessReport> {
    const now = Date.now();
    if (this.last && now - this.last.at < (this.options.cacheMs ?? 1_000)) return this.last.report;
    const report = this.run();
    this.last = { at: now, report };
    return report;
  }

  private async run(): Promise<ReadinessReport> {
    const { store, redisReady } = this.options;
    const timeoutMs = this.options.timeoutMs ?? 3_000;
    const reasons: string[] = [];
    let storage: StorageStatus | null = null;
    if (store.dataDir) {
      try {
        storage = await this.storageStatus();
        if (storage && storage.freeBytes < storage.minFreeBytes) {
          reasons.push(`数据目录所在磁盘剩余空间不足：剩余 ${mb(storage.freeBytes)} MB，低于下限 ${mb(storage.minFreeBytes)} MB。请清理磁盘空间。`);
        }
      } catch (error) {
        reasons.push(`无法读取数据目录所在磁盘的空间（${(error as NodeJS.ErrnoException).code ?? (error as Error).message}）。`);
      }
      try {
        await withTimeout(probeWrite(store.dataDir), timeoutMs, '写入测试');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reasons.push(code === 'ENOSPC' ? '数据目录所在磁盘已满，无法写入。' : `数据目录无法写入（${code ?? (error as Error).message}）。`);
      }
    }
    if (store.ping) {
      try {
        await withTimeout(store.ping(), timeoutMs, '数据库检查');
      } catch (error) {
        reasons.push(`数据库无法连接（${(error as Error).message}）。`);
      }
    }
    if (redisReady && !redisReady()) reasons.push('Redis 无法连接：与其他节点之间的广播暂停。');
    return { ready: reasons.length === 0, reasons, storage };
  }
}

/** Write, fsync and remove a small file: what every durable command needs the folder to do. */
async function probeWrite(dir: string): Promise<void> {
  const path = join(dir, `.readyz-${process.pid}`);
  const handle = await open(path, 'w', 0o600);
  try {
    await handle.writeFile('ready\n');
    await handle.sync();
  } finally {
    await handle.close();
    await unlink(path).catch(() => undefined);
  }
}
