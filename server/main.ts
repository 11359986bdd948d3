import { createApp } from './app';
import { readEnv } from './config';
import { redisStreamsAdapter } from './cluster/redisAdapter';
import { createLogger } from './logger';
import { LowdbStore } from './store/lowdbStore';
import { databaseLabel } from './store/postgres/databaseLabel';
import { PostgresStore } from './store/postgres/postgresStore';
import type { Store } from './store/store';

/** `npm start`: the embedded lowdb store under DATA_DIR (or PostgreSQL when DATABASE_URL is set), the built client, one port. */
async function main(): Promise<void> {
  const env = readEnv();
  const logger = createLogger();
  const store: Store = env.databaseUrl
    ? await PostgresStore.open({ connectionString: env.databaseUrl, schema: env.databaseSchema, onConnectionError: (err) => logger.warn({ err }, 'postgres connection lost') })
    : new LowdbStore(env.dataDir);
  if (env.redisUrl && !env.databaseUrl) throw new Error('REDIS_URL 需要与 DATABASE_URL 一起设置：多个节点必须共用一个 PostgreSQL (REDIS_URL needs DATABASE_URL: nodes must share one PostgreSQL store)');
  const shared = env.redisUrl ? await redisStreamsAdapter(env.redisUrl, env.redisStream, logger) : null;
  const cluster = shared ? { adapter: shared.adapter, sweepMs: env.clusterSweepMs, redisReady: shared.ready } : undefined;
  const app = await createApp({
    store,
    logger,
    config: { adminPassword: env.adminPassword, secureCookies: env.secureCookies, trustProxy: env.trustProxy, minFreeMb: env.minFreeMb, clientDir: env.clientDir, cluster, metrics: env.metrics, passwordMinLength: env.passwordMinLength, forcePasswordChange: env.forcePasswordChange, idleMinutes: env.idleMinutes },
  });
  const url = await app.listen(env.port, env.host);
  const lines = [``, `政风热线直播台 已启动: ${url}`, env.databaseUrl ? `存储 store: PostgreSQL ${databaseLabel(env.databaseUrl)}（schema ${env.databaseSchema}）` : `存储 store: lowdb，数据目录 data folder: ${env.dataDir}`];
  if (shared) lines.push(`多节点 cluster: 通过 Redis Streams 与其他节点共享广播 (${env.redisStream})`);
  const damaged = store.damaged?.() ?? [];
  if (damaged.length) {
    lines.push(`注意: 启动时发现 ${damaged.length} 个受损文件，已隔离保存（未删除），其余节目照常可用：`);
    for (const d of damaged) lines.push(`  ${d.file}（第 ${d.offset} 字节）: ${d.problem} ${d.action}`);
  }
  if (app.bootstrap.adminCreated) {
    lines.push(
      app.bootstrap.generatedPassword
        ? `首次启动，已创建管理员账号 admin，密码（只显示这一次）: ${app.bootstrap.generatedPassword}` + (env.forcePasswordChange ? '（首次登录后须修改密码）' : '')
        : '首次启动，已创建管理员账号 admin，密码为 ADMIN_PASSWORD 的值。',
    );
  } else {
    lines.push('登录: 用已有账号登录（管理员用户名 admin）。');
  }
  console.log(lines.join('\n') + '\n');
  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.close();
    await shared?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error('启动失败 start failed:', error);
  process.exit(1);
});
