import { performance } from 'node:perf_hooks';
import { emit, options, runMain } from '../lib/childSide';
import { appealPayload, connectMany, ok, prepareLiveEpisode } from '../lib/productClient';

/**
 * Scenario pg-large's data: one live episode of `--count` appeals made through the product's own
 * commands (`--operators` sockets sending appeal:create as fast as acks return), on `--url`. Prints
 * the episode's id. Not a measured figure.
 */
runMain(async () => {
  const args = options();
  const count = Number(args.count ?? 10_000);
  const operators = Number(args.operators ?? 20);
  const started = performance.now();
  const live = await prepareLiveEpisode(args.url, ['operator'], Number(args.year));
  const sockets = await connectMany(args.url, operators, () => live.cookies.operator);
  let next = 0;
  await Promise.all(
    sockets.map(async (socket) => {
      while (next < count) await ok(socket, 'appeal:create', appealPayload(live.episodeId, next++));
    }),
  );
  for (const socket of [...sockets, live.admin]) socket.disconnect();
  emit('result', { episodeId: live.episodeId, appeals: count, seconds: (performance.now() - started) / 1000 });
});
