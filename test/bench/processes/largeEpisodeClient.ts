import { performance } from 'node:perf_hooks';
import { ADMIN_PASSWORD } from '../lib/benchConfig';
import { emit, options, runMain } from '../lib/childSide';
import { connectSocket, login, ok, type ProductSocket } from '../lib/productClient';
import { roundSummary, summarize } from '../lib/stats';

/**
 * Scenario pg-large, the measuring side, on a server just started: an admin's client syncs the big
 * episode from nothing (`episode:sync` with sinceSeq null: a snapshot), the first time and then
 * `--repeats` more; then the reports screen's two requests, `reports:annual` for `--year` and
 * `reports:summary` over that year, the first time and then `--warmup` untimed + `--repeats` timed.
 */
async function timed(send: () => Promise<unknown>, warmup: number, repeats: number, between: () => Promise<void> = async () => undefined) {
  const t0 = performance.now();
  const first = await send();
  const firstMs = performance.now() - t0;
  for (let i = 0; i < warmup; i++) {
    await between();
    await send();
  }
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    await between();
    const t1 = performance.now();
    await send();
    samples.push(performance.now() - t1);
  }
  return { firstMs, latency: roundSummary(summarize(samples)), answerBytes: Buffer.byteLength(JSON.stringify(first)) };
}

runMain(async () => {
  const args = options();
  const warmup = Number(args.warmup ?? 3);
  const repeats = Number(args.repeats ?? 20);
  const year = Number(args.year);
  const cookie = await login(args.url, 'admin', ADMIN_PASSWORD);
  const admin: ProductSocket = await connectSocket(args.url, cookie);
  let appeals = 0;
  // Each sync is a client connecting afresh (a socket may ask for a snapshot only so often); the
  // connection is made before the clock starts.
  let next = await connectSocket(args.url, cookie);
  const clients: ProductSocket[] = [];
  const sync = await timed(
    async () => {
      const socket = next;
      const answer = await ok(socket, 'episode:sync', { episodeId: args.episode, sinceSeq: null }, 120_000);
      if (answer.mode !== 'snapshot') throw new Error(`expected a snapshot, got ${answer.mode}`);
      appeals = Object.keys(answer.snapshot.appeals).length;
      clients.push(socket);
      return answer;
    },
    0,
    repeats,
    async () => void (next = await connectSocket(args.url, cookie)),
  );
  for (const socket of [...clients, next]) socket.disconnect();
  const annual = await timed(() => ok(admin, 'reports:annual', { year }, 120_000), warmup, repeats);
  const summary = await timed(() => ok(admin, 'reports:summary', { from: `${year}-01-01`, to: `${year}-12-31` }, 120_000), warmup, repeats);
  admin.disconnect();
  emit('result', { appeals, sync, annual, summary });
});
