import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app';
import { createLogger } from '../../server/logger';
import { LowdbStore } from '../../server/store/lowdbStore';
import { PostgresStore } from '../../server/store/postgres/postgresStore';
import type { Store } from '../../server/store/store';
import { runTsx } from '../cli/cliHelpers';
import { commandId, connectWithCookie, login, ok, type ClientSocket } from '../helpers/testServer';
import { describeSkippedWithoutDatabase, testDatabaseUrl, TestSchema } from './pgTestDatabase';

const importCli = (args: string[], env: Record<string, string | undefined> = {}) => runTsx('server/cli/importLowdb.ts', args, env);
const ADMIN_PASSWORD = 'import-test-password';
const YEAR = { from: '2025-01-01', to: '2025-12-31' };

/** Everything a store holds, read through the interface: what must be the same on both sides. */
async function contentOf(store: Store) {
  const catalogue = await store.loadCatalogue();
  const states = (await store.loadEpisodeStates()).sort((a, b) => a.episode.id.localeCompare(b.episode.id));
  const histories = [];
  for (const state of states) histories.push(await store.loadEpisodeHistory(state.episode.id));
  return { catalogue, states, histories };
}

/** The real server on a store, on a free port, with an admin socket. */
async function serve(store: Store): Promise<{ app: App; admin: ClientSocket; stop(): Promise<void> }> {
  const app = await createApp({ store, logger: createLogger('silent'), config: { adminPassword: ADMIN_PASSWORD, clientDir: join(tmpdir(), 'no-client') } });
  const url = await app.listen(0, '127.0.0.1');
  const admin = await connectWithCookie(url, await login(url, 'admin', ADMIN_PASSWORD));
  return {
    app,
    admin,
    async stop() {
      admin.disconnect();
      await app.close();
    },
  };
}

