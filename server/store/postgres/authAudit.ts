import type pg from 'pg';
import type { AuthEvent } from '../../../shared/domain/auditSources';
import type { AuthAuditLog, AuthAuditQuery } from '../authAudit/authAuditLog';
import { tablesIn } from './tables';

/** The sign-in log in PostgreSQL's auth_audit table (migration 004), on the store's pool. */
export class PostgresAuthAudit implements AuthAuditLog {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.table = `${tablesIn(schema).schema}.auth_audit`;
  }

  async append(event: AuthEvent): Promise<void> {
    await this.pool.query(`INSERT INTO ${this.table} (at, kind, username, actor, ip, reason) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`, [
      event.at,
      event.kind,
      event.username,
      event.actor ? JSON.stringify(event.actor) : null,
      event.ip,
      event.reason,
    ]);
  }

  async read(query: AuthAuditQuery): Promise<AuthEvent[]> {
    const { rows } = await this.pool.query<{ at: Date; kind: AuthEvent['kind']; username: string | null; actor: AuthEvent['actor']; ip: string | null; reason: string | null }>(
      `SELECT at, kind, username, actor, ip, reason FROM ${this.table}
        WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at <= $2)
        ORDER BY at DESC, id DESC LIMIT $3`,
      [query.fromInstant ?? null, query.toInstant ?? null, query.limit],
    );
    return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
  }

  async close(): Promise<void> {}
}
