import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app';
import { redisStreamsAdapter } from '../../server/cluster/redisAdapter';
import { createLogger } from '../../server/logger';
import { PostgresStore } from '../../server/store/postgres/postgresStore';
import { connectWithCookie, login } from '../helpers/testServer';
import { describeSkippedWithoutDatabase, testDatabaseUrl, TestSchema } from '../store/pgTestDatabase';
import { describeSkippedWithoutServices, testRedisUrl } from './clusterNodes';

/** Two nodes in this process on one PostgreSQL schema and one Redis stream: sessions are shared. */
const databaseUrl = testDatabaseUrl('sharedSessions.test.ts');
const redisUrl = testRedisUrl('sharedSessions.test.ts');
const ADMIN_PASSWORD = 'shared-sessions-password';

if (!databaseUrl || !redisUrl) {
  if (!databaseUrl) describeSkippedWithoutDatabase('sessions shared by two nodes (DATABASE_URL not set)');
  else describeSkippedWithoutServices('sessions shared by two nodes (REDIS_URL not set)');
} else {
  describe('sessions shared by two nodes', () => {
    const schema = new TestSchema(databaseUrl);
    const nodes: Array<{ app: App; url: string; close(): Promise<void> }> = [];

    async function node() {
      const store = await PostgresStore.open({ connectionString: databaseUrl!, schema: schema.name });
      const redis = await redisStreamsAdapter(redisUrl!, `zf-test-sessions:${schema.name}`, createLogger('silent'));
      const app = await createApp({
        store,
        logger: createLogger('silent'),
        config: { adminPassword: ADMIN_PASSWORD, clientDir: join(tmpdir(), 'no-client'), cluster: { adapter: redis.adapter, sweepMs: 60_000, redisReady: redis.ready } },
      });
      const url = await app.listen(0, '127.0.0.1');
      const entry = { app, url, close: async () => (await app.close(), await redis.close()) };
      nodes.push(entry);
      return entry;
    }

    beforeAll(() => schema.create(), 30_000);
    afterAll(async () => {
      for (const n of nodes) await n.close().catch(() => undefined);
      await schema.drop();
    }, 30_000);

    it('a login on node A is found on node B at once; a logout on B ends it on A at once; /readyz checks the database and Redis', async () => {
      const a = await node();
      const b = await node();
      const cookie = await login(a.url, 'admin', ADMIN_PASSWORD);
      const me = (url: string) => fetch(`${url}/api/me`, { headers: { cookie } }).then((r) => r.status);
      expect(await me(b.url)).toBe(200);
      const socket = await connectWithCookie(b.url, cookie);
      const ended = new Promise((resolve) => socket.once('session:ended', resolve));
      expect(await me(a.url)).toBe(200);

      expect((await fetch(`${b.url}/api/logout`, { method: 'POST', headers: { cookie } })).status).toBe(200);
      expect(await ended).toEqual({ reason: '您已退出登录。' });
      // Node A learns of the logout through the shared adapter, not at its next sweep.
      const deadline = Date.now() + 2_000;
      while ((await me(a.url)) !== 401 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await me(a.url)).toBe(401);
      socket.disconnect();

      const ready = await fetch(`${a.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ok: true, data: { ready: true, reasons: [] } });
    }, 60_000);
  });
}
