import { mkdtemp, readFile, rm, stat, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LowdbSessions } from '../../server/store/lowdbSessions';
import { migrate } from '../../server/store/postgres/migrate';
import { PostgresSessions } from '../../server/store/postgres/sessions';
import type { SessionStore } from '../../server/store/sessionStore';
import type { Session } from '../../server/store/store';
import { describeSkippedWithoutDatabase, testDatabaseUrl, TestSchema } from './pgTestDatabase';

const T0 = Date.parse('2026-12-01T08:00:00.000Z');
let counter = 0;
function session(accountId: string, overrides: Partial<Session> = {}, at = T0 + ++counter): Session {
  return {
    id: `s${counter}-${accountId}`,
    tokenHash: `hash-${counter}-${Math.random().toString(36).slice(2)}`,
    accountId,
    createdAt: new Date(at).toISOString(),
    expiresAt: new Date(at + 3_600_000).toISOString(),
    displayLinkId: null,
    ...overrides,
  };
}
const caps = { perAccount: 3, perDisplayLink: 2 };
const iso = (ms: number) => new Date(ms).toISOString();

/** What every session store must do, whatever it keeps sessions in. */
function sessionStoreContract(name: string, open: () => Promise<SessionStore>) {
  describe(`${name}: the session store contract`, () => {
    it('keeps an opened session across a reopen, and forgets an ended one', async () => {
      const store = await open();
      await store.load(iso(T0));
      const a = session('acc-a');
      const b = session('acc-a');
      await store.open(a, caps);
      await store.open(b, caps);
      await store.end([a.id]);
      await store.close();
      const again = await open();
      expect((await again.load(iso(T0))).map((s) => s.id)).toEqual([b.id]);
      await again.close();
    });

    it('ends the oldest sessions past the caps per account and per display link, in the same write', async () => {
      const store = await open();
      await store.load(iso(T0));
      const opened = [1, 2, 3, 4, 5].map(() => session('acc-cap'));
      const ended: string[][] = [];
      for (const s of opened) ended.push(await store.open(s, caps));
      expect(ended.flat()).toEqual([opened[0].id, opened[1].id]);
      const screens = [1, 2, 3].map(() => session(`screen-${counter}`, { displayLinkId: 'link-1' }));
      for (const s of screens.slice(0, 2)) expect(await store.open(s, caps)).toEqual([]);
      expect(await store.open(screens[2], caps)).toEqual([screens[0].id]);
      await store.close();
      const again = await open();
      const live = (await again.load(iso(T0))).map((s) => s.id);
      expect(live).toEqual(expect.arrayContaining([opened[2].id, opened[3].id, opened[4].id, screens[1].id, screens[2].id]));
      expect(live).not.toContain(opened[0].id);
      expect(live).not.toContain(screens[0].id);
      await again.close();
    });

    it('ends every session of an account or a display link, and prunes expired ones', async () => {
      const store = await open();
      await store.load(iso(T0));
      const mine = [session('acc-x'), session('acc-x')];
      const linked = session('acc-y', { displayLinkId: 'link-9' });
      const old = session('acc-z', { expiresAt: iso(T0 + 10) });
      for (const s of [...mine, linked, old]) await store.open(s, { perAccount: 20, perDisplayLink: 5 });
      expect((await store.endMatching({ accountId: 'acc-x' })).sort()).toEqual(mine.map((s) => s.id).sort());
      expect(await store.endMatching({ displayLinkId: 'link-9' })).toEqual([linked.id]);
      expect(await store.prune(iso(T0 + 60_000))).toBeGreaterThanOrEqual(1);
      const left = (await store.load(iso(T0 + 60_000))).map((s) => s.id);
      for (const s of [...mine, linked, old]) expect(left).not.toContain(s.id);
      await store.close();
    });
  });
}

