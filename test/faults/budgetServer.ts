import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../../server/app';
import { createLogger } from '../../server/logger';
import { snapshotEncodings } from '../../server/realtime/snapshotCache';
import { LowdbStore } from '../../server/store/lowdbStore';

/**
 * The real server in its own process for the hostile-client test, so its memory is measured apart
 * from the test's clients. Driven over IPC: `memory` (after GC), `peak` sampling of the RSS,
 * `counters`, and `seed` (many large appeals through the studio service itself, which is much
 * faster than a socket and still broadcasts every one). Run with `--expose-gc`.
 */
type Request =
  | { id: number; type: 'memory' }
  | { id: number; type: 'peak'; on: boolean }
  | { id: number; type: 'counters' }
  | { id: number; type: 'loopDelay'; on: boolean }
  | { id: number; type: 'seed'; episodeId: string; count: number; summaryLength: number };

async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR!;
  const app = await createApp({
    store: new LowdbStore(dataDir),
    logger: createLogger(process.env.LOG_LEVEL ?? 'error'),
    config: { adminPassword: process.env.ADMIN_PASSWORD, loginAttemptsPer15Min: 100_000, clientDir: join(dataDir, 'no-client') },
  });
  const url = await app.listen(0, '127.0.0.1');
  let peak = 0;
  let sampler: NodeJS.Timeout | null = null;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const gc = () => (globalThis as { gc?: () => void }).gc?.();
  const memory = () => {
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
  };

  process.on('message', async (request: Request) => {
    const reply = (data: unknown) => process.send!({ id: request.id, data });
    if ((request as { type: string }).type === 'exit') process.exit(0);
    if (request.type === 'memory') {
      gc();
      gc();
      return reply(memory());
    }
    if (request.type === 'peak') {
      if (request.on) {
        peak = process.memoryUsage().rss;
        sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
        return reply(peak);
      }
      if (sampler) clearInterval(sampler);
      return reply(Math.max(peak, process.memoryUsage().rss));
    }
    if (request.type === 'loopDelay') {
      if (request.on) {
        loop.reset();
        loop.enable();
        return reply(null);
      }
      loop.disable();
      return reply({ maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6 });
    }
    if (request.type === 'counters') {
      const sockets = [...app.io.of('/').sockets.values()];
      return reply({
        snapshotBuilds: app.studio.snapshots.builds,
        encodings: snapshotEncodings.count,
        sockets: sockets.length,
        screens: sockets.filter((s) => s.data.role === 'screen').length,
      });
    }
    if (request.type === 'seed') {
      const text = '小区电梯长期故障物业不维修居民出行十分困难希望有关部门尽快协调解决'.repeat(100).slice(0, request.summaryLength);
      const actor = { accountId: 'seed', name: '导播', role: 'operator' as const };
      const jobs: Promise<unknown>[] = [];
      for (let i = 0; i < request.count; i++) {
        const commandId = `seed-${request.id}-${i}-${Date.now()}`;
        const input = {
          commandId,
          episodeId: request.episodeId,
          channel: 'hotline' as const,
          caller: { anonymous: false, name: '王建华', title: '先生' as const, phone: '13812341234' },
          area: '云龙区',
          category: '物业管理',
          targetUnitId: null,
          summary: `${i}${text}`.slice(0, request.summaryLength),
          operatorNotes: '',
        };
        jobs.push(app.studio.createAppeal(input as never, { command: 'appeal:create', commandId, fingerprint: commandId, actor, at: new Date().toISOString() }));
        // A few hundred at a time: the way a busy switchboard arrives, and each batch is one group commit.
        if (jobs.length >= 200) await Promise.all(jobs.splice(0));
      }
      await Promise.all(jobs);
      return reply({ seq: app.studio.state(request.episodeId).seq });
    }
  });
  process.send!({ ready: url });
}

main().catch((error) => {
  console.error('budgetServer failed:', error);
  process.exit(1);
});
