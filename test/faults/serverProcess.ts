import { join } from 'node:path';
import { createApp } from '../../server/app';
import { createLogger } from '../../server/logger';
import { LowdbStore } from '../../server/store/lowdbStore';

/**
 * The real server in its own process, for the process-kill fault test: createApp on a LowdbStore
 * over DATA_DIR, listening on 127.0.0.1:PORT; prints READY once it listens. Killed with SIGKILL.
 */
async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR;
  const port = Number(process.env.PORT);
  if (!dataDir || !port) throw new Error('DATA_DIR and PORT are required');
  const store = new LowdbStore(dataDir);
  const app = await createApp({
    store,
    logger: createLogger(process.env.LOG_LEVEL ?? 'warn'),
    config: { adminPassword: process.env.ADMIN_PASSWORD, loginAttemptsPer15Min: 100_000, clientDir: join(dataDir, 'no-client') },
  });
  const url = await app.listen(port, '127.0.0.1');
  console.log(`READY ${url}`);
}

main().catch((error) => {
  console.error('serverProcess failed:', error);
  process.exit(1);
});