describe('LowdbSessions (sessions.log)', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  let dir = '';
  const open = async () => new LowdbSessions(dir);
  const fresh = async () => {
    dir = await mkdtemp(join(tmpdir(), 'zfrx-sessions-'));
    dirs.push(dir);
  };

  describe('contract', () => {
    beforeAll(fresh);
    sessionStoreContract('lowdb', open);
  });

  afterEach(() => undefined);

  it('a line torn by a crash is ignored at load and cut off before the next append', async () => {
    await fresh();
    const store = new LowdbSessions(dir);
    await store.load(iso(T0));
    const kept = session('acc-t');
    await store.open(kept, caps);
    await store.close();
    await appendFile(join(dir, 'sessions.log'), '{"open":{"id":"half');
    const again = new LowdbSessions(dir);
    expect((await again.load(iso(T0))).map((s) => s.id)).toEqual([kept.id]);
    const next = session('acc-t');
    await again.open(next, caps);
    await again.close();
    const lines = (await readFile(join(dir, 'sessions.log'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).open.id)).toEqual([kept.id, next.id]);
  });

  it('5,000 opens of one display link leave a bounded log: compaction keeps only the live sessions', async () => {
    await fresh();
    const store = new LowdbSessions(dir);
    await store.load(iso(T0));
    const started = performance.now();
    // Many at once, as visits arrive: they share appends.
    for (let round = 0; round < 100; round++) {
      await Promise.all(Array.from({ length: 50 }, () => store.open(session('screen-account', { displayLinkId: 'link-busy' }), { perAccount: 20, perDisplayLink: 5 })));
    }
    const ms = performance.now() - started;
    const { size } = await stat(join(dir, 'sessions.log'));
    const footprint = await store.footprint();
    console.log(`[sessionStore] 5,000 display-link sessions in ${ms.toFixed(0)} ms: sessions.log ${size} bytes, ${footprint.sessions} live`);
    expect(footprint.sessions).toBe(5);
    expect(size).toBeLessThan(128 * 1024);
    await store.close();
    const again = new LowdbSessions(dir);
    expect(await again.load(iso(T0))).toHaveLength(5);
    await again.close();
  });

  it('a damaged line in the middle loses that line only', async () => {
    await fresh();
    const a = session('acc-d');
    const b = session('acc-d');
    await writeFile(join(dir, 'sessions.log'), `${JSON.stringify({ open: a })}\nnot json at all\n${JSON.stringify({ open: b })}\n`);
    const store = new LowdbSessions(dir);
    expect((await store.load(iso(T0))).map((s) => s.id)).toEqual([a.id, b.id]);
    await store.close();
  });
});

const url = testDatabaseUrl('sessionStore.test.ts');
if (!url) {
  describeSkippedWithoutDatabase('PostgresSessions (DATABASE_URL not set)');
} else {
  describe('PostgresSessions (sessions table)', () => {
    const schema = new TestSchema(url);
    beforeAll(async () => {
      await schema.create();
      await migrate(schema.pool, schema.name);
    });
    afterAll(() => schema.drop());
    sessionStoreContract('postgres', async () => new PostgresSessions(schema.pool, schema.name));

    it('a session opened through one node is found by token hash from another, and bulk ends reach it', async () => {
      const nodeA = new PostgresSessions(schema.pool, schema.name);
      const nodeB = new PostgresSessions(schema.pool, schema.name);
      const s = session('acc-shared');
      await nodeA.open(s, caps);
      expect((await nodeB.findByTokenHashes([s.tokenHash, 'unknown'], iso(T0))).map((x) => x.id)).toEqual([s.id]);
      expect(await nodeB.stillOpen([s.id, 'gone'])).toEqual(new Set([s.id]));
      await nodeB.endMatching({ accountId: 'acc-shared' });
      expect(await nodeA.findByTokenHashes([s.tokenHash], iso(T0))).toEqual([]);
    });

    it('caps hold when two nodes open sessions for one account at the same moment', async () => {
      const nodes = [new PostgresSessions(schema.pool, schema.name), new PostgresSessions(schema.pool, schema.name)];
      const opened = Array.from({ length: 12 }, () => session('acc-race'));
      await Promise.all(opened.map((s, i) => nodes[i % 2].open(s, caps)));
      const { rows } = await schema.pool.query(`SELECT count(*)::int AS n FROM ${schema.name}.sessions WHERE account_id = 'acc-race'`);
      expect(rows[0].n).toBe(3);
      const footprint = await nodes[0].footprint();
      console.log(`[sessionStore] PostgreSQL sessions table: ${footprint.sessions} rows, ${footprint.bytes} bytes`);
    });
  });
}
