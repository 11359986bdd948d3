import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../../server/app';
import { createLogger } from '../../../server/logger';
import { LowdbStore } from '../../../server/store/lowdbStore';
import { ADMIN_PASSWORD } from '../lib/benchConfig';
import { answerIpc, emit, options, runMain } from '../lib/childSide';

/**
 * The real server in its own process, built the way server/main.ts builds it (createApp over a
 * LowdbStore on `--data DIR`), on a free port of 127.0.0.1. Prints `{ bench: 'listening', url }`
 * once it accepts connections, answers IPC `{ type: 'heap' }` and `{ type: 'eventLoop' }` (the loop's
 * delay since it started listening), and closes cleanly on SIGTERM.
 * The login limit is raised: the bench logs in from one address far more often than a studio.
 */
runMain(
  async () => {
    const dataDir = options().data;
    if (!dataDir) throw new Error('--data is required');
    const importedAt = performance.now();
    const store = new LowdbStore(dataDir);
    const app = await createApp({
      store,
      logger: createLogger(process.env.LOG_LEVEL ?? 'warn'),
      config: { adminPassword: ADMIN_PASSWORD, loginAttemptsPer15Min: 100_000, clientDir: join(dataDir, 'no-client') },
    });
    const builtAt = performance.now();
    const url = await app.listen(0, '127.0.0.1');
    // The event loop is watched from the moment it serves: loading the data before is the cold-start figure.
    answerIpc();
    process.once('SIGTERM', () => {
      app.close().finally(() => process.exit(0));
    });
    // performance.now() counts from the process start: module loading, then createApp (which loads the data).
    emit('listening', { url, modulesLoadedMs: importedAt, createAppMs: builtAt - importedAt, listeningMs: performance.now() });
  },
  { exitWhenDone: false },
);
