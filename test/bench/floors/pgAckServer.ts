import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Server } from 'socket.io';
import { answerIpc, emit, options, runMain } from '../lib/childSide';

/**
 * Floor of the durable round trip on PostgreSQL: a bare Socket.IO server whose `write { eventBytes,
 * recordBytes, payload }` handler runs the one transaction a command needs once it writes only its
 * own rows, and acks after COMMIT (echoing the payload, so the ack is as big as the product's):
 *   BEGIN; UPDATE a small episodes row's seq (guarded by the seq it started from);
 *   INSERT the event (jsonb of `eventBytes`, made from the payload); INSERT the command record
 *   (jsonb of `recordBytes`); COMMIT
 * on a pool with `synchronous_commit=on`, in `--schema NAME` (made by the runner) with the product's
 * table definitions (server/store/postgres/migrations/001_initial.sql: keys, foreign keys, index).
 * No validation, no auth, no state in memory beyond the seq: nothing the product could skip.
 * Commands come one at a time (scenario pg's sequential client).
 */
runMain(
  async () => {
    const args = options();
    const schema = args.schema;
    if (!args['database-url'] || !/^[a-z_][a-z0-9_]*$/.test(schema ?? '')) throw new Error('--database-url and --schema are required');
    const pool = new pg.Pool({ connectionString: args['database-url'], max: 10, options: '-c synchronous_commit=on' });
    pool.on('error', () => undefined);
    await pool.query(`
      CREATE TABLE ${schema}.episodes (id text PRIMARY KEY, seq integer NOT NULL CHECK (seq >= 0), state jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE ${schema}.episode_events (episode_id text NOT NULL REFERENCES ${schema}.episodes (id), seq integer NOT NULL CHECK (seq > 0), event jsonb NOT NULL, PRIMARY KEY (episode_id, seq));
      CREATE TABLE ${schema}.episode_commands (episode_id text NOT NULL REFERENCES ${schema}.episodes (id), command_id text NOT NULL, record jsonb NOT NULL,
        at_seq integer NOT NULL CHECK (at_seq >= 0), eventless boolean NOT NULL, PRIMARY KEY (episode_id, command_id));
      CREATE INDEX ON ${schema}.episode_commands (episode_id, at_seq);
      INSERT INTO ${schema}.episodes (id, seq, state) VALUES ('floor', 0, '{"episode":{"id":"floor"}}');
    `);
    const padded = (object: Record<string, unknown>, bytes: number) => {
      const text = JSON.stringify({ ...object, pad: '' });
      return JSON.stringify({ ...object, pad: 'x'.repeat(Math.max(0, bytes - text.length)) });
    };
    let seq = 0;

    const http = createServer();
    const io = new Server(http, { serveClient: false, maxHttpBufferSize: 4 * 1024 * 1024 });
    io.on('connection', (socket) => {
      socket.on('write', async ({ eventBytes, recordBytes, payload }: { eventBytes: number; recordBytes: number; payload: { commandId?: string } }, ack: (r: unknown) => void) => {
        const base = seq++;
        const at = new Date().toISOString();
        const event = padded({ type: 'appeal.received', episodeId: 'floor', seq: base + 1, at, appeal: payload }, eventBytes);
        const record = padded({ command: 'appeal:create', fingerprint: 'f'.repeat(64), at, events: [base + 1, base + 1] }, recordBytes);
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const moved = await client.query(`UPDATE ${schema}.episodes SET seq = $2, updated_at = now() WHERE id = 'floor' AND seq = $1`, [base, base + 1]);
          if (moved.rowCount !== 1) throw new Error('floor seq out of step');
          await client.query(`INSERT INTO ${schema}.episode_events (episode_id, seq, event) VALUES ('floor', $1, $2::jsonb)`, [base + 1, event]);
          await client.query(`INSERT INTO ${schema}.episode_commands (episode_id, command_id, record, at_seq, eventless) VALUES ('floor', $1, $2::jsonb, $3, false)`, [
            payload.commandId ?? `floor-${base + 1}`,
            record,
            base + 1,
          ]);
          await client.query('COMMIT');
          ack({ ok: true, data: payload });
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          ack({ ok: false, error: String(error) });
        } finally {
          client.release();
        }
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    answerIpc();
    process.once('SIGTERM', () => io.close(() => void pool.end().finally(() => process.exit(0))));
    emit('listening', { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
  },
  { exitWhenDone: false },
);
