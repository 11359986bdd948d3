import pg from 'pg';
import { applyEvent, type EpisodeEvent, type EpisodeState } from '../../../shared/domain/episodeState';
import {
  emptyCatalogue,
  StaleCatalogueError,
  StaleEpisodeError,
  type CatalogueDoc,
  type CommandRecord,
  type EpisodeCommit,
  type EpisodeHistory,
  type Store,
} from '../store';
import { encodeStep } from './episodeStep';
import { PostgresSessions } from './sessions';
import { PostgresAuthAudit } from './authAudit';
import { migrate } from './migrate';
import { tablesIn, type Tables } from './tables';
import { inTransaction } from './transaction';

export interface PostgresStoreOptions {
  /** `postgres://user@host:5432/db`; the store then owns its pool and ends it on close(). */
  connectionString?: string;
  /** Or a pool owned by the caller, left open on close(). */
  pool?: pg.Pool;
  /** Where the tables live (default `public`); tests give each file its own. */
  schema?: string;
  /** Told about connections that fail while idle in the pool (the database restarted, a network cut). */
  onConnectionError?: (error: Error) => void;
  /** Checkpoint an episode once a step takes it more than this many events past its last checkpoint (default 500). */
  checkpointEvery?: number;
  /** A quiet moment checkpoints only this many events or more past the last checkpoint (default 50). */
  quietCheckpointAfter?: number;
}

/** Events past the checkpoint before a step brings a new one: start-up replays at most about this many per episode. */
export const CHECKPOINT_EVERY = 500;
/**
 * At a live show's pace (an appeal every half minute) the episode goes quiet after nearly every
 * command: rewriting a megabyte of state each time would cost more than start-up saves by it.
 */
export const QUIET_CHECKPOINT_AFTER = 50;

/** An episodes row as read, with the events past its checkpoint. */
interface EpisodeRow {
  id: string;
  seq: number;
  checkpoint_seq: number;
  state: EpisodeState;
  tail: EpisodeEvent[] | null;
}

interface CheckpointMark {
  /** checkpoint_seq as last read, returned by a step or written. */
  durable: number;
  /** The newest checkpoint written or on its way: a step serialises the state again only well past it. */
  planned: number;
  /** This episode's checkpoint writes, one after another. */
  writing: Promise<void>;
}

