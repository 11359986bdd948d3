import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { emit, options, runMain } from '../lib/childSide';
import { appealPayload, commandId, connectSocket, ok, prepareLiveEpisode } from '../lib/productClient';
import { roundSummary, summarize } from '../lib/stats';

/**
 * Scenario pg, the measuring side. Sequential: an operator's appeal:create, one at a time, timed
 * from emit to ack, against the product on PostgreSQL (`--url`) and the PostgreSQL floor
 * (`--floor`, floors/pgAckServer.ts), alternated request by request in a rotating order after a
 * warm-up of each. The floor writes rows of the sizes the product wrote during its warm-up: read
 * from the product's schema (`--database-url`, `--schema`: median text length of its newest event
 * and command-record rows of the episode). Growth: a fresh live episode, `--growth` commands one at
 * a time to the product alone; ack p50 over the first and the last `--window`. `--growth-only`: just
 * the growth run (the lowdb reference of scenario pg).
 */
type Send = (n: number) => Promise<void>;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The text length of the rows the product wrote for the episode's last `n` commands; null when the schema is not as expected. */
async function rowSizes(url: string, schema: string, episodeId: string, n: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const events = await client.query<{ n: number }>(`SELECT length(event::text) AS n FROM ${schema}.episode_events WHERE episode_id = $1 ORDER BY seq DESC LIMIT $2`, [episodeId, n]);
    const records = await client.query<{ n: number }>(
      `SELECT length(record::text) AS n FROM ${schema}.episode_commands WHERE episode_id = $1 AND NOT eventless ORDER BY at_seq DESC LIMIT $2`,
      [episodeId, n],
    );
    return { eventBytes: median(events.rows.map((r) => Number(r.n))), recordBytes: median(records.rows.map((r) => Number(r.n))) };
  } catch (error) {
    return { eventBytes: null, recordBytes: null, error: String(error) };
  } finally {
    await client.end();
  }
}

runMain(async () => {
  const args = options();
  const warmup = Number(args.warmup ?? 50);
  const count = Number(args.count ?? 2000);
  const growth = Number(args.growth ?? 3000);
  const window = Number(args.window ?? 500);
  const year = Number(args.year);

  if (args['growth-only']) {
    emit('result', { growth: await growthRun(args.url, year, growth, window) });
    return;
  }
  const live = await prepareLiveEpisode(args.url, ['operator'], year);
  const operator = await connectSocket(args.url, live.cookies.operator);
  const product: Send = async (n) => {
    await ok(operator, 'appeal:create', appealPayload(live.episodeId, n));
  };
  for (let n = 0; n < warmup; n++) await product(n);
  const measuredSizes = await rowSizes(args['database-url'], args.schema, live.episodeId, warmup);
  // Sizes the broadcast event would have: a fallback when the store's tables are not the ones this client knows.
  const sizes = { eventBytes: measuredSizes.eventBytes || 900, recordBytes: measuredSizes.recordBytes || 180 };

  const floorSocket = await connectSocket<Socket>(args.floor);
  const floor: Send = async (n) => {
    const response = await floorSocket.timeout(60_000).emitWithAck('write', { ...sizes, payload: appealPayload(live.episodeId, n, commandId()) });
    if (!response?.ok) throw new Error(`floor write failed: ${response?.error}`);
  };
  for (let n = 0; n < warmup; n++) await floor(n);

  const targets = [
    { name: 'product', send: product, samples: [] as number[] },
    { name: 'floor', send: floor, samples: [] as number[] },
  ];
  for (let n = 0; n < count; n++) {
    for (let k = 0; k < targets.length; k++) {
      const target = targets[(n + k) % targets.length];
      const t0 = performance.now();
      await target.send(warmup + n);
      target.samples.push(performance.now() - t0);
    }
  }
  floorSocket.disconnect();

  for (const socket of [operator, live.admin]) socket.disconnect();
  emit('result', {
    warmup,
    count,
    rowSizes: measuredSizes,
    floorSizes: sizes,
    product: roundSummary(summarize(targets[0].samples)),
    floor: roundSummary(summarize(targets[1].samples)),
    growth: await growthRun(args.url, year, growth, window),
  });
});

/** Growth: a fresh episode, the product alone, `commands` appeal:create one at a time; the first and the last `window`. */
async function growthRun(url: string, year: number, commands: number, window: number) {
  const live = await prepareLiveEpisode(url, ['operator'], year);
  const operator = await connectSocket(url, live.cookies.operator);
  const samples: number[] = [];
  const started = performance.now();
  for (let n = 0; n < commands; n++) {
    const t0 = performance.now();
    await ok(operator, 'appeal:create', appealPayload(live.episodeId, n));
    samples.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  for (const socket of [operator, live.admin]) socket.disconnect();
  return { commands, window, seconds, first: roundSummary(summarize(samples.slice(0, window))), last: roundSummary(summarize(samples.slice(-window))) };
}
