import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createLogger } from '../../server/logger';
import { checkDataFolder } from '../../server/store/folderCheck';
import { LowdbStore } from '../../server/store/lowdbStore';
import { PostgresStore } from '../../server/store/postgres/postgresStore';
import { appealInput, commandId, connectWithCookie, login, ok, type ClientSocket } from '../helpers/testServer';
import { describeSkippedWithoutDatabase, testDatabaseUrl, TestSchema } from '../store/pgTestDatabase';
import { runTsx } from './cliHelpers';

const url = testDatabaseUrl('backupPostgres.test.ts');
const ADMIN_PASSWORD = 'backup-pg-password';

if (!url) describeSkippedWithoutDatabase('npm run backup on PostgreSQL');
else
  describe('npm run backup on PostgreSQL (DATABASE_URL, no --data)', () => {
    const schema = new TestSchema(url);
    let root: string;
    beforeAll(async () => {
      await schema.create();
      root = await mkdtemp(join(tmpdir(), 'zfrx-backup-pg-'));
    });
    afterAll(async () => {
      await schema.drop();
      await rm(root, { recursive: true, force: true });
    });

    it('copies the live database into one archive that restores into a folder holding every appeal acknowledged before the backup began', async () => {
      const store = await PostgresStore.open({ connectionString: url, schema: schema.name });
      const app = await createApp({ store, logger: createLogger('silent'), config: { adminPassword: ADMIN_PASSWORD, loginAttemptsPer15Min: 1000, clientDir: join(root, 'no-client') } });
      const address = await app.listen(0, '127.0.0.1');
      const sockets: ClientSocket[] = [];
      let running = true;
      const acked: Array<{ episodeId: string; appealId: string; at: number }> = [];
      let burst: Promise<void>[] = [];
      try {
        const admin = await connectWithCookie(address, await login(address, 'admin', ADMIN_PASSWORD));
        sockets.push(admin);
        const { unit } = await ok(admin, 'unit:save', { commandId: commandId(), name: '市水务集团', kind: 'public_service', level: '市级' });
        const { person } = await ok(admin, 'person:save', { commandId: commandId(), name: '王志强', title: '总经理', unitId: unit.id, principal: true });
        const episodes: string[] = [];
        for (const date of ['2025-11-25', '2025-11-26']) {
          const { episode } = await ok(admin, 'episode:plan', { commandId: commandId(), date, slot: { start: '09:00', end: '10:00' }, theme: '供水服务', host: '李主持', unitIds: [unit.id], leaderIds: [person.id] });
          episodes.push(episode.id);
        }
        for (let i = 0; i < 3; i++) {
          const username = `op${i}x${Date.now() % 100000}`;
          await ok(admin, 'account:create', { commandId: commandId(), username, displayName: `接线员${i}`, role: 'operator', unitId: null, password: 'password-1234' });
          sockets.push(await connectWithCookie(address, await login(address, username, 'password-1234')));
        }
        burst = sockets.slice(1).map(async (socket, o) => {
          for (let n = 0; running; n++) {
            const episodeId = episodes[(o + n) % episodes.length];
            const data = await ok(socket, 'appeal:create', appealInput(episodeId, { summary: `第${o}-${n}件` }));
            acked.push({ episodeId, appealId: data.appeal.id, at: Date.now() });
          }
        });
        await new Promise((r) => setTimeout(r, 1_000));
        const out = join(root, 'pg.tar.gz');
        const run = await runTsx('server/cli/backup.ts', ['--out', out, '--quiet'], { DATABASE_URL: url, DATABASE_SCHEMA: schema.name, DATA_DIR: join(root, 'not-used') });
        await new Promise((r) => setTimeout(r, 200));
        running = false;
        await Promise.all(burst);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout.toString('utf8')).toContain('PostgreSQL');

        const tar = gunzipSync(readFileSync(out));
        const at = tar.indexOf('"createdAt": "');
        const began = Date.parse(tar.subarray(at + 14, at + 38).toString('utf8'));
        expect(acked.filter((a) => a.at < began).length).toBeGreaterThan(20);
        expect(acked.filter((a) => a.at > began).length).toBeGreaterThan(0);

        const target = join(root, 'restored');
        const restored = await runTsx('server/cli/restore.ts', ['--from', out, '--data', target], { DATABASE_URL: '' });
        expect(restored.code, restored.stdout.toString('utf8') + restored.stderr).toBe(0);
        expect((await checkDataFolder(target, { repair: false })).reports).toEqual([]);
        const lowdb = new LowdbStore(target);
        try {
          await lowdb.loadCatalogue();
          const states = new Map((await lowdb.loadEpisodeStates()).map((s) => [s.episode.id, s]));
          const missing = acked.filter((a) => a.at < began && !states.get(a.episodeId)?.appeals[a.appealId]);
          expect(missing).toEqual([]);
        } finally {
          await lowdb.close();
        }
      } finally {
        running = false;
        await Promise.allSettled(burst);
        for (const s of sockets) s.disconnect();
        await app.close();
      }
    }, 120_000);
  });
