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
    /** Unset: trust no proxy (X-Forwarded-For ignored). Otherwise express's 'trust proxy': `loopback`, `1`, a CIDR list… */
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    /** /readyz fails below this much free space in the data folder (MB; default 512, or 5% of a smaller disk). */
    minFreeMb: env.MIN_FREE_MB ? Number(env.MIN_FREE_MB) : undefined,
    clientDir: resolve(env.CLIENT_DIR ?? 'dist/client'),
  };
}

/** TRUST_PROXY as express wants it: a hop count stays a number ("1" → 1), true/false as booleans, anything else as given. */
export function parseTrustProxy(value: string | undefined): boolean | number | string {
  const text = value?.trim();
  if (!text || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  return text;
}
