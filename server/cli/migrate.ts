import pg from 'pg';
import { readEnv } from '../config';
import { databaseLabel } from '../store/postgres/databaseLabel';
import { migrate, readMigrations } from '../store/postgres/migrate';
import { parseCliArgs, runCli, UsageError } from './cliSupport';

/**
 * `npm run migrate`: bring the PostgreSQL schema at DATABASE_URL (DATABASE_SCHEMA, default public)
 * up to date. The server does the same at start-up; this is for doing it ahead, by hand or in a
 * deployment step, and seeing what was applied.
 */
const SHORT_USAGE = '用法 usage: DATABASE_URL=postgres://… [DATABASE_SCHEMA=public] npm run migrate';

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2), { help: { type: 'boolean', short: 'h' } });
  if (args.help) {
    process.stdout.write(`${SHORT_USAGE}\n  把数据库结构升级到当前版本（服务启动时也会自动执行） / brings the database schema up to date (the server also does this at start)\n`);
    return;
  }
  const env = readEnv(process.env);
  if (!env.databaseUrl) throw new UsageError('未设置 DATABASE_URL，例如 DATABASE_URL=postgres://user@127.0.0.1:5432/hotline', 'DATABASE_URL is not set, e.g. DATABASE_URL=postgres://user@127.0.0.1:5432/hotline');
  const label = `${databaseLabel(env.databaseUrl)}（schema ${env.databaseSchema}）`;
  const pool = new pg.Pool({ connectionString: env.databaseUrl, max: 1, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  try {
    const applied = await migrate(pool, env.databaseSchema);
    const known = (await readMigrations()).length;
    const lines = applied.length
      ? [`已应用 ${applied.length} 个迁移到 ${label}`, `applied ${applied.length} migration(s) to ${label}:`, ...applied.map((name) => `  ${name}`)]
      : [`${label} 已是最新（共 ${known} 个迁移），无需变更`, `${label} is up to date (${known} migrations), nothing to apply`];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await pool.end();
  }
}

runCli(main, SHORT_USAGE);
