import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { emit, options, runMain } from '../lib/childSide';
import { appealPayload, commandId, connectMany, prepareLiveEpisode } from '../lib/productClient';
import { roundSummary, summarize } from '../lib/stats';

/**
 * Scenario 3, the measuring side: `--operators N` sockets, each sending the next appeal:create the
 * moment its ack returns, for `--seconds S`. The rate counts acks that arrived inside the window;
 * every acked command (also those answered just after it) goes to `--out FILE` as
 * `{ commandId, appealId }` for the durability check after the restart.
 * `--target product`: one operator session shared by the sockets, on a fresh live episode.
 * `--target naive --episode ID`: the one-lowdb-file baseline, same payloads.
 * `--target floor --episode ID`: the group-commit floor (floors/groupCommitServer.ts), same payloads.
 */
runMain(async () => {
  const args = options();
  const operators = Number(args.operators ?? 20);
  const seconds = Number(args.seconds ?? 3);
  let episodeId = args.episode;
  let sockets: Socket[];
  if (args.target === 'product') {
    const live = await prepareLiveEpisode(args.url, ['operator'], Number(args.year));
    episodeId = live.episodeId;
    sockets = await connectMany<Socket>(args.url, operators, () => live.cookies.operator);
  } else {
    sockets = await connectMany<Socket>(args.url, operators, () => undefined);
  }

  const acked: Array<{ commandId: string; appealId: string }> = [];
  const latencies: number[] = [];
  let inWindow = 0;
  let refused = 0;
  let firstRefusal: unknown = null;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    sockets.map(async (socket, lane) => {
      for (let n = 0; performance.now() < end; n++) {
        const id = commandId();
        const t0 = performance.now();
        const response = await socket.timeout(60_000).emitWithAck('appeal:create', appealPayload(episodeId, lane * 1_000_000 + n, id));
        const t1 = performance.now();
        if (response?.ok) {
          acked.push({ commandId: id, appealId: response.data.appeal.id });
          latencies.push(t1 - t0);
          if (t1 <= end) inWindow += 1;
        } else {
          refused += 1;
          firstRefusal ??= response?.error;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await writeFile(args.out, JSON.stringify(acked));
  for (const socket of sockets) socket.disconnect();
  emit('result', {
    operators,
    seconds,
    elapsed,
    episodeId,
    acked: acked.length,
    ackedInWindow: inWindow,
    perSecond: inWindow / seconds,
    refused,
    firstRefusal,
    ackLatency: roundSummary(summarize(latencies)),
  });
});
