import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stopAll } from '../lib/benchProcess';
import { emptyFolder } from '../lib/files';
import { row, type Row } from '../lib/results';
import { eventLoopRows, runClient, startServer, workDir, type ScenarioContext, type ScenarioResult } from './common';

/**
 * 3. Burst intake (a 市长上线 special): operators sending appeal:create as fast as acks return, on a
 * fresh folder with one live episode. Then the server is killed (SIGKILL: nothing gets flushed on the
 * way out) and started again, and every acked appeal must be there exactly once. Baseline: the same
 * load against one lowdb file holding everything, rewritten per command.
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
  try {
    product = await runClient('burst client', 'processes/burstClient.ts', ['--target', 'product', '--url', server.url, '--year', String(new Date().getFullYear()), ...clientArgs]);
    loop = await eventLoopRows(SCENARIO, server);
    await server.proc.kill();
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

  const rows: Row[] = [
    row(SCENARIO, `acked appeals/s, ${operators} operators, ${seconds} s`, '/s', product.perSecond, baseline.perSecond, '≥ 10×'),
    row(SCENARIO, 'ack latency p50 under burst', 'ms', product.ackLatency.p50, baseline.ackLatency.p50),
    row(SCENARIO, 'ack latency p99 under burst', 'ms', product.ackLatency.p99, baseline.ackLatency.p99),
    row(SCENARIO, `acked appeals missing or doubled after restart (of ${check.acked})`, '', check.missing + check.duplicated, baselineMissing, 'every one durable', {
      ratio: null,
      note: `durableChecked: ${check.durable}`,
    }),
    ...loop,
  ];
  return {
    rows,
    details: {
      operators,
      seconds,
      product,
      durability: { ...check, durableChecked: check.durable, killedWith: 'SIGKILL' },
      baseline: { ...baseline, missingAfterCleanStop: baselineMissing, fileBytes: (await readFile(naive.listening.file)).length },
    },
  };
}
