import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../../server/app';
import { redisStreamsAdapter } from '../../../server/cluster/redisAdapter';
import { createLogger } from '../../../server/logger';
import { LowdbStore } from '../../../server/store/lowdbStore';
import { PostgresStore } from '../../../server/store/postgres/postgresStore';
import type { Store } from '../../../server/store/store';
import { ADMIN_PASSWORD } from '../lib/benchConfig';
import { answerIpc, emit, options, runMain } from '../lib/childSide';

/**
 * The real server in its own process, built the way server/main.ts builds it (createApp over a
 * LowdbStore on `--data DIR`, or over a PostgresStore on `--database-url URL --schema NAME`, and
 * with `--redis-url URL --redis-stream NAME` a node of a cluster on the Redis Streams adapter), on a
 * free port of 127.0.0.1. Prints `{ bench: 'listening', url }` once it accepts connections, answers
 * IPC `{ type: 'heap' }` and `{ type: 'eventLoop' }` (the loop's delay since it started listening),
 * and closes cleanly on SIGTERM.
 * The login limit is raised: the bench logs in from one address far more often than a studio.
 */
runMain(
  async () => {
    const args = options();
    const dataDir = args.data;
    const databaseUrl = args['database-url'];
    if (!dataDir && !databaseUrl) throw new Error('--data or --database-url is required');
    const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
    const importedAt = performance.now();
    const store: Store = databaseUrl ? await PostgresStore.open({ connectionString: databaseUrl, schema: args.schema }) : new LowdbStore(dataDir);
    const redis = args['redis-url'] ? await redisStreamsAdapter(args['redis-url'], args['redis-stream'] ?? 'zhengfeng:bench', logger) : null;
    const app = await createApp({
      store,
      logger,
      config: {
        adminPassword: ADMIN_PASSWORD,
        loginAttemptsPer15Min: 100_000,
        clientDir: join(dataDir ?? tmpdir(), 'no-client'),
        cluster: redis ? { adapter: redis.adapter, sweepMs: Number(args['sweep-ms'] ?? 5_000), redisReady: redis.ready } : undefined,
      },
    });
    const builtAt = performance.now();
    const url = await app.listen(0, '127.0.0.1');
    // The event loop is watched from the moment it serves: loading the data before is the cold-start figure.
    answerIpc();
    process.once('SIGTERM', () => {
      app
        .close()
        .then(() => redis?.close())
        .finally(() => process.exit(0));
    });
    // performance.now() counts from the process start: module loading, then createApp (which loads the data).
    emit('listening', { url, modulesLoadedMs: importedAt, createAppMs: builtAt - importedAt, listeningMs: performance.now() });
  },
  { exitWhenDone: false },
);
