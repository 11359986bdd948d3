import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../server/store/postgres/postgresStore';
import { describeSkippedWithoutDatabase, testDatabaseUrl, TestSchema } from './pgTestDatabase';

/** The sign-in log on PostgreSQL (migration 004): one row per event, read newest first within a period. */
const url = testDatabaseUrl('postgresAuthAudit.test.ts');

if (!url) {
  describeSkippedWithoutDatabase('PostgreSQL sign-in log (DATABASE_URL not set)');
} else {
  describe('PostgreSQL sign-in log', () => {
    const schema = new TestSchema(url);
    afterAll(() => schema.drop());

    it('keeps each event as written and reads them newest first, within a period, up to a limit', async () => {
      const store = await PostgresStore.open({ connectionString: url, schema: schema.name });
      const log = store.authAuditLog();
      const actor = { accountId: 'acc-1', name: '导播小陈', role: 'operator' as const };
      await log.append({ at: '2026-12-01T01:00:00.000Z', kind: 'login', username: 'op1', actor, ip: '10.0.0.1', reason: null });
      await log.append({ at: '2026-12-02T01:00:00.000Z', kind: 'login_failed', username: 'nobody', actor: null, ip: '10.0.0.2', reason: '用户名或密码错误' });
      await log.append({ at: '2026-12-03T01:00:00.000Z', kind: 'logout', username: 'op1', actor, ip: '10.0.0.1', reason: null });
      expect((await log.read({ limit: 10 })).map((e) => e.kind)).toEqual(['logout', 'login_failed', 'login']);
      expect(await log.read({ fromInstant: '2026-12-02T00:00:00.000Z', toInstant: '2026-12-02T23:00:00.000Z', limit: 10 })).toEqual([
        { at: '2026-12-02T01:00:00.000Z', kind: 'login_failed', username: 'nobody', actor: null, ip: '10.0.0.2', reason: '用户名或密码错误' },
      ]);
      expect((await log.read({ limit: 1 }))[0]).toEqual({ at: '2026-12-03T01:00:00.000Z', kind: 'logout', username: 'op1', actor, ip: '10.0.0.1', reason: null });
      await store.close();
    });
  });
}
