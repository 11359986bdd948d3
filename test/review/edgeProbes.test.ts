import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, appealInput, buildStudio, commandId, connectWithCookie, eventually, login, ok, send, startServer, removeDataDir, type Studio, type TestServer } from '../helpers/testServer';

/** A POST /api/login from a chosen loopback address (127.0.0.x), optionally with extra headers. */
function loginFrom(url: string, localAddress: string, username: string, password: string, headers: Record<string, string> = {}) {
  const { port } = new URL(url);
  const body = JSON.stringify({ username, password });
  return new Promise<{ status: number; body: any; setCookie: string | undefined }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/login', method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text), setCookie: res.headers['set-cookie']?.[0] }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const CHINESE = /[\u4e00-\u9fff]/;

describe('input hygiene over a real socket', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await buildStudio();
    adminCookie = login(studio.server.url, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => studio.close());

  /** The episode's seq as a fresh socket's first sync sees it (a fresh socket: syncs are rate-limited per socket). */
  async function seqOf() {
    const socket = await connectWithCookie(studio.server.url, await adminCookie);
    try {
      const data = await ok(socket, 'episode:sync', { episodeId: studio.episodeId, sinceSeq: null } as any);
      expect(typeof data.seq).toBe("number");
      return data.seq as number;
    } finally {
      socket.disconnect();
    }
  }
  let adminCookie: Promise<string>;

  it.each([
    ['a summary of zero-width characters only', { summary: '\u200b\u200c\u200d\u2060' }],
    ['a summary of a BOM and a bidi override only', { summary: '\ufeff\u202e' }],
    ['a phone number of two digits', { caller: { anonymous: false, name: '王建华', title: '先生', phone: '12' } }],
    ['a phone number of fifteen nines', { caller: { anonymous: false, name: '王建华', title: '先生', phone: '999999999999999' } }],
    ['a mobile number with an extension', { caller: { anonymous: false, name: '王建华', title: '先生', phone: '13812341234转12' } }],
    ['a landline without an area code', { caller: { anonymous: false, name: '王建华', title: '先生', phone: '83901234' } }],
    ['a Beijing landline with seven digits', { caller: { anonymous: false, name: '王建华', title: '先生', phone: '010-1234567' } }],
    ['a landline with a seven-digit extension', { caller: { anonymous: false, name: '王建华', title: '先生', phone: '0516-83901234转1234567' } }],
    ['the hotline itself', { caller: { anonymous: false, name: '王建华', title: '先生', phone: '12345' } }],
  ])('refuses %s with a Chinese sentence and changes nothing', async (_what, overrides) => {
    const before = await seqOf();
    const answer = await send(studio.operator, 'appeal:create', appealInput(studio.episodeId, overrides) as any);
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.code).toBe('VALIDATION_FAILED');
      expect(answer.error.message).toMatch(CHINESE);
    }
    expect(await seqOf()).toEqual(before);
  });

  it.each([
    ['+86 138 1234 1234', '13812341234'],
    ['（０５１６）８３９０１２３４', '0516-83901234'],
    ['0516-83901234转123', '0516-83901234转123'],
    ['(010)12345678 ext. 9', '010-12345678转9'],
  ])('stores %s as %s', async (phone, stored) => {
    const { appeal } = await ok(studio.operator, 'appeal:create', appealInput(studio.episodeId, { caller: { anonymous: false, name: '王建华', title: '先生', phone } }) as any);
    expect(appeal.caller.phone).toBe(stored);
  });

  it('strips a bidi override and zero-width characters from a caller name, so the big screen masks the real surname', async () => {
    const { appeal } = await ok(studio.operator, 'appeal:create', appealInput(studio.episodeId, { caller: { anonymous: false, name: '\u202e\u200b王\u200d建华', title: '先生', phone: '13812341234' } }) as any);
    expect(appeal.caller.name).toBe('王建华');
  });
});

describe('the admin condition and readiness routes', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await buildStudio();
  });
  afterAll(async () => studio.close());

  it('answers the condition only to an admin: 401 without a session, 403 to an operator', async () => {
    const { url } = studio.server;
    expect((await fetch(`${url}/api/admin/condition`)).status).toBe(401);
    const username = `op${Date.now()}`;
    await ok(studio.admin, 'account:create', { commandId: commandId(), username, displayName: '接线员', role: 'operator', unitId: null, password: 'password-1234' });
    const cookie = await login(url, username, 'password-1234');
    const answer = await fetch(`${url}/api/admin/condition`, { headers: { cookie } });
    expect(answer.status).toBe(403);
    const adminCookie = await login(url, 'admin', ADMIN_PASSWORD);
    expect((await fetch(`${url}/api/admin/condition`, { headers: { cookie: adminCookie } })).status).toBe(200);
  });

  it('says alive on /healthz and ready on /readyz for a writable folder', async () => {
    const { url } = studio.server;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).data.ready).toBe(true);
  });
});

