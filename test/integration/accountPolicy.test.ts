import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_END_REASONS } from '../../shared/domain/errors';
import { isCommonPassword, passwordProblems, passwordRefusal } from '../../shared/domain/passwordPolicy';
import { ADMIN_PASSWORD, commandId, connectWithCookie, login, ok, removeDataDir, send, startServer, type ClientSocket, type TestServer } from '../helpers/testServer';
import { TestClock } from './supervision/helpers';

/** Account policy (issue 19, part 5): password rules, forced change at first login, idle timeout per role. */

const json = { 'content-type': 'application/json' };

async function api(server: TestServer, path: string, cookie: string, body?: unknown) {
  const response = await fetch(server.url + path, body === undefined ? { headers: { cookie } } : { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

async function loginAnswer(server: TestServer, username: string, password: string) {
  const response = await fetch(`${server.url}/api/login`, { method: 'POST', headers: json, body: JSON.stringify({ username, password }) });
  return { status: response.status, body: (await response.json()) as any, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

async function visit(server: TestServer, path: string) {
  const response = await fetch(server.url + path, { redirect: 'manual' });
  await response.arrayBuffer();
  return response.headers.get('set-cookie')?.split(';')[0] ?? '';
}

/** A socket handshake that is expected to be refused: the error Socket.IO hands the client. */
async function refusedHandshake(server: TestServer, cookie: string): Promise<Error & { data?: any }> {
  try {
    const socket = await connectWithCookie(server.url, cookie);
    socket.disconnect();
  } catch (error) {
    return error as Error & { data?: any };
  }
  throw new Error('the handshake was accepted');
}

function ended(socket: ClientSocket): Promise<string> {
  return new Promise((resolve) => socket.once('session:ended', ({ reason }) => resolve(reason)));
}

describe('password policy (shared rules)', () => {
  it('names the first broken rule in Chinese, checks common passwords case-insensitively, and never goes below 8', () => {
    expect(passwordRefusal('Abc-123', 'chen')).toBe('密码至少 10 位。');
    expect(passwordRefusal('abcdefghijkl', 'chen')).toBe('密码须包含大写字母、小写字母、数字、符号中的至少两类。');
    expect(passwordRefusal('chen.op-2025x', 'chen.op')).toBe('密码不能包含用户名。');
    expect(passwordRefusal('WoAiNi1314', 'chen')).toBe('这是常见密码，很容易被猜到，请换一个。');
    for (const common of ['123456', 'woaini1314', 'a123456', 'qq123456', 'zhang123456', 'P@ssw0rd', 'Password123']) expect(isCommonPassword(common), common).toBe(true);
    expect(passwordProblems('password-1234', 'operator1x12')).toEqual([]);
    expect(passwordRefusal('Short-1a', 'x', { minLength: 8 })).toBeNull();
  });
});

describe('account policy', () => {
  let server: TestServer | undefined;
  const sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    if (!server) return;
    await server.stop();
    await removeDataDir(server.dataDir);
    server = undefined;
  });

  async function connect(s: TestServer, cookie: string) {
    const socket = await connectWithCookie(s.url, cookie);
    sockets.push(socket);
    return socket;
  }

  it('refuses weak, short, common and username passwords at account creation with Chinese messages, and creates nothing', async () => {
    server = await startServer({ config: { passwordMinLength: 12 } });
    const admin = await connect(server, await login(server.url, 'admin', ADMIN_PASSWORD));
    const cases: Array<[string, string, string]> = [
      ['wang.li', 'Pass-word-1', '密码至少 12 位。'],
      ['wang.li', 'abcdefghijklmn', '密码须包含大写字母、小写字母、数字、符号中的至少两类。'],
      ['wang.li', 'Wang.Li-2025-06', '密码不能包含用户名。'],
      ['wang.li', 'qwertyuiop123', '这是常见密码，很容易被猜到，请换一个。'],
    ];
    for (const [username, password, message] of cases) {
      const answer = await send(admin, 'account:create', { commandId: commandId(), username, displayName: '王力', role: 'operator', unitId: null, password });
      expect(answer, password).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message, field: 'password' } });
    }
    expect(server.app.catalogue.accountByUsername('wang.li')).toBeUndefined();
    expect((await loginAnswer(server, 'wang.li', 'Pass-word-1')).status).toBe(401);
    // A conforming one is taken, and (forced change off here, as in the other tests) works at once.
    await ok(admin, 'account:create', { commandId: commandId(), username: 'wang.li', displayName: '王力', role: 'operator', unitId: null, password: 'Studio-pass-2025' });
    const operator = await loginAnswer(server, 'wang.li', 'Studio-pass-2025');
    expect(operator.body.data.mustChangePassword).toBe(false);
    await connect(server, operator.cookie);
  });

  it('PASSWORD_MIN_LENGTH below 8 counts as 8', async () => {
    server = await startServer({ config: { passwordMinLength: 4 } });
    const policy = await fetch(`${server.url}/api/password/policy`).then((r) => r.json());
    expect(policy).toEqual({ ok: true, data: { minLength: 8 } });
  });

  it('an admin-set password must be changed at first login: socket and other APIs refused until then; the change ends the other sessions', async () => {
    server = await startServer({ config: { forcePasswordChange: true, adminPassword: 'Zfrx-Console-2025' } });
    // The operator chose the admin's password (and it passes the policy): not forced.
    const adminLogin = await loginAnswer(server, 'admin', 'Zfrx-Console-2025');
    expect(adminLogin.body.data.mustChangePassword).toBe(false);
    const admin = await connect(server, adminLogin.cookie);
    await ok(admin, 'account:create', { commandId: commandId(), username: 'xiao.zhou', displayName: '导播 小周', role: 'operator', unitId: null, password: 'Initial-pass-2025' });
    expect(server.app.catalogue.accountByUsername('xiao.zhou')!.mustChangePassword).toBe(true);

    const first = await loginAnswer(server, 'xiao.zhou', 'Initial-pass-2025');
    expect(first.status).toBe(200);
    expect(first.body.data.mustChangePassword).toBe(true);
    const second = await loginAnswer(server, 'xiao.zhou', 'Initial-pass-2025');

    // No screen works around it: the handshake is refused with the reason, other APIs answer 403.
    const refused = await refusedHandshake(server, first.cookie);
    expect(refused.message).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(refused.data).toEqual({ code: 'FORBIDDEN', message: '首次登录须先修改密码，修改后才能使用系统。' });
    for (const path of ['/api/admin/condition', '/api/reports/annual?year=2025']) {
      expect(await api(server, path, first.cookie)).toEqual({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN', message: '首次登录须先修改密码，修改后才能使用系统。' } } });
    }
    expect((await api(server, '/api/session', first.cookie)).body.data).toMatchObject({ loggedIn: true, mustChangePassword: true, account: { username: 'xiao.zhou' } });

    // Wrong current password, weak new ones, the same one again: refused in Chinese, nothing changes.
    const hashBefore = server.app.catalogue.accountByUsername('xiao.zhou')!.passwordHash;
    const refusals: Array<[unknown, string, string]> = [
      [{ oldPassword: 'Wrong-pass-2025', newPassword: 'Zhou-Studio-77' }, '当前密码不正确。', 'oldPassword'],
      [{ oldPassword: 'Initial-pass-2025', newPassword: 'Zhou-77' }, '密码至少 10 位。', 'newPassword'],
      [{ oldPassword: 'Initial-pass-2025', newPassword: 'woaini1314' }, '这是常见密码，很容易被猜到，请换一个。', 'newPassword'],
      [{ oldPassword: 'Initial-pass-2025', newPassword: 'xiao.zhou-2025' }, '密码不能包含用户名。', 'newPassword'],
      [{ oldPassword: 'Initial-pass-2025', newPassword: 'zhouzhouzhouzhou' }, '密码须包含大写字母、小写字母、数字、符号中的至少两类。', 'newPassword'],
      [{ oldPassword: 'Initial-pass-2025', newPassword: 'Initial-pass-2025' }, '新密码不能与当前密码相同。', 'newPassword'],
    ];
    for (const [body, message, field] of refusals) {
      expect(await api(server, '/api/password', first.cookie, body)).toEqual({ status: 400, body: { ok: false, error: { code: 'VALIDATION_FAILED', message, field } } });
    }
    expect(server.app.catalogue.accountByUsername('xiao.zhou')).toMatchObject({ passwordHash: hashBefore, mustChangePassword: true });
    expect((await refusedHandshake(server, first.cookie)).message).toBe('PASSWORD_CHANGE_REQUIRED');

    const changed = await api(server, '/api/password', first.cookie, { oldPassword: 'Initial-pass-2025', newPassword: 'Zhou-Studio-77' });
    expect(changed).toMatchObject({ status: 200, body: { ok: true, data: { mustChangePassword: false, endedSessions: 1 } } });
    // This session works now; the other one ended, and the page asking later is told why.
    const operator = await connect(server, first.cookie);
    expect((await send(operator, 'catalogue:get', {})).ok).toBe(true);
    expect((await api(server, '/api/session', second.cookie)).body.data).toEqual({ loggedIn: false, account: null, reason: SESSION_END_REASONS.passwordChanged });
    expect((await loginAnswer(server, 'xiao.zhou', 'Initial-pass-2025')).status).toBe(401);
    expect((await loginAnswer(server, 'xiao.zhou', 'Zhou-Studio-77')).body.data.mustChangePassword).toBe(false);

    // Durable: after a restart the account is still free of the flag.
    server = await server.restart();
    expect(server.app.catalogue.accountByUsername('xiao.zhou')!.mustChangePassword).toBeUndefined();
  });

  it('a voluntary change ends the other sessions’ sockets with the reason, and keeps this one', async () => {
    server = await startServer();
    const a = await login(server.url, 'admin', ADMIN_PASSWORD);
    const b = await login(server.url, 'admin', ADMIN_PASSWORD);
    const socketA = await connect(server, a);
    const socketB = await connect(server, b);
    const reason = ended(socketB);
    expect((await api(server, '/api/password', a, { oldPassword: ADMIN_PASSWORD, newPassword: 'Console-Pass-2026' })).status).toBe(200);
    expect(await reason).toBe('该账号的密码已修改，请用新密码重新登录。');
    expect((await send(socketA, 'catalogue:get', {})).ok).toBe(true);
  });

  it('the admin account with a generated password must change it at first login', async () => {
    server = await startServer({ config: { forcePasswordChange: true, adminPassword: undefined } });
    const generated = server.app.bootstrap.generatedPassword!;
    expect(passwordRefusal(generated, 'admin')).toBeNull();
    const first = await loginAnswer(server, 'admin', generated);
    expect(first.body.data.mustChangePassword).toBe(true);
    expect((await refusedHandshake(server, first.cookie)).message).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await api(server, '/api/password', first.cookie, { oldPassword: generated, newPassword: 'Studio-Admin-Key-9' })).body.error.message).toBe('密码不能包含用户名。');
    expect((await api(server, '/api/password', first.cookie, { oldPassword: generated, newPassword: 'Studio-Key-2026' })).status).toBe(200);
    await connect(server, first.cookie);
  });

  it('sessions end after their role’s idle limit: admin after 30 min, the operator survives 7 h, the display link never', async () => {
    const clock = new TestClock('2025-11-25T08:00:00.000Z');
    server = await startServer({ clock, config: { idleMinutes: {} } });
    const s = server;
    const adminCookie = await login(s.url, 'admin', ADMIN_PASSWORD);
    const admin = await connect(s, adminCookie);
    const busyAdminCookie = await login(s.url, 'admin', ADMIN_PASSWORD);
    const busyAdmin = await connect(s, busyAdminCookie);
    await ok(admin, 'account:create', { commandId: commandId(), username: 'daobo01', displayName: '导播', role: 'operator', unitId: null, password: 'password-1234' });
    const operatorCookie = await login(s.url, 'daobo01', 'password-1234');
    const operator = await connect(s, operatorCookie);
    const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: '一号演播室' });
    const screenCookie = await visit(s, link.path);
    const screen = await connect(s, screenCookie);
    const me = (cookie: string) => fetch(`${s.url}/api/me`, { headers: { cookie } }).then((r) => r.status);

    // 20 minutes on, one admin tab sends a command (a use); the other does nothing.
    clock.tick(20 * 60_000);
    expect((await send(busyAdmin, 'catalogue:get', {})).ok).toBe(true);
    clock.tick(11 * 60_000); // 31 minutes since login
    const adminEnded = ended(admin);
    await s.app.sessions.sweep();
    expect(await adminEnded).toBe(SESSION_END_REASONS.idle);
    expect(await me(adminCookie)).toBe(401);
    expect((await api(s, '/api/session', adminCookie)).body.data).toEqual({ loggedIn: false, account: null, reason: '长时间未操作，为保障账号安全已自动退出，请重新登录。' });
    expect(await me(busyAdminCookie)).toBe(200); // used 11 minutes ago

    // 7 hours without a single command: the director is still logged in mid-broadcast.
    const operatorSession = s.app.sessions.sessionIdsOf({ accountId: s.app.catalogue.accountByUsername('daobo01')!.id })[0];
    clock.tick(7 * 3_600_000 - 31 * 60_000);
    await s.app.sessions.sweep();
    expect(operator.connected).toBe(true);
    expect(s.app.sessions.isSessionLive(operatorSession)).toBe(true); // asked without counting as a use
    // Past 8 hours since its last use, the operator's session ends too.
    clock.tick(3_600_000 + 60_000);
    const operatorEnded = ended(operator);
    await s.app.sessions.sweep();
    expect(await operatorEnded).toBe(SESSION_END_REASONS.idle);

    // The big screen's display-link session never idles out.
    expect(screen.connected).toBe(true);
    expect(await me(screenCookie)).toBe(200);
    expect(await me(busyAdminCookie)).toBe(401);
  });

  it('last-used times are kept in memory and written coarsely, not per command', async () => {
    const clock = new TestClock('2025-11-25T08:00:00.000Z');
    server = await startServer({ clock, config: { idleMinutes: {} } });
    const cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
    const admin = await connect(server, cookie);
    const lines = async () => (await readFile(join(server!.dataDir, 'sessions.log'), 'utf8')).trim().split('\n');
    const before = (await lines()).length;
    clock.tick(30_000);
    for (let i = 0; i < 50; i++) await send(admin, 'catalogue:get', {});
    expect((await lines()).length).toBe(before); // within the minute: nothing written
    clock.tick(60_000);
    await send(admin, 'catalogue:get', {});
    await new Promise((r) => setTimeout(r, 200));
    const after = await lines();
    expect(after.length).toBe(before + 1);
    expect(JSON.parse(after.at(-1)!)).toEqual({ used: { [server.app.sessions.sessionIdsOf({ accountId: server.app.catalogue.accountByUsername('admin')!.id })[0]]: clock.iso() } });

    // Read back after a restart: the session counts from its last written use, not from its login.
    server = await server.restart();
    clock.tick(29 * 60_000);
    expect((await api(server, '/api/me', cookie)).status).toBe(200);
  });
});
