import { join } from 'node:path';
import { stopAll } from '../lib/benchProcess';
import { emptyFolder, scratchCopy } from '../lib/files';
import { row, type Row } from '../lib/results';
import { eventLoopRows, lastYear, runClient, startServer, workDir, type ScenarioContext, type ScenarioResult, type Started } from './common';

/**
 * 1. Durable command round trip: an operator's appeal:create ack on a live episode of a folder that
 * already holds a year of data, against a bare Socket.IO server that does what the product's store
 * does per command: append the same number of bytes to an open file, fdatasync, ack (the floor of
 * the target rows). "Same number" is what the product's log grows by per command (the file that
 * grows the most, measured by the client around its warm-up). Two older references stay as their
 * own rows: a floor that rewrites a file of the folder's growth per appeal (temp file, fsync,
 * rename), and one that rewrites the folder's largest file that way. The four servers run side by
 * side and the client alternates between them.
 */
const SCENARIO = '1 round trip';

export async function roundTrip(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { data: spec, warmup, count } = ctx.settings.roundTrip;
  const data = await ctx.data(spec);
  const dir = workDir('round-trip');
  const dataDir = join(dir, 'data');
  await scratchCopy(data.dir, dataDir);
  await emptyFolder(join(dir, 'floor'));
  await emptyFolder(join(dir, 'floor-append'));
  await emptyFolder(join(dir, 'floor-largest'));
  ctx.log(`  ${data.episodes} episodes, ${data.appeals} appeals in the folder; ${warmup} warm-up + ${count} appeal:create to each of product, append floor, rewrite floor, largest-file rewrite floor`);
  let server: Started | undefined;
  let append: Started | undefined;
  let floor: Started | undefined;
  let largest: Started | undefined;
  let result: Record<string, any>;
  let loop: Row[] = [];
  try {
    server = await startServer('product server', 'processes/productServer.ts', ['--data', dataDir]);
    append = await startServer('append floor', 'floors/appendAckServer.ts', ['--dir', join(dir, 'floor-append')]);
    floor = await startServer('fsync floor', 'floors/fsyncAckServer.ts', ['--dir', join(dir, 'floor')]);
    largest = await startServer('fsync floor (largest file)', 'floors/fsyncAckServer.ts', ['--dir', join(dir, 'floor-largest')]);
    result = await runClient('round-trip client', 'processes/roundTripClient.ts', [
      '--url', server.url, '--floor-append', append.url, '--floor', floor.url, '--floor-largest', largest.url, '--data', dataDir,
      '--year', String(lastYear(spec)), '--warmup', String(warmup), '--count', String(count),
    ]);
    loop = await eventLoopRows(SCENARIO, server, append);
  } finally {
    await stopAll(server?.proc, append?.proc, floor?.proc, largest?.proc);
  }
  ctx.log(`  append floor appended ${result.floorAppendBytes} B per command (the product's append), rewrite floor ${result.floorBytes} B (folder growth per appeal), largest-file floor ${result.floorLargestBytes} B`);

  const { product: p, floorAppend: a, floor: f, floorLargest: l } = result;
  const rewriteName = `rewrite ${result.floorBytes} B + rename`;
  const largestName = `rewrite largest file, ${(result.floorLargestBytes / 1e6).toFixed(2)} MB`;
  const rows: Row[] = [
    row(SCENARIO, 'appeal:create ack p50 (floor: append + fdatasync)', 'ms', p.p50, a.p50, '≤ 1.5×'),
    row(SCENARIO, 'appeal:create ack p99 (floor: append + fdatasync)', 'ms', p.p99, a.p99, '≤ 1.5×'),
    row(SCENARIO, 'appeal:create ack p95 (floor: append + fdatasync)', 'ms', p.p95, a.p95),
    row(SCENARIO, 'appeal:create ack mean (floor: append + fdatasync)', 'ms', p.mean, a.mean),
    row(SCENARIO, 'ack p50 vs rewrite+rename floor (old floor)', 'ms', p.p50, f.p50, '', { floorName: rewriteName }),
    row(SCENARIO, 'ack p99 vs rewrite+rename floor (old floor)', 'ms', p.p99, f.p99, '', { floorName: rewriteName }),
    row(SCENARIO, 'ack p50 vs rewrite+rename of the largest file', 'ms', p.p50, l.p50, '', { floorName: largestName }),
    row(SCENARIO, 'ack p99 vs rewrite+rename of the largest file', 'ms', p.p99, l.p99, '', { floorName: largestName }),
    row(SCENARIO, 'bytes appended per appeal (append floor appends this)', 'B', result.appendPerAppealMeasured, result.floorAppendBytes, '', { floorName: 'size the floor appended', ratio: null }),
    row(SCENARIO, 'data folder growth per appeal (rewrite floor writes this)', 'B', result.growthPerAppealMeasured, result.floorBytes, '', { floorName: 'size the floor wrote', ratio: null }),
    ...loop,
  ];
  return { rows, details: { data: { ...data.spec, episodes: data.episodes, appeals: data.appeals, bytes: data.bytes }, ...result } };
}
