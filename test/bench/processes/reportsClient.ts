import { performance } from 'node:perf_hooks';
import { ADMIN_PASSWORD } from '../lib/benchConfig';
import { emit, options, runMain } from '../lib/childSide';
import { connectSocket, login, ok, type ProductSocket } from '../lib/productClient';
import { roundSummary, summarize } from '../lib/stats';

/**
 * Scenario 4, warm: the two requests the reports screen sends (client/src/screens/reports), over the
 * same socket commands: `reports:annual` for `--year`, and `reports:summary` over `--from`..`--to`
 * (the whole data range). Each `--warmup` times untimed, then `--repeats` times timed, one at a time.
 */
async function timed(label: string, send: () => Promise<unknown>, warmup: number, repeats: number) {
  for (let i = 0; i < warmup; i++) await send();
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const data = await send();
    samples.push(performance.now() - t0);
    bytes = Buffer.byteLength(JSON.stringify(data));
  }
  return { label, latency: roundSummary(summarize(samples)), answerBytes: bytes };
}

runMain(async () => {
  const args = options();
  const warmup = Number(args.warmup ?? 3);
  const repeats = Number(args.repeats ?? 20);
  const admin: ProductSocket = await connectSocket(args.url, await login(args.url, 'admin', ADMIN_PASSWORD));
  const annual = await timed('annual', () => ok(admin, 'reports:annual', { year: Number(args.year) }), warmup, repeats);
  const range = await timed('range', () => ok(admin, 'reports:summary', { from: args.from, to: args.to }), warmup, repeats);
  admin.disconnect();
  emit('result', { annual, range });
});
