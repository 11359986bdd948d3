import { join } from 'node:path';
import { Low } from 'lowdb';
import type { EpisodeState } from '../../shared/domain/episodeState';
import { DurableJsonFile, nodeFileSystem, type FileSystem } from './durableJsonFile';
import { healEpisode } from './episodeHealing';
import { checkpointText, encodeRecord, historyAfter, legacyAsRecord, logRecordOf, parseLog, type Checkpoint, type LegacyEpisodeFile, type LogRecord } from './episodeFiles';
import { CATALOGUE_FILE, classifyEpisodeEntries, DamagedCatalogueError, examineCatalogue, LAST_GOOD_FILE, listEpisodeEntries, setAsideStray } from './folderCheck';
import { damageReport, doctorCommand, Quarantine } from './quarantine';
import { emptyCatalogue, StaleEpisodeError, type CatalogueDoc, type DamagedFileReport, type EpisodeCommit, type EpisodeHistory, type Store } from './store';

/** A log tail this long (or longer than the state itself, ×4) is folded into the checkpoint at the next commit. */
const TAIL_LIMIT_BYTES = 4 * 1024 * 1024;
const READ_CONCURRENCY = 16;

/** What the store knows of one episode's files since it last read or wrote them. */
interface EpisodeFilesState {
  /** The seq the disk holds. */
  seq: number;
  /** Log bytes that are whole, durable records. */
  logBytes: number;
  /** Log bytes the checkpoint covers, and the size of its state. */
  checkpointLogBytes: number;
  checkpointBytes: number;
  /** Bytes past `logBytes` may be on disk (a failed or torn append): cut them before appending. */
  dirty: boolean;
  /** The episode is still in the single-file layout: its first commit writes the log from this. */
  legacy: LegacyEpisodeFile | null;
  checkpointFile: DurableJsonFile<Checkpoint | LegacyEpisodeFile>;
  /** Checkpoint writes run one at a time per episode, after the commits they follow. */
  checkpointing: Promise<void>;
}

/**
 * The embedded default: one small catalogue.json, and per episode a checkpoint and an append-only
 * log (see episodeFiles.ts). A command costs one append of its own few kilobytes; start-up reads
 * the checkpoints and no history. Callers serialise commits per episode (GroupCommit); this class
 * makes each durable.
 */
export class LowdbStore implements Store {
  readonly kind = 'lowdb';
  private catalogueDb: Low<CatalogueDoc>;
  private readonly catalogueFile: DurableJsonFile<CatalogueDoc>;
  private readonly episodes = new Map<string, EpisodeFilesState>();
  /** What start-up found damaged and set aside (see episodeHealing.ts). */
  private readonly found: DamagedFileReport[] = [];
  /** Created on first use: a sound folder gets no quarantine/ at all. */
  private quarantine: Quarantine | null = null;

  constructor(
    readonly dataDir: string,
    private readonly fs: FileSystem = nodeFileSystem,
  ) {
    this.catalogueFile = new DurableJsonFile<CatalogueDoc>(join(dataDir, CATALOGUE_FILE), fs, true, join(dataDir, LAST_GOOD_FILE));
    this.catalogueDb = new Low(this.catalogueFile, emptyCatalogue());
  }

  damaged(): DamagedFileReport[] {
    return this.found.map((report) => ({ ...report }));
  }

  private quarantineNow(): Quarantine {
    return (this.quarantine ??= new Quarantine(this.dataDir, this.fs));
  }

  get episodesDir(): string {
    return join(this.dataDir, 'episodes');
  }

  checkpointPath(episodeId: string): string {
    return join(this.episodesDir, `${episodeId}.json`);
  }

  logPath(episodeId: string): string {
    return join(this.episodesDir, `${episodeId}.log`);
  }

  private checkpointFile(episodeId: string): DurableJsonFile<Checkpoint | LegacyEpisodeFile> {
    return new DurableJsonFile(this.checkpointPath(episodeId), this.fs, false);
  }

  /** Refuses (DamagedCatalogueError, naming the doctor command) a damaged or vanished catalogue rather than start empty. */
  async loadCatalogue(): Promise<CatalogueDoc> {
    await this.fs.mkdir(this.episodesDir);
    const doc = await this.catalogueFile.read().catch(() => undefined);
    if (doc === undefined || doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      const { finding, lastGood } = await examineCatalogue(this.fs, this.dataDir);
      if (finding) throw new DamagedCatalogueError(this.dataDir, finding, lastGood !== null);
      if (doc === undefined) await this.catalogueFile.read(); // not damage after all (a read error): say what it is
    }
    this.catalogueDb.data = { ...emptyCatalogue(), ...(doc ?? {}) };
    return this.catalogueDb.data;
  }

