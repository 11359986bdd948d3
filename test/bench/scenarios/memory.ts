import { join } from 'node:path';
import { BenchProcess, stopAll } from '../lib/benchProcess';
import { emptyFolder, scratchCopy } from '../lib/files';
import { row, type Row } from '../lib/results';
import { eventLoopRows, kB, lastYear, startServer, workDir, type ScenarioContext, type ScenarioResult } from './common';

/**
 * 5. Memory: the server's heap after a full gc (asked over IPC), read between steps:
 *   empty folder → heap E;  data folder → heap D;  after the studio setup → heap S;
 *   with N sockets logged in and subscribed → heap C.
 * Per client = (C − S) / N, against the same formula on a bare Socket.IO server with N sockets.
 * Per appeal = (D − E) / appeals, against the bytes the folder holds per appeal (JSON on disk).
 */
const SCENARIO = '5 memory';

async function heapUsed(proc: BenchProcess): Promise<{ heapUsed: number; rss: number }> {
  const reply = await proc.request({ type: 'heap' });
  if (reply.error) throw new Error(reply.error);
  return reply;
}

/** Heap of `server` before and after `clients` sockets connect through a memoryClient. */
async function withClients(server: BenchProcess, url: string, target: 'product' | 'floor', clients: number, year: number) {
  const client = new BenchProcess(`memory ${target} client`, 'processes/memoryClient.ts', ['--target', target, '--url', url, '--clients', String(clients), '--year', String(year)]);
  try {
    await client.line('ready', 5 * 60_000);
    const before = await heapUsed(server);
    const { connected, error } = await client.request({ type: 'connect' }, 10 * 60_000);
    if (error) throw new Error(error);
    const after = await heapUsed(server);
    return { connected, before, after, perClient: (after.heapUsed - before.heapUsed) / connected };
  } finally {
    await client.kill();
  }
}

export async function memory(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { data: spec, clients } = ctx.settings.memory;
  const data = await ctx.data(spec);
  const year = lastYear(spec);

  const emptyDir = workDir('memory-empty');
  await emptyFolder(emptyDir);
  const empty = await startServer('product server (empty)', 'processes/productServer.ts', ['--data', emptyDir]);
  let emptyHeap: { heapUsed: number; rss: number };
  try {
    emptyHeap = await heapUsed(empty.proc);
  } finally {
    await stopAll(empty.proc);
  }

  const dataDir = join(workDir('memory'), 'data');
  await scratchCopy(data.dir, dataDir);
  ctx.log(`  product: ${data.appeals} appeals loaded, then ${clients} sockets`);
  const server = await startServer('product server', 'processes/productServer.ts', ['--data', dataDir]);
  let dataHeap: { heapUsed: number; rss: number };
  let product: Awaited<ReturnType<typeof withClients>>;
  let loop: Row[] = [];
  try {
    dataHeap = await heapUsed(server.proc);
    product = await withClients(server.proc, server.url, 'product', clients, year);
    loop = await eventLoopRows(SCENARIO, server);
  } finally {
    await stopAll(server.proc);
  }

  ctx.log(`  floor: bare Socket.IO server with ${clients} sockets`);
  const bare = await startServer('bare socket.io', 'floors/broadcastServer.ts', []);
  let floor: Awaited<ReturnType<typeof withClients>>;
  try {
    floor = await withClients(bare.proc, bare.url, 'floor', clients, year);
  } finally {
    await stopAll(bare.proc);
  }

  const perAppeal = (dataHeap.heapUsed - emptyHeap.heapUsed) / data.appeals;
  const diskPerAppeal = data.bytes / data.appeals;
  const MB = (bytes: number) => bytes / 1e6;
  const rows: Row[] = [
    row(SCENARIO, `heap per connected client (${clients})`, 'kB', kB(product.perClient), kB(floor.perClient), 'ratio reported'),
    row(SCENARIO, `heap per appeal (${data.appeals} appeals loaded)`, 'B', perAppeal, diskPerAppeal, '', { floorName: 'JSON on disk per appeal' }),
    row(SCENARIO, `server heap with data + ${clients} clients`, 'MB', MB(product.after.heapUsed), MB(floor.after.heapUsed), '', { floorName: 'bare server, same clients' }),
    row(SCENARIO, 'server heap with the data, no clients', 'MB', MB(dataHeap.heapUsed), MB(emptyHeap.heapUsed), '', { floorName: 'product on an empty folder' }),
    ...loop,
  ];
  return {
    rows,
    details: { data: { ...data.spec, episodes: data.episodes, appeals: data.appeals, bytes: data.bytes }, clients, emptyHeap, dataHeap, product, floor, perAppealBytes: perAppeal, diskBytesPerAppeal: diskPerAppeal },
  };
}
