import { performance } from 'node:perf_hooks';
import { emit, options, runMain } from '../lib/childSide';
import { appealPayload, commandId, connectMany, connectSocket, ok, prepareLiveEpisode, type ProductSocket } from '../lib/productClient';
import { roundSummary, summarize } from '../lib/stats';

/**
 * Scenario pg-cluster, the measuring side: two nodes (`--a`, `--b`) on one PostgreSQL schema and one
 * Redis stream, one live episode planned on A, operators on both (the session made on A is good on B).
 * Sequential: one operator on A alone, `--count` appeal:create one at a time; then one operator on
 * each node at once, `--count` each (the two nodes write the same episode: a step refused as stale is
 * decided again on the fresh state, inside the ack's time). Burst: `--operators` sockets on A alone
 * for `--seconds`, then the same number split over A and B. Then both nodes must hold the same seq
 * and every acked appeal once.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Refusals by code (STORAGE_FAILED: a step refused as stale more often than the ledger retries). */
const refusals: Record<string, number> = {};

async function create(socket: ProductSocket, episodeId: string, n: number, acked: string[]): Promise<boolean> {
  const response = await (socket.timeout(60_000) as any).emitWithAck('appeal:create', appealPayload(episodeId, n, commandId()));
  if (response?.ok) acked.push(response.data.appeal.id);
  else refusals[response?.error?.code ?? 'NO_ANSWER'] = (refusals[response?.error?.code ?? 'NO_ANSWER'] ?? 0) + 1;
  return Boolean(response?.ok);
}

runMain(async () => {
  const args = options();
  const warmup = Number(args.warmup ?? 50);
  const count = Number(args.count ?? 1000);
  const operators = Number(args.operators ?? 20);
  const seconds = Number(args.seconds ?? 10);
  const live = await prepareLiveEpisode(args.a, ['operator'], Number(args.year));
  const episodeId = live.episodeId;
  const cookie = live.cookies.operator!;
  const acked: string[] = [];
  let refused = 0;

  // B learns of the episode from A's note (or its sweep): wait until it answers a sync for it.
  const adminB = await connectSocket(args.b, live.adminCookie);
  const waitedFrom = performance.now();
  for (;;) {
    const response = await (adminB.timeout(10_000) as any).emitWithAck('episode:sync', { episodeId, sinceSeq: null });
    if (response?.ok) break;
    if (performance.now() - waitedFrom > 20_000) throw new Error(`node B never held episode ${episodeId}: ${JSON.stringify(response?.error)}`);
    await sleep(50);
  }
  const bHeldAfterMs = performance.now() - waitedFrom;

  const sequential = async (socket: ProductSocket, n: number, offset: number) => {
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      if (!(await create(socket, episodeId, offset + i, acked))) refused += 1;
      samples.push(performance.now() - t0);
    }
    return samples;
  };
  const opA = await connectSocket(args.a, cookie);
  const opB = await connectSocket(args.b, cookie);
  await sequential(opA, warmup, 0);
  await sequential(opB, warmup, 10_000);
  const aloneA = await sequential(opA, count, 20_000);
  const [bothA, bothB] = await Promise.all([sequential(opA, count, 30_000), sequential(opB, count, 40_000)]);
  const sequentialRefused = refused;

  const burst = async (sockets: ProductSocket[], lane0: number) => {
    const latencies: number[] = [];
    let inWindow = 0;
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      sockets.map(async (socket, lane) => {
        for (let n = 0; performance.now() < end; n++) {
          const t0 = performance.now();
          const done = await create(socket, episodeId, (lane0 + lane) * 1_000_000 + n, acked);
          const t1 = performance.now();
          if (!done) refused += 1;
          else {
            latencies.push(t1 - t0);
            if (t1 <= end) inWindow += 1;
          }
        }
      }),
    );
    return { perSecond: inWindow / seconds, acked: latencies.length, ackLatency: roundSummary(summarize(latencies)) };
  };
  const half = Math.floor(operators / 2);
  const onA = await connectMany(args.a, operators, () => cookie);
  const burstAlone = await burst(onA, 100);
  for (const socket of onA.slice(half)) socket.disconnect();
  const onB = await connectMany(args.b, operators - half, () => cookie);
  const burstBoth = await burst([...onA.slice(0, half), ...onB], 200);
  const burstRefused = refused - sequentialRefused;

  // Both nodes level, every acked appeal once on each.
  const snapshotOf = async (url: string) => {
    const socket = await connectSocket(url, live.adminCookie);
    const sync = await ok(socket, 'episode:sync', { episodeId, sinceSeq: null }, 120_000);
    socket.disconnect();
    return sync as { seq: number; snapshot: { appeals: Record<string, unknown>; appealOrder: string[] } };
  };
  let a = await snapshotOf(args.a);
  let b = await snapshotOf(args.b);
  for (let i = 0; i < 100 && a.seq !== b.seq; i++) {
    await sleep(100);
    [a, b] = [await snapshotOf(args.a), await snapshotOf(args.b)];
  }
  const missing = (s: typeof a) => acked.filter((id) => !s.snapshot.appeals[id] || s.snapshot.appealOrder.filter((x) => x === id).length !== 1).length;
  for (const socket of [opA, opB, adminB, live.admin, ...onA, ...onB]) socket.disconnect();
  emit('result', {
    episodeId,
    bHeldAfterMs,
    sequential: {
      count,
      aloneA: roundSummary(summarize(aloneA)),
      bothA: roundSummary(summarize(bothA)),
      bothB: roundSummary(summarize(bothB)),
      both: roundSummary(summarize([...bothA, ...bothB])),
      refused: sequentialRefused,
    },
    burst: { operators, seconds, aloneA: burstAlone, both: burstBoth, refused: burstRefused },
    refusals,
    level: { seqA: a.seq, seqB: b.seq, acked: acked.length, missingOnA: missing(a), missingOnB: missing(b) },
  });
});
