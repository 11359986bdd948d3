import { resolve } from 'node:path';
import { idleMinutesFromEnv, passwordMinLengthFromEnv } from './auth/accountPolicy';

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
    /** GET /metrics: a bearer token for the scraper, and/or addresses or CIDR ranges let in without one. Neither: closed. */
    metrics: { token: env.METRICS_TOKEN || undefined, allow: (env.METRICS_ALLOW ?? '').split(',').filter((entry) => entry.trim()) },
    /** Account policy (docs/operations.md §5): minimum password length (≥ 8, default 10). */
    passwordMinLength: passwordMinLengthFromEnv(env),
    /** Generated and admin-set passwords must be changed at first login; FORCE_PASSWORD_CHANGE=false turns it off. */
    forcePasswordChange: env.FORCE_PASSWORD_CHANGE?.trim() !== 'false',
    /** Idle minutes per role before a session ends (SESSION_IDLE_MINUTES_ADMIN… ; 0: never). */
    idleMinutes: idleMinutesFromEnv(env),
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
