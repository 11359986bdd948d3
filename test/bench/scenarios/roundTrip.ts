import { join } from 'node:path';
import { stopAll } from '../lib/benchProcess';
import { emptyFolder, scratchCopy } from '../lib/files';
import { row, type Row } from '../lib/results';
import { eventLoopRows, lastYear, runClient, startServer, workDir, type ScenarioContext, type ScenarioResult, type Started } from './common';

/**
 * 1. Durable command round trip: an operator's appeal:create ack on a live episode of a folder that
 * already holds a year of data, against a bare Socket.IO server that writes the same number of bytes
 * durably (temp file, fsync, rename) per command. "Same number" is what the product's folder grows
 * per appeal (measured by the client around its warm-up); the folder's largest file is a second
 * reference. The three servers run side by side and the client alternates between them.
 */
const SCENARIO = '1 round trip';

export async function roundTrip(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { data: spec, warmup, count } = ctx.settings.roundTrip;
  const data = await ctx.data(spec);
  const dir = workDir('round-trip');
  const dataDir = join(dir, 'data');
  await scratchCopy(data.dir, dataDir);
  await emptyFolder(join(dir, 'floor'));
  await emptyFolder(join(dir, 'floor-largest'));
  ctx.log(`  ${data.episodes} episodes, ${data.appeals} appeals in the folder; ${warmup} warm-up + ${count} appeal:create to each of product, floor, largest-file floor`);
  let server: Started | undefined;
  let floor: Started | undefined;
  let largest: Started | undefined;
  let result: Record<string, any>;
  let loop: Row[] = [];
  try {
    server = await startServer('product server', 'processes/productServer.ts', ['--data', dataDir]);
    floor = await startServer('fsync floor', 'floors/fsyncAckServer.ts', ['--dir', join(dir, 'floor')]);
    largest = await startServer('fsync floor (largest file)', 'floors/fsyncAckServer.ts', ['--dir', join(dir, 'floor-largest')]);
    result = await runClient('round-trip client', 'processes/roundTripClient.ts', [
      '--url', server.url, '--floor', floor.url, '--floor-largest', largest.url, '--data', dataDir,
      '--year', String(lastYear(spec)), '--warmup', String(warmup), '--count', String(count),
    ]);
    loop = await eventLoopRows(SCENARIO, server, floor);
  } finally {
    await stopAll(server?.proc, floor?.proc, largest?.proc);
  }
  ctx.log(`  floor wrote ${result.floorBytes} B per command (folder growth per appeal), the largest-file floor ${result.floorLargestBytes} B`);

  const { product: p, floor: f, floorLargest: l } = result;
  const largestName = `largest file, ${(result.floorLargestBytes / 1e6).toFixed(2)} MB`;
  const rows: Row[] = [
    row(SCENARIO, 'appeal:create ack p50', 'ms', p.p50, f.p50, '≤ 1.5×'),
    row(SCENARIO, 'appeal:create ack p99', 'ms', p.p99, f.p99, '≤ 1.5×'),
    row(SCENARIO, 'appeal:create ack p95', 'ms', p.p95, f.p95),
    row(SCENARIO, 'appeal:create ack mean', 'ms', p.mean, f.mean),
    row(SCENARIO, 'ack p50 vs floor writing the largest file', 'ms', p.p50, l.p50, '', { floorName: largestName }),
    row(SCENARIO, 'ack p99 vs floor writing the largest file', 'ms', p.p99, l.p99, '', { floorName: largestName }),
    row(SCENARIO, 'data folder growth per appeal (floor writes this)', 'B', result.growthPerAppealMeasured, result.floorBytes, '', { floorName: 'size the floor wrote', ratio: null }),
    ...loop,
  ];
  return { rows, details: { data: { ...data.spec, episodes: data.episodes, appeals: data.appeals, bytes: data.bytes }, ...result } };
}
