import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { OUTPUT_DIR } from '../lib/benchConfig';
import { BenchProcess, stopAll } from '../lib/benchProcess';
import { nowMs } from '../lib/childSide';
import { emptyFolder } from '../lib/files';
import { row, type Row } from '../lib/results';
import { bounds, until, type Timeline } from '../lib/specialTimeline';
import { eventLoopRows, runClient, startServer, type ScenarioContext, type ScenarioResult } from './common';

/**
 * 6. 市长上线 (issue 16): a mayor's special, where `phones` citizens leave messages on the public page
 * within `seconds` (2,000 in a minute) while `operators` work the console. One product server on a
 * fresh folder with one live episode; two client processes, started the same way as every bench
 * client: the console (processes/specialOperators.ts: the burst scenario's work, create → screen →
 * hand over, as fast as acks return, subscribed to the episode) and the phones
 * (processes/phonesClient.ts: open loop, random instants, the public HTTP API with a solved ALTCHA).
 *
 * The same run holds its own reference: the operators work alone for D/2, with the phones for D,
 * alone again for D/2 (lib/specialTimeline.ts), so "without the phones" is the same server, folder,
 * episode and moment of the machine, split around the phones so that the episode's growth weighs on
 * both sides. Then a tail of both loads, during which the server is SIGKILLed; it is started again on
 * the same folder and every message that got a receipt (and every acked operator appeal) must be
 * there exactly once, its receipt still answering (processes/messageDurabilityCheck.ts).
 *
 * The server's settings for the bench (environment, as an installation sets them; printed):
 * - the bench's phones all come from 127.0.0.1, so the per-address limits (MESSAGES_PER_IP,
 *   ALTCHA_CHALLENGES_PER_IP, and the receipt lookups for the check) are raised; the per-phone limit
 *   and the duplicate rule stay the product's (every phone is distinct);
 * - ALTCHA_COST stays the product's (the server derives one key per challenge at that cost); only
 *   ALTCHA_MAX_COUNTER, how many attempts a phone needs, is lowered, and the challenges are fetched
 *   and solved before the clock starts: solving 2,000 of them on this machine would measure the bench,
 *   not the product. The server verifies every solution when its message arrives, as always.
 */
const SCENARIO = '6 市长上线 messages';

