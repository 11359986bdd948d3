import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { emit, options, runMain } from '../lib/childSide';
import { listFiles } from '../lib/files';
import { appealPayload, commandId, connectSocket, ok, prepareLiveEpisode } from '../lib/productClient';
import { roundSummary, summarize } from '../lib/stats';

/**
 * Scenario 1, the measuring side: an operator's appeal:create, one at a time, each timed from emit
 * to ack, against the product (`--url`, data folder `--data`), the append floor (`--floor-append`:
 * append + fdatasync, what the product's store does) and the two rewrite floors (`--floor`,
 * `--floor-largest`: temp file, fsync, rename), interleaved request by request in a rotating order,
 * so that a noisy neighbour on a shared machine slows all four alike and the ratios hold.
 *
 * The floors must write what the product writes per command. The bench does not know the store's
 * format, so it measures the data folder around the product's warm-up: per command, the file that
 * grew the most and by how much (the append; the median over the warm-up, so an occasional
 * checkpoint does not count) for `--floor-append`; the folder's total growth per appeal for
 * `--floor`; the largest file for `--floor-largest`. The floors are told the sizes then; the growth
 * over the measured run is reported too.
 */
type Send = (n: number) => Promise<void>;

function floorSender(socket: Socket, bytes: () => number, episodeId: string): Send {
  return async (n) => {
    const response = await socket.timeout(60_000).emitWithAck('write', { bytes: bytes(), payload: appealPayload(episodeId, n, commandId()) });
    if (!response?.ok) throw new Error('floor write failed');
  };
}

runMain(async () => {
  const args = options();
  const warmup = Number(args.warmup ?? 20);
  const count = Number(args.count ?? 100);
  const dataDir = args.data;

  const live = await prepareLiveEpisode(args.url, ['operator'], Number(args.year));
  const operator = await connectSocket(args.url, live.cookies.operator);
  const product: Send = async (n) => {
    await ok(operator, 'appeal:create', appealPayload(live.episodeId, n));
  };

  // Warm-up of the product, and what its folder grows by per appeal: in all, and in the one file
  // that grows the most per command (the append).
  await product(0);
  const sizes = (files: Array<{ path: string; size: number }>) => new Map(files.map((f) => [f.path, f.size]));
  let previous = await listFiles(dataDir);
  const warmStart = previous.reduce((s, f) => s + f.size, 0);
  const appends: number[] = [];
  for (let n = 1; n <= warmup; n++) {
    await product(n);
    const now = await listFiles(dataDir);
    const was = sizes(previous);
    appends.push(Math.max(0, ...now.map((f) => f.size - (was.get(f.path) ?? 0))));
    previous = now;
  }
  const warmFiles = previous;
  const growth = Math.max(1, Math.round((warmFiles.reduce((s, f) => s + f.size, 0) - warmStart) / warmup));
  const largest = Math.max(...warmFiles.map((f) => f.size));
  const appendBytes = Math.max(1, summarize(appends).p50);

  const targets: Array<{ name: string; send: Send; samples: number[] }> = [
    { name: 'product', send: product, samples: [] },
    { name: 'floorAppend', send: floorSender(await connectSocket<Socket>(args['floor-append']), () => appendBytes, live.episodeId), samples: [] },
    { name: 'floor', send: floorSender(await connectSocket<Socket>(args.floor), () => growth, live.episodeId), samples: [] },
    { name: 'floorLargest', send: floorSender(await connectSocket<Socket>(args['floor-largest']), () => largest, live.episodeId), samples: [] },
  ];
  for (const target of targets.slice(1)) for (let n = 0; n < warmup; n++) await target.send(n);

  const beforeFiles = await listFiles(dataDir);
  const before = beforeFiles.reduce((s, f) => s + f.size, 0);
  for (let n = 0; n < count; n++) {
    for (let k = 0; k < targets.length; k++) {
      const target = targets[(n + k) % targets.length];
      const t0 = performance.now();
      await target.send(warmup + 1 + n);
      target.samples.push(performance.now() - t0);
    }
  }
  const after = await listFiles(dataDir);
  const afterBytes = after.reduce((s, f) => s + f.size, 0);
  const was = sizes(beforeFiles);
  const mostGrown = Math.max(0, ...after.map((f) => f.size - (was.get(f.path) ?? 0)));
  emit('result', {
    count,
    warmup,
    floorAppendBytes: appendBytes,
    appendBytesSeen: summarize(appends),
    floorBytes: growth,
    floorLargestBytes: largest,
    appendPerAppealMeasured: Math.round(mostGrown / count),
    growthPerAppealMeasured: Math.round((afterBytes - before) / count),
    largestFileAfter: Math.max(...after.map((f) => f.size)),
    bytesBefore: before,
    bytesAfter: afterBytes,
    product: roundSummary(summarize(targets[0].samples)),
    floorAppend: roundSummary(summarize(targets[1].samples)),
    floor: roundSummary(summarize(targets[2].samples)),
    floorLargest: roundSummary(summarize(targets[3].samples)),
  });
});