/**
 * The store for several nodes sharing one database: the catalogue is one versioned row, each episode
 * a row with its seq and a checkpoint (its state at checkpoint_seq), plus its event log and command
 * records. A step writes its events, its records and the new seq, never the whole episode; reading
 * an episode replays the events past its checkpoint. Every write is one transaction guarded by what
 * this node believes the database holds (the catalogue version, the episode's seq), so a node that
 * fell behind is told so with a Stale… error instead of overwriting.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly t: Tables;
  /** The catalogue version this node last read or wrote: 0 = none in the database yet. */
  private catalogueVersion = 0;
  /** The catalogue as durably read or written last, as text so every reload hands out a fresh copy. */
  private durableCatalogue: string | null = null;
  /** The version each catalogue object handed out (or last written) stands for. */
  private readonly versionOf = new WeakMap<CatalogueDoc, number>();
  /** Per episode: where its checkpoint stands, as far as this node knows. */
  private readonly checkpoints = new Map<string, CheckpointMark>();
  /** A step this many events past the last checkpoint brings a new one. */
  private readonly checkpointEvery: number;
  private readonly quietCheckpointAfter: number;
  private readonly sql: { create?: string; step?: string } = {};

  constructor(options: PostgresStoreOptions) {
    if (!options.pool && !options.connectionString) throw new Error('PostgresStore needs a connectionString or a pool');
    this.schema = options.schema ?? 'public';
    this.checkpointEvery = options.checkpointEvery ?? CHECKPOINT_EVERY;
    this.quietCheckpointAfter = options.quietCheckpointAfter ?? QUIET_CHECKPOINT_AFTER;
    this.t = tablesIn(this.schema);
    this.ownsPool = !options.pool;
    this.pool =
      options.pool ??
      new pg.Pool({
        connectionString: options.connectionString,
        max: 10,
        // Fail a command in seconds instead of hanging its ack while the database is unreachable.
        connectionTimeoutMillis: 5_000,
        keepAlive: true,
        // An ack promises the step is on disk: hold to that even where the server's default was relaxed.
        options: '-c synchronous_commit=on',
      });
    // Without a listener an idle connection's error would crash the process on a database restart.
    if (this.ownsPool) this.pool.on('error', (error) => options.onConnectionError?.(error));
  }

  /** A store with its schema migrated: what the server and the tools use. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const store = new PostgresStore(options);
    try {
      await migrate(store.pool, store.schema);
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  async loadCatalogue(): Promise<CatalogueDoc> {
    const { rows } = await this.pool.query<{ doc: string; version: string }>(`SELECT doc::text AS doc, version FROM ${this.t.catalogue} WHERE id = 1`);
    const version = rows.length ? Number(rows[0].version) : 0;
    const text = rows.length ? rows[0].doc : null;
    // Reads may finish out of order: the remembered copy only ever moves forward.
    if (version >= this.catalogueVersion) {
      this.catalogueVersion = version;
      this.durableCatalogue = text;
    }
    const doc = parseCatalogue(text);
    this.versionOf.set(doc, version);
    return doc;
  }

  async reloadCatalogue(): Promise<CatalogueDoc> {
    const doc = this.rememberedCatalogue();
    this.versionOf.set(doc, this.catalogueVersion);
    return doc;
  }

  private rememberedCatalogue(): CatalogueDoc {
    return parseCatalogue(this.durableCatalogue);
  }

  async commitCatalogue(doc: CatalogueDoc): Promise<void> {
    const text = JSON.stringify(doc);
    // Checked against the version this very object was read or last written at, not the newest
    // this store has seen: a read whose answer the caller threw away must not vouch for its memory.
    const known = this.versionOf.get(doc) ?? this.catalogueVersion;
    const { rowCount } =
      known === 0
        ? await this.pool.query(`INSERT INTO ${this.t.catalogue} (id, doc, version) VALUES (1, $1::jsonb, 1) ON CONFLICT (id) DO NOTHING`, [text])
        : await this.pool.query(`UPDATE ${this.t.catalogue} SET doc = $1::jsonb, version = version + 1, updated_at = now() WHERE id = 1 AND version = $2`, [text, known]);
    if (rowCount !== 1) throw new StaleCatalogueError();
    this.versionOf.set(doc, known + 1);
    if (known + 1 >= this.catalogueVersion) {
      this.catalogueVersion = known + 1;
      this.durableCatalogue = text;
    }
  }

  async loadEpisodeStates(): Promise<EpisodeState[]> {
    // One statement, so one snapshot: each checkpoint with exactly the events after it, all episodes at once.
    const { rows } = await this.pool.query<EpisodeRow>(`SELECT ${this.episodeColumns()} FROM ${this.t.episodes} p ORDER BY p.id`);
    return rows.map((row) => this.replayed(row));
  }

  async loadEpisodeSeqs(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ id: string; seq: number }>(`SELECT id, seq FROM ${this.t.episodes}`);
    return new Map(rows.map((row) => [row.id, Number(row.seq)]));
  }

  async loadEpisodeState(episodeId: string): Promise<EpisodeState | null> {
    const { rows } = await this.pool.query<EpisodeRow>(`SELECT ${this.episodeColumns()} FROM ${this.t.episodes} p WHERE p.id = $1`, [episodeId]);
    return rows.length ? this.replayed(rows[0]) : null;
  }

  /** An episode row with the events past its checkpoint (up to its seq), oldest first, as one json array. */
  private episodeColumns(): string {
    return `p.id, p.seq, p.checkpoint_seq, p.state,
      (SELECT json_agg(e.event ORDER BY e.seq) FROM ${this.t.events} e WHERE e.episode_id = p.id AND e.seq > p.checkpoint_seq AND e.seq <= p.seq) AS tail`;
  }

  /** The checkpoint with its tail applied: the episode at its durable seq. */
  private replayed(row: EpisodeRow): EpisodeState {
    const checkpointSeq = Number(row.checkpoint_seq);
    const seq = Number(row.seq);
    const state = row.state;
    if (state.seq !== checkpointSeq) throw new Error(`episode ${row.id}: the checkpoint holds seq ${state.seq}, the row says checkpoint_seq ${checkpointSeq}`);
    for (const event of row.tail ?? []) {
      if (!applyEvent(state, event)) throw new Error(`episode ${row.id}: event seq ${event.seq} does not follow seq ${state.seq} (checkpoint at ${checkpointSeq})`);
    }
    if (state.seq !== seq) throw new Error(`episode ${row.id}: its events end at seq ${state.seq} but the row is at seq ${seq}`);
    this.noteCheckpoint(row.id, checkpointSeq);
    return state;
  }

  async loadEpisodeHistory(episodeId: string, afterSeq = 0): Promise<EpisodeHistory> {
    // One snapshot for both reads: a record must never point at events this read did not return.
    return inTransaction(
      this.pool,
      async (client) => {
        const events = await client.query(`SELECT event FROM ${this.t.events} WHERE episode_id = $1 AND seq > $2 ORDER BY seq`, [episodeId, afterSeq]);
        const records = await client.query<{ command_id: string; record: CommandRecord }>(
          `SELECT command_id, record FROM ${this.t.commands}
            WHERE episode_id = $1 AND (at_seq > $2 OR (eventless AND at_seq = $2))
            ORDER BY at_seq, command_id`,
          [episodeId, afterSeq],
        );
        const commands: Record<string, CommandRecord> = {};
        for (const row of records.rows) commands[row.command_id] = row.record;
        return { events: events.rows.map((row) => row.event), commands };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  async commitEpisode(commit: EpisodeCommit): Promise<void> {
    // Everything is taken from `commit` here, before the first await. A new episode's row starts
    // with its state; a later step carries the state only when a checkpoint is due.
    const mark = this.checkpoints.get(commit.episodeId);
    const checkpointDue = commit.baseSeq > 0 && mark !== undefined && commit.state.seq - mark.planned > this.checkpointEvery;
    const step = encodeStep(commit, commit.baseSeq === 0 || checkpointDue);
    const { rows } = await this.pool.query<{ checkpoint_seq: number }>(step.baseSeq === 0 ? this.createSql : this.stepSql, [
      step.episodeId,
      step.seq,
      step.baseSeq === 0 ? step.state : step.baseSeq,
      step.eventSeqs,
      step.events,
      step.commandIds,
      step.records,
      step.atSeqs,
      step.eventless,
    ]);
    if (rows.length !== 1) throw new StaleEpisodeError(step.episodeId, step.baseSeq);
    this.noteCheckpoint(step.episodeId, Number(rows[0].checkpoint_seq));
    // Written after the ack, off its path: the events already hold everything it says.
    if (checkpointDue) this.scheduleCheckpoint(step.episodeId, step.seq, step.state!);
  }

  /**
   * One statement (so one transaction, one round trip): move the episode row from baseSeq to the
   * step's seq, and only if that matched add the events and records. Under READ COMMITTED a
   * concurrent writer's UPDATE makes this one wait, then re-check seq and match nothing; a new
   * episode's INSERT meets the other's row and does nothing. The row's state (the checkpoint) is
   * not touched: a step costs its own few rows, however long the episode.
   */
  private stepStatement(head: string): string {
    return `WITH moved AS (${head} RETURNING checkpoint_seq),
      added_events AS (
        INSERT INTO ${this.t.events} (episode_id, seq, event)
        SELECT $1, step.seq, step.event::jsonb FROM unnest($4::int[], $5::text[]) AS step(seq, event)
         WHERE EXISTS (SELECT FROM moved)
      ),
      added_commands AS (
        INSERT INTO ${this.t.commands} (episode_id, command_id, record, at_seq, eventless)
        SELECT $1, step.command_id, step.record::jsonb, step.at_seq, step.eventless
          FROM unnest($6::text[], $7::text[], $8::int[], $9::boolean[]) AS step(command_id, record, at_seq, eventless)
         WHERE EXISTS (SELECT FROM moved)
        -- A command id seen again replaces its record, as a key set twice in a map would.
        ON CONFLICT (episode_id, command_id) DO UPDATE SET record = EXCLUDED.record, at_seq = EXCLUDED.at_seq, eventless = EXCLUDED.eventless
      )
      SELECT checkpoint_seq FROM moved`;
  }

  private get createSql(): string {
    return (this.sql.create ??= this.stepStatement(
      `INSERT INTO ${this.t.episodes} (id, seq, checkpoint_seq, state) VALUES ($1, $2::int, $2::int, $3::jsonb) ON CONFLICT (id) DO NOTHING`,
    ));
  }

  private get stepSql(): string {
    return (this.sql.step ??= this.stepStatement(`UPDATE ${this.t.episodes} SET seq = $2::int, updated_at = now() WHERE id = $1 AND seq = $3::int`));
  }

  /**
   * Hint from the ledger: the episode went quiet and `state` is exactly what is durable. Fold the
   * events since its checkpoint into a new one (serialised now, written in the background).
   */
  checkpointEpisode(state: EpisodeState): void {
    const mark = this.checkpoints.get(state.episode.id);
    if (mark && state.seq - mark.planned < Math.max(1, this.quietCheckpointAfter)) return;
    this.scheduleCheckpoint(state.episode.id, state.seq, JSON.stringify(state));
  }

  /** What this node knows of an episode's checkpoint_seq (read, returned by a step, or written); it only moves forward. */
  private noteCheckpoint(episodeId: string, checkpointSeq: number): CheckpointMark {
    let mark = this.checkpoints.get(episodeId);
    if (!mark) this.checkpoints.set(episodeId, (mark = { durable: checkpointSeq, planned: checkpointSeq, writing: Promise.resolve() }));
    mark.durable = Math.max(mark.durable, checkpointSeq);
    mark.planned = Math.max(mark.planned, mark.durable);
    return mark;
  }

  /**
   * Write a checkpoint of a durable state after the writes already queued for the episode. Never
   * backwards (another node may have written a newer one): the row keeps the newest. A failure
   * costs nothing but a longer replay; the next step past the limit or quiet moment tries again.
   */
  private scheduleCheckpoint(episodeId: string, seq: number, stateText: string): void {
    const mark = this.checkpoints.get(episodeId) ?? this.noteCheckpoint(episodeId, 0);
    mark.planned = Math.max(mark.planned, seq);
    mark.writing = mark.writing.then(async () => {
      try {
        const { rowCount } = await this.pool.query(
          `UPDATE ${this.t.episodes} SET state = $2::jsonb, checkpoint_seq = $3 WHERE id = $1 AND checkpoint_seq < $3 AND seq >= $3`,
          [episodeId, stateText, seq],
        );
        if (rowCount === 1) mark.durable = Math.max(mark.durable, seq);
      } catch {
        if (mark.planned === seq) mark.planned = mark.durable;
      }
    });
  }

  /** The sessions table (migration 002) on this store's pool and schema. */
  authAuditLog(): PostgresAuthAudit {
    return new PostgresAuthAudit(this.pool, this.schema);
  }

  sessionStore(): PostgresSessions {
    return new PostgresSessions(this.pool, this.schema);
  }

  /** `SELECT 1` within a short timeout: readiness asks this, and a database that hangs must not hang it. */
  async ping(timeoutMs = 2_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.pool.query('SELECT 1'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves when the checkpoint writes asked for so far have finished (written, or given up). */
  async checkpointsWritten(): Promise<void> {
    await Promise.all([...this.checkpoints.values()].map((mark) => mark.writing));
  }

  async close(): Promise<void> {
    // Checkpoints under way (the quiet ones the server asks for as it stops) finish first.
    await this.checkpointsWritten();
    if (this.ownsPool && !this.pool.ended) await this.pool.end();
  }
}

function parseCatalogue(text: string | null): CatalogueDoc {
  return { ...emptyCatalogue(), ...(text ? (JSON.parse(text) as Partial<CatalogueDoc>) : {}) };
}
