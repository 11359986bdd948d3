import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stopAll } from '../lib/benchProcess';
import { emptyFolder, listFiles } from '../lib/files';
import { row, type Row } from '../lib/results';
import { eventLoopRows, runClient, startServer, workDir, type ScenarioContext, type ScenarioResult } from './common';

/**
 * 3. Burst intake (a 市长上线 special): operators sending appeal:create as fast as acks return, on a
 * fresh folder with one live episode. Then the server is killed (SIGKILL: nothing gets flushed on the
 * way out) and started again, and every acked appeal must be there exactly once. Two references,
 * same load, same 20 client sockets, one after the other: the baseline the issue names (one lowdb
 * file holding everything, rewritten per command), and the floor (bare Socket.IO, group-committed
 * append + fdatasync of as many bytes per appeal as the product's folder grew by in this run).
 */
const SCENARIO = '3 burst intake';

export async function burst(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { operators, seconds } = ctx.settings.burst;
  const dir = workDir('burst');
  const dataDir = join(dir, 'data');
  const idsFile = join(dir, 'acked.json');
  await emptyFolder(dataDir);
  ctx.log(`  product: ${operators} operators for ${seconds} s, then SIGKILL, restart and check`);
  const clientArgs = ['--operators', String(operators), '--seconds', String(seconds), '--out', idsFile];
  let server = await startServer('product server', 'processes/productServer.ts', ['--data', dataDir]);
  let product: Record<string, any>;
  let check: Record<string, any>;
  let loop: Row[] = [];
  let bytesPerAppeal: number;
  try {
    product = await runClient('burst client', 'processes/burstClient.ts', ['--target', 'product', '--url', server.url, '--year', String(new Date().getFullYear()), ...clientArgs]);
    loop = await eventLoopRows(SCENARIO, server);
    await server.proc.kill();
    // What the floor must append per appeal: the product's biggest file (its episode log, whatever the
    // format) over the appeals it acked. The few records of the episode's plan and start are noise.
    const files = await listFiles(dataDir);
    bytesPerAppeal = Math.max(1, Math.round(Math.max(...files.map((f) => f.size)) / Math.max(1, product.acked)));
    server = await startServer('product server (restarted)', 'processes/productServer.ts', ['--data', dataDir]);
    check = await runClient('durability check', 'processes/durabilityCheck.ts', ['--url', server.url, '--episode', product.episodeId, '--ids', idsFile]);
  } finally {
    await stopAll(server.proc);
  }

  ctx.log(`  baseline: one lowdb file, same load`);
  const naiveDir = join(dir, 'naive');
  await emptyFolder(naiveDir);
  const naive = await startServer('naive lowdb baseline', 'floors/naiveLowdbServer.ts', ['--dir', naiveDir]);
  let baseline: Record<string, any>;
  try {
    baseline = await runClient('burst baseline client', 'processes/burstClient.ts', ['--target', 'naive', '--url', naive.url, '--episode', naive.listening.episodeId, ...clientArgs]);
  } finally {
    await stopAll(naive.proc);
  }
  // The baseline's own file, read after a clean stop: how many of its acked appeals it holds.
  const naiveData = JSON.parse(await readFile(naive.listening.file, 'utf8'));
  const naiveAcked: Array<{ appealId: string }> = JSON.parse(await readFile(idsFile, 'utf8'));
  const baselineMissing = naiveAcked.filter((a) => !naiveData.episode.appeals[a.appealId]).length;
  const naiveFileBytes = (await readFile(naive.listening.file)).length;

  ctx.log(`  floor: bare Socket.IO, group-committed append (${bytesPerAppeal} B per appeal) + fdatasync, same load`);
  const floorDir = join(dir, 'floor');
  await emptyFolder(floorDir);
  const group = await startServer('group-commit floor', 'floors/groupCommitServer.ts', ['--dir', floorDir, '--bytes', String(bytesPerAppeal)]);
  let floor: Record<string, any>;
  let floorWrites: { writes: number; commands: number } | null = null;
  try {
    floor = await runClient('burst floor client', 'processes/burstClient.ts', ['--target', 'floor', '--url', group.url, '--episode', group.listening.episodeId, ...clientArgs]);
    floorWrites = await group.proc.request({ type: 'writes' }, 10_000).catch(() => null);
  } finally {
    await stopAll(group.proc);
  }
  // The floor's file after a clean stop: every acked appeal must be in it, or it would be no floor.
  const floorLines = (await readFile(group.listening.file, 'utf8')).split('\n').filter(Boolean);
  const floorHeld = new Set(floorLines.map((line) => (JSON.parse(line) as { payload: { id: string } }).payload.id));
  const floorAcked: Array<{ appealId: string }> = JSON.parse(await readFile(idsFile, 'utf8'));
  const floorMissing = floorAcked.filter((a) => !floorHeld.has(a.appealId)).length;
  const perWrite = floorWrites?.writes ? floorWrites.commands / floorWrites.writes : null;
  ctx.log(`  floor: ${floorWrites?.writes ?? '?'} fdatasyncs for ${floorWrites?.commands ?? '?'} appeals (${perWrite?.toFixed(1) ?? '?'} per write)`);

  const naiveName = 'naive lowdb';
  const floorName = 'floor: group-commit append + fdatasync';
  const rows: Row[] = [
    row(SCENARIO, `acked appeals/s, ${operators} operators, ${seconds} s`, '/s', product.perSecond, baseline.perSecond, '≥ 10×', { floorName: naiveName }),
    row(SCENARIO, 'ack latency p50 under burst', 'ms', product.ackLatency.p50, baseline.ackLatency.p50, '', { floorName: naiveName }),
    row(SCENARIO, 'ack latency p99 under burst', 'ms', product.ackLatency.p99, baseline.ackLatency.p99, '', { floorName: naiveName }),
    row(SCENARIO, `acked appeals/s vs floor, ${operators} operators, ${seconds} s`, '/s', product.perSecond, floor.perSecond, '', { floorName }),
    row(SCENARIO, 'ack latency p50 under burst vs floor', 'ms', product.ackLatency.p50, floor.ackLatency.p50, '', { floorName }),
    row(SCENARIO, 'ack latency p99 under burst vs floor', 'ms', product.ackLatency.p99, floor.ackLatency.p99, '', { floorName }),
    row(SCENARIO, `acked appeals missing or doubled after restart (of ${check.acked})`, '', check.missing + check.duplicated, baselineMissing, 'every one durable', {
      ratio: null,
      note: `durableChecked: ${check.durable}`,
    }),
    row(SCENARIO, `floor: acked appeals missing from its file after a clean stop (of ${floorAcked.length})`, '', null, floorMissing, '', { ratio: null }),
    ...loop,
  ];
  return {
    rows,
    details: {
      operators,
      seconds,
      product,
      durability: { ...check, durableChecked: check.durable, killedWith: 'SIGKILL' },
      baseline: { ...baseline, missingAfterCleanStop: baselineMissing, fileBytes: naiveFileBytes },
      floor: { ...floor, bytesPerAppeal, missingAfterCleanStop: floorMissing, fdatasyncs: floorWrites?.writes ?? null, appealsPerFdatasync: perWrite },
    },
  };
}
