import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileAuthAudit } from '../../server/store/authAudit/fileAuthAudit';
import { ADMIN_PASSWORD, appealInput, buildStudio, commandId, login, ok, type Studio } from '../helpers/testServer';
import { account, PASSWORD, TestClock } from './supervision/helpers';

/** GET with a session cookie; answers the parsed JSON or the text. */
async function get(studio: Studio, cookie: string, path: string): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const response = await fetch(`${studio.server.url}${path}`, { headers: { cookie } });
  const text = await response.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, body, text, headers: response.headers };
}

describe('操作审计: the admin searches who did what and exports it', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('finds an operator’s work by username, episode, appeal and date, with the catalogue’s changes and the sign-ins beside them', async () => {
    // 23:50 on 3 December in China; the second appeal comes at 00:10 on the 4th.
    const clock = new TestClock('2026-12-03T15:50:00Z');
    studio = await buildStudio({ clock });
    const { admin, episodeId, server } = studio;
    const adminCookie = await login(server.url, 'admin', ADMIN_PASSWORD);
    const op = await account(server, admin, 'operator');
    await ok(op.socket, 'episode:start', { commandId: commandId(), episodeId });
    const first = await ok(op.socket, 'appeal:create', appealInput(episodeId, { summary: '=HYPERLINK("http://evil")' }));
    clock.set('2026-12-03T16:10:00Z');
    await ok(op.socket, 'appeal:create', appealInput(episodeId));
    // A wrong password at the real login, then a right one: both in the sign-in log.
    const wrong = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: op.username, password: 'not-the-password-1' }) });
    expect(wrong.status).toBe(401);
    await login(server.url, op.username, PASSWORD);

    const byUser = await get(studio, adminCookie, `/api/admin/audit?account=${op.username}`);
    expect(byUser.status).toBe(200);
    const actions = byUser.body.data.entries.map((e: any) => e.action);
    expect(actions.filter((a: string) => a === 'appeal:create')).toHaveLength(2);
    expect(actions).toContain('episode:start');
    expect(actions).toContain('login_failed');
    expect(actions.filter((a: string) => a === 'login')).toHaveLength(2); // the helper's login and the one above
    const failed = byUser.body.data.entries.find((e: any) => e.action === 'login_failed');
    expect(failed).toMatchObject({ source: 'auth', username: op.username, actor: null, ip: expect.stringContaining('127.0.0.1') });
    expect(byUser.body.data.entries.every((e: any) => e.actor?.accountId === byUser.body.data.entries.find((x: any) => x.actor)?.actor.accountId || e.username === op.username)).toBe(true);
    // Newest first.
    const times = byUser.body.data.entries.map((e: any) => e.at);
    expect([...times].sort().reverse()).toEqual(times);

    const byAppeal = await get(studio, adminCookie, `/api/admin/audit?appealId=${first.appeal.id}`);
    expect(byAppeal.body.data.entries).toHaveLength(1);
    expect(byAppeal.body.data.entries[0]).toMatchObject({ source: 'episode', action: 'appeal:create', episodeId, appealId: first.appeal.id });
    // Phones in the changes are masked.
    expect(JSON.stringify(byAppeal.body.data)).not.toMatch(/1\d{10}/);

    const oneDay = await get(studio, adminCookie, `/api/admin/audit?from=2026-12-04&to=2026-12-04&source=episode`);
    expect(oneDay.body.data.entries.map((e: any) => e.action)).toEqual(['appeal:create']);

    // The catalogue's audit: the account the admin created for the operator.
    const catalogue = await get(studio, adminCookie, `/api/admin/audit?source=catalogue`);
    expect(catalogue.body.data.entries.some((e: any) => e.action === 'account:create' && e.target.includes(op.username))).toBe(true);

    const paged = await get(studio, adminCookie, `/api/admin/audit?pageSize=10&page=1`);
    expect(paged.body.data.entries.length).toBeLessThanOrEqual(10);
    expect(paged.body.data.total).toBeGreaterThan(3);

    const csv = await get(studio, adminCookie, `/api/admin/audit.csv?account=${op.username}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    // response.text() drops a BOM: look at the bytes Excel gets.
    const bytes = Buffer.from(await (await fetch(`${server.url}/api/admin/audit.csv`, { headers: { cookie: adminCookie } })).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text.startsWith('"时间（北京时间）","来源"')).toBe(true);
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(1 + byUser.body.data.total);
    expect(csv.text).toContain('"登录失败"');
    expect(csv.text).toContain('127.0.0.1');
    // A typed formula is defused: Excel shows it as text.
    expect(csv.text).not.toMatch(/,"=HYPERLINK/);
    op.socket.disconnect();
  });

  it('is the admin’s alone, and a bad query gets a Chinese sentence', async () => {
    studio = await buildStudio();
    const { server, admin } = studio;
    const followup = await account(server, admin, 'followup');
    expect((await get(studio, followup.cookie, '/api/admin/audit')).status).toBe(403);
    expect((await get(studio, '', '/api/admin/audit')).status).toBe(401);
    const adminCookie = await login(server.url, 'admin', ADMIN_PASSWORD);
    const bad = await get(studio, adminCookie, '/api/admin/audit?from=2026-12-05&to=2026-12-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('结束日期不能早于开始日期');
    const unknown = await get(studio, adminCookie, '/api/admin/audit?source=everything');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    followup.socket.disconnect();
  });

  it('the sign-in log is on disk when recorded, survives a torn last line, and turns over at its size limit', async () => {
    studio = await buildStudio();
    const dir = studio.server.dataDir;
    const log = new FileAuthAudit(join(dir, 'audit-test'), 400);
    await Promise.all(Array.from({ length: 3 }, (_, i) => log.append({ at: `2026-12-03T0${i}:00:00.000Z`, kind: 'login', username: `u${i}`, actor: null, ip: '127.0.0.1', reason: null })));
    const text = await readFile(log.path, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(3);
    expect((await log.read({ limit: 10 })).map((e) => e.username)).toEqual(['u2', 'u1', 'u0']);
    for (let i = 3; i < 8; i++) await log.append({ at: `2026-12-03T0${i}:00:00.000Z`, kind: 'login_failed', username: `u${i}`, actor: null, ip: null, reason: '密码错误' });
    // A line torn by a crash (never acknowledged) is skipped, not an error.
    await appendFile(log.path, '{"at":"2026-12-03T09:00:00.000Z","kind":"lo');
    expect((await log.read({ limit: 10 }))[0].username).toBe('u7');
    // Over 400 bytes the file turned over: the older file is read too, newest first, and the two stay bounded.
    const names = (await log.read({ limit: 100 })).map((e) => e.username);
    expect(names[0]).toBe('u7');
    expect(names).toEqual([...names].sort().reverse());
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect((await stat(log.olderPath)).size).toBeGreaterThan(0);
    expect((await stat(log.path)).size + (await stat(log.olderPath)).size).toBeLessThan(3 * 400);
    await log.close();
  });
});
