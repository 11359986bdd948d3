import { createClient } from 'redis';
import { stopAll } from '../lib/benchProcess';
import { BenchSchemas, requireDatabaseUrl, requireRedisUrl } from '../lib/pgBench';
import { row, type Row } from '../lib/results';
import { eventLoopRows, runClient, startServer, type ScenarioContext, type ScenarioResult, type Started } from './common';

/**
 * 8. Two nodes on PostgreSQL and Redis (`pg-cluster`): the production server twice, on one schema of
 * its own and one Redis stream of its own, one live episode, operators on both. Reference in the same
 * run, on the same two nodes: the same load on node A alone (B connected to the cluster, idle).
 * Sequential ack p50/p99 and burst acks/s; then both nodes must hold the same seq and every acked
 * appeal once. The schema and the stream are removed at the end.
 */
const SCENARIO = '8 two PostgreSQL nodes';

export async function pgCluster(ctx: ScenarioContext): Promise<ScenarioResult> {
  const url = requireDatabaseUrl();
  const redisUrl = requireRedisUrl();
  const { warmup, count, operators, seconds } = ctx.settings.pgCluster;
  const schemas = new BenchSchemas(url);
  let a: Started | undefined;
  let b: Started | undefined;
  let stream = '';
  try {
    const schema = await schemas.create('pgcluster');
    stream = `zf-bench:${schema}`;
    const nodeArgs = ['--database-url', url, '--schema', schema, '--redis-url', redisUrl, '--redis-stream', stream];
    // A first: it alone migrates and creates the admin account; B joins a running cluster.
    a = await startServer('node A', 'processes/productServer.ts', nodeArgs);
    b = await startServer('node B', 'processes/productServer.ts', nodeArgs);
    ctx.log(`  sequential: ${count} appeal:create on A alone, then ${count} on each node at once; burst: ${operators} operators ${seconds} s on A alone, then split over A and B`);
    const result = await runClient('cluster client', 'processes/clusterClient.ts', [
      '--a', a.url, '--b', b.url, '--year', String(new Date().getFullYear()),
      '--warmup', String(warmup), '--count', String(count), '--operators', String(operators), '--seconds', String(seconds),
    ]);
    const loopA = (await eventLoopRows(SCENARIO, a)).map((r) => ({ ...r, figure: `node A: ${r.figure}` }));
    const loopB = (await eventLoopRows(SCENARIO, b)).map((r) => ({ ...r, figure: `node B: ${r.figure}` }));
    const s = result.sequential;
    const alone = 'node A alone, same run';
    const rows: Row[] = [
      row(SCENARIO, `appeal:create ack p50, sequential, one operator per node (${count} each)`, 'ms', s.both.p50, s.aloneA.p50, '', { floorName: alone }),
      row(SCENARIO, `appeal:create ack p99, sequential, one operator per node`, 'ms', s.both.p99, s.aloneA.p99, '', { floorName: alone }),
      row(SCENARIO, `  of which node A p50 / node B p50`, 'ms', s.bothA.p50, s.bothB.p50, '', { floorName: 'node B', ratio: null }),
      row(SCENARIO, `acked appeals/s, ${operators} operators over both nodes, ${seconds} s`, '/s', result.burst.both.perSecond, result.burst.aloneA.perSecond, '', { floorName: alone }),
      row(SCENARIO, 'ack latency p50 under burst, both nodes', 'ms', result.burst.both.ackLatency.p50, result.burst.aloneA.ackLatency.p50, '', { floorName: alone }),
      row(SCENARIO, 'ack latency p99 under burst, both nodes', 'ms', result.burst.both.ackLatency.p99, result.burst.aloneA.ackLatency.p99, '', { floorName: alone }),
      row(SCENARIO, `commands refused (sequential / burst)`, '', s.refused, result.burst.refused, '0', { floorName: 'burst', ratio: null, note: JSON.stringify(result.refusals) }),
      row(SCENARIO, `acked appeals missing or doubled on A / on B (of ${result.level.acked})`, '', result.level.missingOnA, result.level.missingOnB, 'every one on both', {
        floorName: 'on B',
        ratio: null,
        note: `seq A ${result.level.seqA}, seq B ${result.level.seqB}`,
      }),
      ...loopA,
      ...loopB,
    ];
    return { rows, details: { ...result } };
  } finally {
    await stopAll(a?.proc, b?.proc);
    await schemas.dropAll();
    if (stream) {
      const redis = createClient({ url: redisUrl });
      await redis
        .connect()
        .then(() => redis.del(stream))
        .catch(() => undefined)
        .finally(() => redis.destroy());
    }
  }
}
