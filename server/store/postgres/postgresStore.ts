import pg from 'pg';
import type { EpisodeState } from '../../../shared/domain/episodeState';
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
import { encodeStep, type EncodedStep } from './episodeStep';
import { PostgresSessions } from './sessions';
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
}

/**
 * The store for several nodes sharing one database: the catalogue is one versioned row, each episode
 * a row with its latest state, plus its event log and command records. Every write is one
 * transaction guarded by what this node believes the database holds (the catalogue version, the
 * episode's seq), so a node that fell behind is told so with a Stale… error instead of overwriting.
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

  constructor(options: PostgresStoreOptions) {
    if (!options.pool && !options.connectionString) throw new Error('PostgresStore needs a connectionString or a pool');
    this.schema = options.schema ?? 'public';
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
    const { rows } = await this.pool.query<{ state: EpisodeState }>(`SELECT state FROM ${this.t.episodes} ORDER BY id`);
    return rows.map((row) => row.state);
  }

  async loadEpisodeSeqs(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ id: string; seq: number }>(`SELECT id, seq FROM ${this.t.episodes}`);
    return new Map(rows.map((row) => [row.id, Number(row.seq)]));
  }

  async loadEpisodeState(episodeId: string): Promise<EpisodeState | null> {
    const { rows } = await this.pool.query<{ state: EpisodeState }>(`SELECT state FROM ${this.t.episodes} WHERE id = $1`, [episodeId]);
    return rows[0]?.state ?? null;
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
    // Everything is taken from `commit` here, before the first await.
    const step = encodeStep(commit);
    await inTransaction(this.pool, async (client) => {
      if (!(await this.advance(client, step))) throw new StaleEpisodeError(step.episodeId, step.baseSeq);
      if (step.events.length) {
        await client.query(`INSERT INTO ${this.t.events} (episode_id, seq, event) SELECT $1, seq, event::jsonb FROM unnest($2::int[], $3::text[]) AS step(seq, event)`, [
          step.episodeId,
          step.eventSeqs,
          step.events,
        ]);
      }
      if (step.commandIds.length) {
        // A command id seen again replaces its record, as a key set twice in a map would.
        await client.query(
          `INSERT INTO ${this.t.commands} (episode_id, command_id, record, at_seq, eventless)
           SELECT $1, command_id, record::jsonb, at_seq, eventless FROM unnest($2::text[], $3::text[], $4::int[], $5::boolean[]) AS step(command_id, record, at_seq, eventless)
           ON CONFLICT (episode_id, command_id) DO UPDATE SET record = EXCLUDED.record, at_seq = EXCLUDED.at_seq, eventless = EXCLUDED.eventless`,
          [step.episodeId, step.commandIds, step.records, step.atSeqs, step.eventless],
        );
      }
    });
  }

  /** Move the episode row from baseSeq to the step's seq; false when another writer got there first. */
  private async advance(client: pg.PoolClient, step: EncodedStep): Promise<boolean> {
    if (step.baseSeq === 0) {
      const inserted = await client.query(`INSERT INTO ${this.t.episodes} (id, seq, state) VALUES ($1, $2, $3::jsonb) ON CONFLICT (id) DO NOTHING`, [step.episodeId, step.seq, step.state]);
      return inserted.rowCount === 1;
    }
    // Under READ COMMITTED a concurrent writer's UPDATE makes this one wait, then re-check seq and match nothing.
    const updated = await client.query(`UPDATE ${this.t.episodes} SET seq = $2, state = $3::jsonb, updated_at = now() WHERE id = $1 AND seq = $4`, [
      step.episodeId,
      step.seq,
      step.state,
      step.baseSeq,
    ]);
    return updated.rowCount === 1;
  }

  /** The sessions table (migration 002) on this store's pool and schema. */
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

  async close(): Promise<void> {
    if (this.ownsPool && !this.pool.ended) await this.pool.end();
  }
}

function parseCatalogue(text: string | null): CatalogueDoc {
  return { ...emptyCatalogue(), ...(text ? (JSON.parse(text) as Partial<CatalogueDoc>) : {}) };
}