export async function messages(ctx: ScenarioContext): Promise<ScenarioResult> {
  // Its own folder beside bench-output/work, not in it: on a shared machine another bench run empties
  // bench-output/work after each of its scenarios, which took this one's data and files mid-run.
  // Same disk as the work folder; removed at the end as the runner removes the work folder.
  const dir = join(OUTPUT_DIR, `work-messages-${process.pid}`);
  try {
    return await run(ctx, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(ctx: ScenarioContext, dir: string): Promise<ScenarioResult> {
  const { phones, seconds, operators, tailSeconds, altchaMaxCounter } = ctx.settings.messages;
  const dataDir = join(dir, 'data');
  const messagesFile = join(dir, 'receipts.json');
  const appealsFile = join(dir, 'operatorAppeals.json');
  await emptyFolder(dataDir);
  const many = '1000000';
  const serverEnv = {
    MESSAGES_PER_IP: many,
    ALTCHA_CHALLENGES_PER_IP: many,
    ALTCHA_MAX_COUNTER: String(altchaMaxCounter),
    RECEIPT_LOOKUPS_PER_IP: many,
    RECEIPT_FAILED_LOOKUPS_PER_IP: many,
  };
  const envLine = Object.entries(serverEnv)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  ctx.log(`  server environment for the bench: ${envLine} (ALTCHA_COST and MESSAGES_PER_PHONE: the product's defaults)`);
  ctx.log(`  why: every bench client is 127.0.0.1, so the per-address limits are raised; the phones' proof-of-work is solved before the clock starts (fewer attempts per challenge); the server verifies every solution`);
  ctx.log(`  plan: ${operators} operators alone ${seconds / 2} s, + ${phones} phones over ${seconds} s, alone ${seconds / 2} s, then ${tailSeconds} s of both with a SIGKILL in the middle; restart, check`);

  let server = await startServer('product server', 'processes/productServer.ts', ['--data', dataDir], undefined, serverEnv);
  let console_: BenchProcess | undefined;
  let phonesProc: BenchProcess | undefined;
  let ops: Record<string, any>;
  let citizens: Record<string, any>;
  let loop: Row[] = [];
  let check: Record<string, any>;
  let presolve: Record<string, any>;
  let killedAt: number;
  const timeline: Timeline = { startAt: 0, seconds, tailSeconds };
  const profiling = Boolean(process.env.BENCH_CPU_PROF);
  try {
    console_ = new BenchProcess('messages operators', 'processes/specialOperators.ts', [
      '--url', server.url, '--year', String(new Date().getFullYear()), '--operators', String(operators),
      '--seconds', String(seconds), '--tailSeconds', String(tailSeconds), '--out', appealsFile,
    ]);
    const { episodeId } = (await console_.line('ready', 120_000)).message;
    phonesProc = new BenchProcess('messages phones', 'processes/phonesClient.ts', [
      '--url', server.url, '--episode', episodeId, '--phones', String(phones),
      '--seconds', String(seconds), '--tailSeconds', String(tailSeconds), '--out', messagesFile,
    ]);
    const { bench: _, ...ready } = (await phonesProc.line('ready', 9 * 60_000)).message;
    presolve = ready;
    ctx.log(`  phones: ${ready.messages} challenges fetched and solved in ${ready.presolveSeconds.toFixed(1)} s before the start (${ready.meanAttempts.toFixed(1)} attempts each; not measured)`);

    timeline.startAt = nowMs() + 1_000;
    console_.send({ type: 'start', startAt: timeline.startAt });
    phonesProc.send({ type: 'start', startAt: timeline.startAt });
    const b = bounds(timeline);
    await until(b.tailFrom);
    loop = await eventLoopRows(SCENARIO, server);
    // Mid-tail: phones and operators have requests in flight when the server dies.
    await until(b.tailFrom + (tailSeconds * 1000) / 2);
    // BENCH_CPU_PROF: a SIGKILLed process writes no profile, so that run stops the server cleanly
    // (its durability rows then say nothing about a crash; its figures are not comparable anyway).
    if (profiling) await server.proc.stop(30_000);
    else await server.proc.kill();
    killedAt = nowMs() - b.tailFrom;
    ctx.log(`  server ${profiling ? 'stopped with SIGTERM (BENCH_CPU_PROF: no crash this run)' : 'SIGKILLed'} ${(killedAt / 1000).toFixed(2)} s into the tail`);
    const { bench: _o, ...opsResult } = (await console_.line('result', 120_000)).message;
    const { bench: _p, ...phonesResult } = (await phonesProc.line('result', 120_000)).message;
    ops = opsResult;
    citizens = phonesResult;
    const slow = citizens.slowReceipts;
    if (slow?.count) ctx.log(`  phones: ${slow.count} receipts of the window took over ${slow.overMs} ms; sent at (s into the window: count) ${slow.sentAtS}; first: ${JSON.stringify(slow.first)}`);
    await stopAll(console_, phonesProc);

    server = await startServer('product server (restarted)', 'processes/productServer.ts', ['--data', dataDir], undefined, serverEnv);
    ctx.log(`  restarted on the same folder in ${server.seconds.toFixed(1)} s; checking ${citizens.acked} receipts and ${ops.acked} operator appeals`);
    check = await runClient('messages durability check', 'processes/messageDurabilityCheck.ts', ['--url', server.url, '--episode', episodeId, '--messages', messagesFile, '--appeals', appealsFile]);
  } finally {
    await stopAll(server.proc, console_, phonesProc);
  }

  const withPhones = ops.phones;
  const alone = ops.alone;
  const floorName = 'same run, no phones';
  const m = check.messages;
  const a = check.operatorAppeals;
  const refused = citizens.refused + (citizens.failed?.phones ?? 0) + (citizens.failed?.alone ?? 0);
  const rows: Row[] = [
    row(SCENARIO, `messages/s acknowledged, ${phones} phones in ${seconds} s (offered ${citizens.offeredPerSecond.toFixed(1)}/s)`, '/s', citizens.perSecond, null, `= offered`, {
      note: `server env: ${envLine}`,
    }),
    row(SCENARIO, 'message ack (receipt) latency p50', 'ms', citizens.ackLatency.p50, null, ''),
    row(SCENARIO, 'message ack (receipt) latency p99', 'ms', citizens.ackLatency.p99, null, ''),
    row(SCENARIO, `messages refused or unanswered in the window (of ${phones})`, '', refused, null, '0', { ratio: null, note: JSON.stringify({ refusals: citizens.refusals, failed: citizens.failed, firstRefusal: citizens.firstRefusal }) }),
    row(SCENARIO, `operators' ack p99 with the phones, ${operators} operators`, 'ms', withPhones.ackLatency.p99, alone.ackLatency.p99, '≤ 1.5×', { floorName }),
    row(SCENARIO, `operators' ack p50 with the phones`, 'ms', withPhones.ackLatency.p50, alone.ackLatency.p50, '', { floorName }),
    row(SCENARIO, `operators' commands/s with the phones`, '/s', withPhones.commandsPerSecond, alone.commandsPerSecond, '', { floorName }),
    row(SCENARIO, `receipts missing, doubled or wrong after SIGKILL + restart (of ${m.acked})`, '', m.missing + m.duplicated + m.wrongText, null, 'every one once', {
      ratio: null,
      note: `durable: ${check.durable}; stored without a receipt (in flight at the kill): ${m.storedUnacked}`,
    }),
    row(SCENARIO, `receipts not answering after restart (of ${m.acked})`, '', m.receiptsFailed, null, '0', { ratio: null }),
    row(SCENARIO, `operator appeals missing or doubled after restart (of ${a.acked})`, '', a.missing + a.duplicated, null, '0', { ratio: null }),
    ...loop,
  ];
  return {
    rows,
    details: {
      phones,
      seconds,
      operators,
      tailSeconds,
      serverEnv,
      presolve,
      killedMsIntoTail: killedAt,
      operatorsResult: ops,
      phonesResult: citizens,
      durability: { ...check, killedWith: profiling ? 'SIGTERM (BENCH_CPU_PROF)' : 'SIGKILL' },
    },
  };
}