describe('npm run import: arguments (no database needed)', () => {
  it('refuses to run without --from, without DATABASE_URL, or on a folder that is not a data folder, with exit code 2 and both languages', async () => {
    const noFrom = await importCli([], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(noFrom.code).toBe(2);
    expect(noFrom.stderr).toMatch(/缺少 --from[\s\S]*Missing --from/);

    const noUrl = await importCli(['--from', tmpdir()], { DATABASE_URL: '' });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/未设置 DATABASE_URL[\s\S]*DATABASE_URL \(the target database\) is not set/);

    const notOurs = await mkdtemp(join(tmpdir(), 'zfrx-not-data-'));
    const wrong = await importCli(['--from', notOurs], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    await rm(notOurs, { recursive: true, force: true });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/不是政风热线数据目录[\s\S]*not a hotline data folder/);
  });

  it('npm run migrate without DATABASE_URL says what to set, with exit code 2', async () => {
    const result = await runTsx('server/cli/migrate.ts', [], { DATABASE_URL: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/未设置 DATABASE_URL[\s\S]*DATABASE_URL is not set/);
  });
});

const url = testDatabaseUrl('importLowdb.test.ts');

if (!url) {
  describeSkippedWithoutDatabase('npm run import into PostgreSQL (DATABASE_URL not set)');
} else {
  describe('npm run import into PostgreSQL', () => {
    const schema = new TestSchema(url);
    const env = { DATABASE_URL: url, DATABASE_SCHEMA: schema.name };
    let dataDir: string;
    let firstRun: Awaited<ReturnType<typeof importCli>>;

    beforeAll(async () => {
      dataDir = join(await mkdtemp(join(tmpdir(), 'zfrx-import-')), 'data');
      // A small year made by the product itself, through the same commands the screens send.
      const demo = await runTsx('server/cli/demoYear.ts', ['--year', '2025', '--scale', '0.02', '--data', dataDir, '--quiet'], { ADMIN_PASSWORD });
      expect(demo.code, demo.stderr).toBe(0);
      await schema.create();
      firstRun = await importCli(['--from', dataDir], env);
    }, 60_000);

    afterAll(async () => {
      await schema.drop();
      await rm(join(dataDir, '..'), { recursive: true, force: true });
    });

    it('copies the folder whole: the same catalogue, every episode’s state and its whole history, and the count table agrees', async () => {
      expect(firstRun.code, firstRun.stderr).toBe(0);
      const source = new LowdbStore(dataDir);
      const target = await PostgresStore.open({ connectionString: url, schema: schema.name });
      try {
        const from = await contentOf(source);
        const to = await contentOf(target);
        expect(from.states.length).toBeGreaterThan(2);
        expect(to).toEqual(from);

        const expected = {
          episodes: from.states.length,
          events: from.histories.reduce((n, h) => n + h.events.length, 0),
          appeals: from.states.reduce((n, s) => n + s.appealOrder.length, 0),
          records: from.histories.reduce((n, h) => n + Object.keys(h.commands).length, 0),
        };
        const table = firstRun.stdout.toString('utf8');
        for (const [label, value] of [
          ['节目 episodes', expected.episodes],
          ['事件 events', expected.events],
          ['诉求 appeals', expected.appeals],
          ['命令记录 command records', expected.records],
        ] as const) {
          expect(table).toMatch(new RegExp(`${label}\\s+${value}\\s+${value}\\n`));
        }
        expect(table).not.toMatch(/不一致/);
        expect(firstRun.stderr).toMatch(/导入 importing \d+\/\d+/);
      } finally {
        await Promise.all([source.close(), target.close()]);
      }
    });

    it('refuses a second import into the database that now holds episodes, exit code 2, and writes nothing', async () => {
      const before = await schema.pool.query(`SELECT (SELECT count(*) FROM ${schema.name}.episode_events) AS events, (SELECT version FROM ${schema.name}.catalogue) AS version`);
      const again = await importCli(['--from', dataDir, '--quiet'], env);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/不是空的[\s\S]*is not empty/);
      const after = await schema.pool.query(`SELECT (SELECT count(*) FROM ${schema.name}.episode_events) AS events, (SELECT version FROM ${schema.name}.catalogue) AS version`);
      expect(after.rows).toEqual(before.rows);
    });

    it('a server on the imported database answers reports:summary and the annual table exactly as the server on the folder', async () => {
      const onFolder = await serve(new LowdbStore(dataDir));
      const onDatabase = await serve(await PostgresStore.open({ connectionString: url, schema: schema.name }));
      try {
        const fromFolder = await ok(onFolder.admin, 'reports:summary', YEAR);
        const fromDatabase = await ok(onDatabase.admin, 'reports:summary', YEAR);
        expect(fromFolder.total.received).toBeGreaterThan(0);
        expect(fromDatabase).toEqual(fromFolder);
        expect(await ok(onDatabase.admin, 'reports:annual', { year: 2025 })).toEqual(await ok(onFolder.admin, 'reports:annual', { year: 2025 }));
        expect(onDatabase.app.studio.summaries()).toEqual(onFolder.app.studio.summaries());
      } finally {
        await Promise.all([onFolder.stop(), onDatabase.stop()]);
      }
    });

    it('the server on the imported database goes on writing: a new unit and a newly planned episode are there after a restart', async () => {
      const first = await serve(await PostgresStore.open({ connectionString: url, schema: schema.name }));
      let episodeId: string;
      try {
        const { unit } = await ok(first.admin, 'unit:save', { commandId: commandId(), name: '市导入测试局', kind: 'department', level: '市级' });
        const { person } = await ok(first.admin, 'person:save', { commandId: commandId(), name: '钱导入', title: '局长', unitId: unit.id, principal: true });
        const planned = await ok(first.admin, 'episode:plan', {
          commandId: commandId(),
          date: '2026-01-20',
          slot: { start: '09:00', end: '10:00' },
          theme: '导入之后的新节目',
          host: '李然',
          unitIds: [unit.id],
          leaderIds: [person.id],
        });
        episodeId = planned.episode.id;
      } finally {
        await first.stop();
      }
      const second = await serve(await PostgresStore.open({ connectionString: url, schema: schema.name }));
      try {
        expect(Object.values(second.app.catalogue.data.units).map((u) => u.name)).toContain('市导入测试局');
        expect(second.app.studio.state(episodeId).episode.theme).toBe('导入之后的新节目');
      } finally {
        await second.stop();
      }
    });
  });
}
