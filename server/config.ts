import { resolve } from 'node:path';

/** Settings read from the environment by the entry points; nothing else reads process.env. */
export function readEnv(env: NodeJS.ProcessEnv = process.env) {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    /** Set: the PostgreSQL store (several nodes may share it) instead of the lowdb folder. */
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.DATABASE_SCHEMA || 'public',
    /** Set (with DATABASE_URL): this node shares broadcasts with the other nodes through Redis Streams. */
    redisUrl: env.REDIS_URL || undefined,
    redisStream: env.REDIS_STREAM || 'zhengfeng:socket.io',
    clusterSweepMs: Number(env.CLUSTER_SWEEP_MS ?? 5_000),
    adminPassword: env.ADMIN_PASSWORD || undefined,
    secureCookies: env.SECURE_COOKIES === 'true',
    clientDir: resolve(env.CLIENT_DIR ?? 'dist/client'),
  };
}
