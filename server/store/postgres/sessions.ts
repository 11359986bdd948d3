import type pg from 'pg';
import type { Session } from '../store';
import type { SessionCaps, SessionMatch, SessionStore } from '../sessionStore';
import { quoteSchema } from './tables';
import { inTransaction } from './transaction';

interface Row {
  id: string;
  token_hash: string;
  account_id: string;
  display_link_id: string | null;
  created_at: Date;
  expires_at: Date;
}

const COLUMNS = 'id, token_hash, account_id, display_link_id, created_at, expires_at';

function toSession(row: Row): Session {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    accountId: row.account_id,
    displayLinkId: row.display_link_id,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

/**
 * Sessions in the shared database (migration 002): one row each, so every node finds a session
 * opened on any other, and a login is one small INSERT in a transaction with its evictions.
 */
export class PostgresSessions implements SessionStore {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.table = `${quoteSchema(schema)}.sessions`;
  }

  async load(now: string): Promise<Session[]> {
    await this.prune(now);
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM ${this.table}`);
    return rows.map(toSession);
  }

  open(session: Session, caps: SessionCaps): Promise<string[]> {
    return inTransaction(this.pool, async (client) => {
      // One opening per account at a time across every node, so the cap is exact: the second
      // transaction counts the first one's row.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`session:${session.accountId}`]);
      // A session moved from an old catalogue by two nodes starting together is inserted once.
      await client.query(`INSERT INTO ${this.table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, [
        session.id,
        session.tokenHash,
        session.accountId,
        session.displayLinkId,
        session.createdAt,
        session.expiresAt,
      ]);
      const ended = await client.query<{ id: string }>(
        `DELETE FROM ${this.table} WHERE id IN (
           SELECT id FROM ${this.table} WHERE account_id = $1 ORDER BY created_at DESC, id OFFSET $2
         ) RETURNING id`,
        [session.accountId, caps.perAccount],
      );
      const ids = ended.rows.map((row) => row.id);
      if (session.displayLinkId) {
        const byLink = await client.query<{ id: string }>(
          `DELETE FROM ${this.table} WHERE id IN (
             SELECT id FROM ${this.table} WHERE display_link_id = $1 ORDER BY created_at DESC, id OFFSET $2
           ) RETURNING id`,
          [session.displayLinkId, caps.perDisplayLink],
        );
        ids.push(...byLink.rows.map((row) => row.id));
      }
      return ids;
    });
  }

  async end(ids: string[]): Promise<void> {
    if (ids.length) await this.pool.query(`DELETE FROM ${this.table} WHERE id = ANY($1::text[])`, [ids]);
  }

  async endMatching(match: SessionMatch): Promise<string[]> {
    const [column, value] = 'accountId' in match ? ['account_id', match.accountId] : ['display_link_id', match.displayLinkId];
    const { rows } = await this.pool.query<{ id: string }>(`DELETE FROM ${this.table} WHERE ${column} = $1 RETURNING id`, [value]);
    return rows.map((row) => row.id);
  }

  async prune(now: string): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM ${this.table} WHERE expires_at < $1`, [now]);
    return rowCount ?? 0;
  }

  async findByTokenHashes(hashes: string[], now: string): Promise<Session[]> {
    if (!hashes.length) return [];
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM ${this.table} WHERE token_hash = ANY($1::text[]) AND expires_at >= $2`, [hashes, now]);
    return rows.map(toSession);
  }

  async stillOpen(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const { rows } = await this.pool.query<{ id: string }>(`SELECT id FROM ${this.table} WHERE id = ANY($1::text[])`, [ids]);
    return new Set(rows.map((row) => row.id));
  }

  async footprint(): Promise<{ sessions: number; bytes: number | null }> {
    const { rows } = await this.pool.query<{ count: string; bytes: string }>(`SELECT count(*) AS count, pg_total_relation_size('${this.table}') AS bytes FROM ${this.table}`);
    return { sessions: Number(rows[0].count), bytes: Number(rows[0].bytes) };
  }

  /** The pool belongs to the PostgresStore, which ends it. */
  async close(): Promise<void> {}
}
