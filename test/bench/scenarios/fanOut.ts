import { stopAll } from '../lib/benchProcess';
import { emptyFolder } from '../lib/files';
import { row, type Row } from '../lib/results';
import { eventLoopRows, runClient, startServer, workDir, type ScenarioContext, type ScenarioResult, type Started } from './common';

/**
 * 2. Fan-out: one appeal:create reaching N connected big screens and leader panels, against a bare
 * Socket.IO server broadcasting the same payload (the product's own event object) to N sockets; a
 * reference row compares with a flat object of the same byte size, which clients parse faster. Both
 * servers run side by side and the client alternates between them. The product's event leaves only
 * after its write is durable (its promise), so its latency includes one commit; the main floor has
 * none, and a second floor row (same server) appends the event and fdatasyncs it before
 * broadcasting, as the product does. Fresh folder: the audience does not depend on history.
 */
const SCENARIO = '2 fan-out';

export async function fanOut(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { clients: counts, warmup, commands } = ctx.settings.fanOut;
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  for (const clients of counts) {
    const dataDir = workDir(`fan-out-${clients}`);
    const floorDir = workDir(`fan-out-${clients}-floor`);
    await emptyFolder(dataDir);
    await emptyFolder(floorDir);
    ctx.log(`  ${clients} clients on each of product and floor, ${warmup} warm-up + ${commands} events each`);
    let server: Started | undefined;
    let bare: Started | undefined;
    let result: Record<string, any>;
    let loop: Row[] = [];
    try {
      server = await startServer('product server', 'processes/productServer.ts', ['--data', dataDir]);
      bare = await startServer('broadcast floor', 'floors/broadcastServer.ts', ['--dir', floorDir]);
      result = await runClient('fan-out client', 'processes/fanOutClient.ts', [
        '--url', server.url, '--floor', bare.url, '--year', String(new Date().getFullYear()),
        '--clients', String(clients), '--warmup', String(warmup), '--commands', String(commands),
      ]);
      loop = await eventLoopRows(SCENARIO, server, bare);
    } finally {
      await stopAll(server?.proc, bare?.proc);
    }
    const { product: p, floor: f, durableFloor: d, flatFloor: flat } = result;
    const durableName = 'append + fdatasync, then broadcast';
    const label = `${clients} clients`;
    const stretch = clients > 200 ? ' (stretch)' : '';
    rows.push(
      row(SCENARIO, `${label}: send→receipt p99${stretch}`, 'ms', p.latency.p99, f.latency.p99, '≤ 1.5×'),
      row(SCENARIO, `${label}: send→receipt p50`, 'ms', p.latency.p50, f.latency.p50),
      row(SCENARIO, `${label}: spread first→last receipt p99`, 'ms', p.spread.p99, f.spread.p99),
      row(SCENARIO, `${label}: trigger ack p50`, 'ms', p.ack.p50, f.ack.p50),
      row(SCENARIO, `${label}: send→receipt p50 vs floor committing first`, 'ms', p.latency.p50, d.latency.p50, '', { floorName: durableName }),
      row(SCENARIO, `${label}: send→receipt p99 vs floor committing first`, 'ms', p.latency.p99, d.latency.p99, '', { floorName: durableName }),
      row(SCENARIO, `${label}: trigger ack p50 vs floor committing first`, 'ms', p.ack.p50, d.ack.p50, '', { floorName: durableName }),
      row(SCENARIO, `${label}: send→receipt p99 vs a flat payload of the same size`, 'ms', p.latency.p99, flat.latency.p99),
      ...loop.map((r) => ({ ...r, figure: `${label}: ${r.figure}` })),
    );
    ctx.log(`  event ${p.eventBytes} B (floor sent ${f.eventBytes} B)`);
    details[label] = result;
  }
  return { rows, details };
}