describe('throttling and cookies', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) {
      await s.stop();
      await removeDataDir(s.dataDir);
    }
  });

  it('without TRUST_PROXY, a rotating X-Forwarded-For neither spreads the per-address count nor escapes the per-account backoff', async () => {
    const server = await startServer({ config: { loginAttemptsPer15Min: 1000 } });
    servers.push(server);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await loginFrom(server.url, '127.0.0.1', 'admin', 'wrong-password', { 'x-forwarded-for': `203.0.113.${i + 1}` })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(6)).toContain(429);
  });

  it('with TRUST_PROXY, guesses from rotating forwarded addresses still meet the per-account backoff, in Chinese', async () => {
    const server = await startServer({ config: { trustProxy: 'loopback', loginAttemptsPer15Min: 1000 } });
    servers.push(server);
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await loginFrom(server.url, '127.0.0.1', 'admin', 'wrong-password', { 'x-forwarded-for': `198.51.100.${i + 1}` }));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].body.error.message).toMatch(CHINESE);
  });

  it('marks the cookie Secure only when a trusted proxy says the request came over HTTPS', async () => {
    const trusting = await startServer({ config: { trustProxy: 'loopback' } });
    const untrusting = await startServer();
    servers.push(trusting, untrusting);
    const behindProxy = await loginFrom(trusting.url, '127.0.0.1', 'admin', ADMIN_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(behindProxy.status).toBe(200);
    expect(behindProxy.setCookie).toMatch(/;\s*Secure/i);
    const plain = await loginFrom(trusting.url, '127.0.0.1', 'admin', ADMIN_PASSWORD);
    expect(plain.setCookie).not.toMatch(/;\s*Secure/i);
    const spoofed = await loginFrom(untrusting.url, '127.0.0.1', 'admin', ADMIN_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(spoofed.setCookie).not.toMatch(/;\s*Secure/i);
  });
});

describe('sessions that end take their sockets with them', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await buildStudio();
  });
  afterAll(async () => studio.close());

  it('logout disconnects the socket that the session opened', async () => {
    const cookie = await login(studio.server.url, 'admin', ADMIN_PASSWORD);
    const socket = await connectWithCookie(studio.server.url, cookie);
    let gone = false;
    socket.on('disconnect', () => (gone = true));
    const answer = await fetch(`${studio.server.url}/api/logout`, { method: 'POST', headers: { cookie } });
    expect(answer.status).toBe(200);
    await eventually(() => gone);
    expect((await fetch(`${studio.server.url}/api/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('disabling an account disconnects its sockets and its cookie stops working', async () => {
    const username = `dis${Date.now()}`;
    const { account } = await ok(studio.admin, 'account:create', { commandId: commandId(), username, displayName: '将停用', role: 'operator', unitId: null, password: 'password-1234' });
    const cookie = await login(studio.server.url, username, 'password-1234');
    const socket = await connectWithCookie(studio.server.url, cookie);
    let gone = false;
    socket.on('disconnect', () => (gone = true));
    await ok(studio.admin, 'account:setDisabled', { commandId: commandId(), accountId: account.id, disabled: true });
    await eventually(() => gone);
    expect((await fetch(`${studio.server.url}/api/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('revoking a display link disconnects the big screen it opened', async () => {
    const link = await ok(studio.admin, 'displayLink:create', { commandId: commandId(), label: '演播室大屏' });
    const visit = await fetch(`${studio.server.url}${link.path}`, { redirect: 'manual' });
    expect(visit.status).toBe(303);
    const cookie = visit.headers.get('set-cookie')!.split(';')[0];
    const socket = await connectWithCookie(studio.server.url, cookie);
    let gone = false;
    socket.on('disconnect', () => (gone = true));
    await ok(studio.admin, 'displayLink:revoke', { commandId: commandId(), displayLinkId: link.id });
    await eventually(() => gone);
    expect((await fetch(`${studio.server.url}${link.path}`, { redirect: 'manual' })).status).toBe(404);
  });
});