  async reloadCatalogue(): Promise<CatalogueDoc> {
    const remembered = (this.catalogueDb.adapter as DurableJsonFile<CatalogueDoc>).lastDurable();
    this.catalogueDb.data = { ...emptyCatalogue(), ...(remembered ?? {}) };
    return this.catalogueDb.data;
  }

  async commitCatalogue(doc: CatalogueDoc): Promise<void> {
    this.catalogueDb.data = doc;
    await this.catalogueDb.write();
  }

  /** Each episode judged on its own: a damaged one is set aside and reported, the rest start. */
  async loadEpisodeStates(): Promise<EpisodeState[]> {
    await this.fs.mkdir(this.episodesDir);
    const { ids: names, stray } = classifyEpisodeEntries(await listEpisodeEntries(this.dataDir));
    for (const name of stray) this.found.push((await setAsideStray(this.dataDir, name, this.quarantineNow())).report);
    const states: Array<EpisodeState | null> = new Array(names.length).fill(null);
    // Several files in flight at once: start-up over ten years is thousands of small reads, and
    // one at a time it would mostly wait on the disk.
    let next = 0;
    const reader = async () => {
      while (next < names.length) {
        const index = next++;
        states[index] = await this.readEpisode(names[index]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, names.length) }, reader));
    return states.filter((state): state is EpisodeState => state !== null);
  }

  async loadEpisodeState(episodeId: string): Promise<EpisodeState | null> {
    return this.readEpisode(episodeId);
  }

  /** Read the checkpoint and replay the log past it (healing what is damaged); remember where the files stand. */
  private async readEpisode(episodeId: string): Promise<EpisodeState | null> {
    const { reading, reports } = await healEpisode(this.fs, this.dataDir, episodeId, { deep: false, quarantine: this.quarantineNow() });
    this.found.push(...reports);
    if (!reading) return null;
    const { state, logBytes, checkpointLogBytes, checkpointBytes, torn, legacy } = reading;
    this.episodes.set(episodeId, { seq: state.seq, logBytes, checkpointLogBytes, checkpointBytes, dirty: torn, legacy, checkpointFile: this.checkpointFile(episodeId), checkpointing: Promise.resolve() });
    return state;
  }

  async loadEpisodeHistory(episodeId: string, afterSeq = 0): Promise<EpisodeHistory> {
    const known = this.episodes.get(episodeId) ?? (await this.readEpisode(episodeId), this.episodes.get(episodeId));
    if (!known) return { events: [], commands: {} };
    if (known.legacy) return historyAfter([legacyAsRecord(known.legacy)], afterSeq);
    const bytes = await this.fs.readBytes(this.logPath(episodeId), 0);
    // Only the records known to be whole and durable: a torn tail is not history.
    try {
      return historyAfter(parseLog(bytes.subarray(0, known.logBytes), this.logPath(episodeId)).records, afterSeq);
    } catch (error) {
      // Damage in the part the checkpoint covers, which start-up does not read: say so where the admin looks.
      const offset = Number(/at byte (\d+)/.exec((error as Error).message)?.[1] ?? 0);
      const action = `该节目暂时不能写入；文件留在原处。请停止服务器后运行 ${doctorCommand(this.dataDir)}`;
      if (!this.found.some((r) => r.episodeId === episodeId && r.offset === offset)) this.found.push(damageReport(`episodes/${episodeId}.log`, episodeId, offset, '检查点已包含的日志部分损坏', action, null));
      throw new Error(`${(error as Error).message}; ${action}`);
    }
  }

  async commitEpisode(commit: EpisodeCommit): Promise<void> {
    // Everything written is taken from `commit` now: the caller changes its state after this returns.
    const record = logRecordOf(commit);
    const line = encodeRecord(record);
    const id = commit.episodeId;
    const known = this.episodes.get(id);
    if ((known?.seq ?? 0) !== commit.baseSeq) throw new StaleEpisodeError(id, commit.baseSeq);
    const seq = record.to;
    if (!known) return this.createEpisode(id, line, seq, JSON.stringify(commit.state));
    if (known.legacy) return this.leaveLegacy(known, id, record, JSON.stringify(commit.state));

    const tail = known.logBytes + Buffer.byteLength(line) - known.checkpointLogBytes;
    const stateText = tail > Math.max(TAIL_LIMIT_BYTES, 4 * known.checkpointBytes) ? JSON.stringify(commit.state) : null;
    await this.append(known, id, line);
    known.seq = seq;
    if (stateText) this.scheduleCheckpoint(known, known.seq, known.logBytes, stateText);
  }

  /** A new episode: its log, then its checkpoint, whose appearance is what makes the episode exist. */
  private async createEpisode(id: string, line: string, seq: number, stateText: string): Promise<void> {
    const logBytes = Buffer.byteLength(line);
    const checkpointFile = this.checkpointFile(id);
    await this.fs.mkdir(this.episodesDir);
    // A log left by a plan that crashed before its checkpoint was never acknowledged: start afresh.
    await this.fs.truncate(this.logPath(id), 0).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await this.fs.appendSynced(this.logPath(id), line);
    await writeCheckpoint(checkpointFile, seq, logBytes, stateText);
    this.episodes.set(id, { seq, logBytes, checkpointLogBytes: logBytes, checkpointBytes: stateText.length, dirty: false, legacy: null, checkpointFile, checkpointing: Promise.resolve() });
  }

  /** The first commit to a single-file episode writes its whole log, then a checkpoint over the old file. */
  private async leaveLegacy(known: EpisodeFilesState, id: string, record: LogRecord, stateText: string): Promise<void> {
    const text = encodeRecord(legacyAsRecord(known.legacy!)) + encodeRecord(record);
    const logBytes = Buffer.byteLength(text);
    const temp = `${this.logPath(id)}.tmp`;
    await this.fs.writeFileSynced(temp, text);
    await this.fs.rename(temp, this.logPath(id));
    // An append handle still open on the old file would write where nobody reads.
    await this.fs.closeAppends?.(this.logPath(id));
    // Until this checkpoint lands the old file still rules and the new log is ignored.
    await writeCheckpoint(known.checkpointFile, record.to, logBytes, stateText);
    Object.assign(known, { seq: record.to, logBytes, checkpointLogBytes: logBytes, checkpointBytes: stateText.length, dirty: false, legacy: null });
  }

  private async append(known: EpisodeFilesState, id: string, line: string): Promise<void> {
    const path = this.logPath(id);
    if (known.dirty) {
      await this.fs.truncate(path, known.logBytes);
      known.dirty = false;
    }
    try {
      await this.fs.appendSynced(path, line);
    } catch (error) {
      // Part of the record may have reached the file: cut it now, or before the next append.
      known.dirty = true;
      await this.fs
        .truncate(path, known.logBytes)
        .then(() => (known.dirty = false))
        .catch(() => undefined);
      throw error;
    }
    known.logBytes += Buffer.byteLength(line);
  }

  /**
   * Fold the log into the checkpoint when an episode goes quiet: the state must be exactly what is
   * durable (the caller calls this only when nothing is waiting for the disk).
   */
  checkpointEpisode(state: EpisodeState): void {
    const known = this.episodes.get(state.episode.id);
    if (!known || known.legacy || known.seq !== state.seq || known.logBytes === known.checkpointLogBytes) return;
    this.scheduleCheckpoint(known, known.seq, known.logBytes, JSON.stringify(state));
  }

  private scheduleCheckpoint(known: EpisodeFilesState, seq: number, logBytes: number, stateText: string): void {
    known.checkpointing = known.checkpointing.then(async () => {
      try {
        await writeCheckpoint(known.checkpointFile, seq, logBytes, stateText);
        known.checkpointLogBytes = logBytes;
        known.checkpointBytes = stateText.length;
      } catch {
        // Not needed for durability: the log holds everything; start-up just replays more.
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.episodes.values()].map((known) => known.checkpointing));
    for (const id of this.episodes.keys()) await this.fs.closeAppends?.(this.logPath(id));
    this.episodes.clear();
  }
}

/** The checkpoint goes through the durable lowdb adapter, from text made at commit time. */
async function writeCheckpoint(file: DurableJsonFile<Checkpoint | LegacyEpisodeFile>, seq: number, logBytes: number, stateText: string): Promise<void> {
  await file.writeText(checkpointText(seq, logBytes, stateText));
}
