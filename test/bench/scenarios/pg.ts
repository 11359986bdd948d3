import { join } from 'node:path';
import { stopAll } from '../lib/benchProcess';
import { emptyFolder } from '../lib/files';
import { BenchSchemas, privateWorkDir, requireDatabaseUrl, serverSettings } from '../lib/pgBench';
import { row, type Row } from '../lib/results';
import { eventLoopRows, runClient, startServer, type ScenarioContext, type ScenarioResult, type Started } from './common';

/**
 * 7. One node on PostgreSQL (`pg`). Sequential: appeal:create acks one at a time on the product over
 * PostgresStore against the PostgreSQL floor (floors/pgAckServer.ts: bare Socket.IO, one
 * transaction per ack of the statements and row sizes a command's step needs, synchronous_commit
 * on), alternated request by request. Growth: on a fresh episode, ack p50 over the first and the
 * last commands of a long run (an episode's cost per command must not grow with its size). Burst:
 * 20 operators as fast as acks return, against the lowdb store's burst in the same run; then
 * SIGKILL, restart on the same schema, every acked appeal present once. Every schema is its own and
 * dropped at the end.
 */
const SCENARIO = '7 PostgreSQL node';

export async function pgNode(ctx: ScenarioContext): Promise<ScenarioResult> {
  const url = requireDatabaseUrl();
  const { warmup, count, growth, window, operators, seconds } = ctx.settings.pg;
  const year = new Date().getFullYear();
  const schemas = new BenchSchemas(url);
  const work = await privateWorkDir('pg');
  const dir = work.dir;
  let server: Started | undefined;
  let floor: Started | undefined;
  let lowdb: Started | undefined;
  try {
    const settings = await serverSettings(url);
    ctx.log(`  PostgreSQL ${settings.server_version}: synchronous_commit=${settings.synchronous_commit} (product and floor pools set it on), fsync=${settings.fsync}, wal_sync_method=${settings.wal_sync_method}`);
    const productSchema = await schemas.create('pg');
    const floorSchema = await schemas.create('pgfloor');
    const pgArgs = (schema: string) => ['--database-url', url, '--schema', schema];
    server = await startServer('product server (PostgreSQL)', 'processes/productServer.ts', pgArgs(productSchema));
    floor = await startServer('PostgreSQL floor', 'floors/pgAckServer.ts', pgArgs(floorSchema));
    ctx.log(`  sequential: ${warmup} warm-up + ${count} appeal:create to product and floor, alternated; then ${growth} on a fresh episode (growth)`);
    const sequential = await runClient('pg round-trip client', 'processes/pgRoundTripClient.ts', [
      '--url', server.url, '--floor', floor.url, ...pgArgs(productSchema), '--year', String(year),
      '--warmup', String(warmup), '--count', String(count), '--growth', String(growth), '--window', String(window),
    ]);
    ctx.log(`  floor rows: event ${sequential.floorSizes.eventBytes} B, command record ${sequential.floorSizes.recordBytes} B (the product's, measured: ${JSON.stringify(sequential.rowSizes)})`);
    const loop = await eventLoopRows(SCENARIO, server, floor);
    await stopAll(floor.proc);

    ctx.log(`  burst: ${operators} operators for ${seconds} s on PostgreSQL, then SIGKILL, restart, check`);
    const idsFile = join(dir, 'acked-pg.json');
    const burstArgs = ['--operators', String(operators), '--seconds', String(seconds), '--year', String(year)];
    const pgBurst = await runClient('pg burst client', 'processes/burstClient.ts', ['--target', 'product', '--url', server.url, ...burstArgs, '--out', idsFile]);
    await server.proc.kill();
    server = await startServer('product server (PostgreSQL, restarted)', 'processes/productServer.ts', pgArgs(productSchema));
    const check = await runClient('durability check', 'processes/durabilityCheck.ts', ['--url', server.url, '--episode', pgBurst.episodeId, '--ids', idsFile]);
    await stopAll(server.proc);

    ctx.log(`  burst: the same on the lowdb store (empty folder)`);
    const dataDir = join(dir, 'lowdb');
    await emptyFolder(dataDir);
    lowdb = await startServer('product server (lowdb)', 'processes/productServer.ts', ['--data', dataDir]);
    const lowdbBurst = await runClient('lowdb burst client', 'processes/burstClient.ts', ['--target', 'product', '--url', lowdb.url, ...burstArgs, '--out', join(dir, 'acked-lowdb.json')]);
    // The same growth run on lowdb: growth both stores show is the product's memory work, not PostgreSQL's.
    ctx.log(`  growth on the lowdb store: ${growth} on a fresh episode, for reference`);
    const lowdbGrowth = (await runClient('lowdb growth client', 'processes/pgRoundTripClient.ts', ['--url', lowdb.url, '--growth-only', '--year', String(year), '--growth', String(growth), '--window', String(window)])).growth;

    const p = sequential.product;
    const f = sequential.floor;
    const g = sequential.growth;
    const floorName = 'floor: bare Socket.IO + 1 PG transaction';
    const lowdbName = 'lowdb store, same run';
    const rows: Row[] = [
      row(SCENARIO, `appeal:create ack p50, sequential (${count})`, 'ms', p.p50, f.p50, '', { floorName }),
      row(SCENARIO, `appeal:create ack p99, sequential (${count})`, 'ms', p.p99, f.p99, '', { floorName }),
      row(SCENARIO, `ack p50, last ${window} of ${growth} ÷ first ${window} (growth)`, 'ms', g.last.p50, g.first.p50, '≤ 1.2×', { floorName: `first ${window}` }),
      row(SCENARIO, `ack p99, last ${window} of ${growth} ÷ first ${window}`, 'ms', g.last.p99, g.first.p99, '', { floorName: `first ${window}` }),
      row(SCENARIO, `lowdb store, same run: ack p50, last ${window} ÷ first ${window} (reference)`, 'ms', lowdbGrowth.last.p50, lowdbGrowth.first.p50, '', { floorName: `first ${window}` }),
      row(SCENARIO, `acked appeals/s, ${operators} operators, ${seconds} s`, '/s', pgBurst.perSecond, lowdbBurst.perSecond, '≥ 0.5×', { floorName: lowdbName }),
      row(SCENARIO, 'ack latency p50 under burst', 'ms', pgBurst.ackLatency.p50, lowdbBurst.ackLatency.p50, '', { floorName: lowdbName }),
      row(SCENARIO, 'ack latency p99 under burst', 'ms', pgBurst.ackLatency.p99, lowdbBurst.ackLatency.p99, '', { floorName: lowdbName }),
      row(SCENARIO, `acked appeals missing or doubled after SIGKILL + restart (of ${check.acked})`, '', check.missing + check.duplicated, null, 'every one durable', { ratio: null }),
      ...loop,
    ];
    return { rows, details: { postgres: settings, sequential, lowdbGrowth, burst: { postgres: pgBurst, lowdb: lowdbBurst, durability: check } } };
  } finally {
    await stopAll(server?.proc, floor?.proc, lowdb?.proc);
    await schemas.dropAll();
    await work.remove();
  }
}
