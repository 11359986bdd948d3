import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../server/app';
import { ADMIN_PASSWORD, commandId, connectWithCookie, login, ok, removeDataDir, startServer, type TestServer } from '../helpers/testServer';

/**
 * Throttling that slows guessing without locking the crew out: wrong passwords per address (the
 * real one, or X-Forwarded-For only from a configured proxy) and per account whatever the address.
 */
const PASSWORD = 'password-1234';

function attempt(server: TestServer, username: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });
}

async function statusAndBody(response: Response) {
  return { status: response.status, body: (await response.json()) as { ok: boolean; error?: { code: string; message: string } } };
}

describe('login throttling', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    if (!server) return;
    await server.stop();
    await removeDataDir(server.dataDir);
    server = undefined;
  });

  async function withCrew(config: Partial<AppConfig>) {
    server = await startServer({ config });
    const admin = await connectWithCookie(server.url, await login(server.url, 'admin', ADMIN_PASSWORD));
    for (const username of ['anchor01', 'anchor02']) {
      await ok(admin, 'account:create', { commandId: commandId(), username, displayName: '导播', role: 'operator', unitId: null, password: PASSWORD });
    }
    admin.disconnect();
    return server;
  }

  it('without TRUST_PROXY, X-Forwarded-For is ignored: rotating it does not escape the per-address limit', async () => {
    const s = await withCrew({ loginAttemptsPer15Min: 3 });
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await attempt(s, `nobody${i}`, 'wrong', { 'x-forwarded-for': `203.0.113.${i + 1}` })).status);
    expect(answers).toEqual([401, 401, 401, 429, 429]);
  });

  it('per-account backoff slows guesses from rotating addresses, while another account on the same address and a crew machine that logged in before still get in', async () => {
    const s = await withCrew({ trustProxy: 'loopback', loginBackoff: { freeFailures: 5, baseMs: 400, maxMs: 60_000 } });
    // The crew member logged in from the studio before the guessing started.
    expect((await attempt(s, 'anchor01', PASSWORD, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(200);

    const guesses: number[] = [];
    for (let i = 0; i < 5; i++) guesses.push((await attempt(s, 'anchor01', `guess-${i}`, { 'x-forwarded-for': `203.0.113.${i + 1}` })).status);
    expect(guesses).toEqual([401, 401, 401, 401, 401]);

    // The sixth guess, from yet another address, waits, even with the right password: the guesser learns nothing.
    const locked = await attempt(s, 'anchor01', PASSWORD, { 'x-forwarded-for': '203.0.113.99' });
    const { status, body } = await statusAndBody(locked);
    expect(status).toBe(429);
    expect(body.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^该账号密码错误次数过多，请 \d+ 秒后再试。$/) });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // Another account from the guesser's own address is not affected, nor is the crew's known machine.
    expect((await attempt(s, 'anchor02', PASSWORD, { 'x-forwarded-for': '203.0.113.99' })).status).toBe(200);
    expect((await attempt(s, 'anchor01', PASSWORD, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(200);

    // The wait doubles with each further wrong guess: after 400 ms one more guess, then 800 ms.
    await new Promise((r) => setTimeout(r, 450));
    expect((await attempt(s, 'anchor01', 'guess-6', { 'x-forwarded-for': '203.0.113.50' })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 450));
    expect((await attempt(s, 'anchor01', 'guess-7', { 'x-forwarded-for': '203.0.113.51' })).status).toBe(429);
    await new Promise((r) => setTimeout(r, 450));
    expect((await attempt(s, 'anchor01', PASSWORD, { 'x-forwarded-for': '203.0.113.52' })).status).toBe(200);
  });

  it('with TRUST_PROXY the limit is per client address behind the proxy: one guesser does not lock out the rest of the studio', async () => {
    const s = await withCrew({ trustProxy: 'loopback', loginAttemptsPer15Min: 3 });
    for (let i = 0; i < 3; i++) expect((await attempt(s, `nobody${i}`, 'wrong', { 'x-forwarded-for': '203.0.113.66' })).status).toBe(401);
    expect((await attempt(s, 'nobody9', 'wrong', { 'x-forwarded-for': '203.0.113.66' })).status).toBe(429);
    expect((await attempt(s, 'anchor02', PASSWORD, { 'x-forwarded-for': '198.51.100.8' })).status).toBe(200);
  });

  it('guesses fired all at once at one account cannot outrun the backoff', async () => {
    const s = await withCrew({ trustProxy: 'loopback', loginBackoff: { freeFailures: 5, baseMs: 60_000 } });
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(s, 'anchor02', `burst-${i}`, { 'x-forwarded-for': `203.0.113.${i + 1}` }).then((r) => r.status)));
    const tried = burst.filter((status) => status === 401).length;
    console.log(`[loginThrottling] 40 guesses at once at one account: ${tried} checked (401), ${burst.length - tried} refused before any hash (429)`);
    expect(tried).toBeLessThanOrEqual(8);
    expect(burst.every((status) => status === 401 || status === 429)).toBe(true);
  });

  it('a full hash queue answers 503 BUSY in Chinese, which counts as no failed attempt', async () => {
    const s = await withCrew({ loginAttemptsPer15Min: 2, passwordHashQueue: 0 });
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => attempt(s, `nobody${i}`, 'wrong').then(statusAndBody)));
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(busy[0].body.error).toEqual({ code: 'BUSY', message: '服务器正忙（同时登录的人太多），请几秒后再试。' });
    expect(answers.every((a) => a.status === 503 || a.status === 401)).toBe(true);
    // Only the wrong passwords actually checked count toward the limit of 2: a BUSY answer is no guess.
    const checked = answers.filter((a) => a.status === 401).length;
    expect((await attempt(s, 'anchor01', PASSWORD)).status).toBe(checked >= 2 ? 429 : 200);
  });

  it('the session cookie is Secure when the request came over HTTPS through a trusted proxy, and not otherwise', async () => {
    const s = await withCrew({ trustProxy: 'loopback' });
    const overHttps = await attempt(s, 'anchor01', PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(overHttps.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    const plain = await attempt(s, 'anchor01', PASSWORD);
    expect(plain.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
    await s.stop();
    await removeDataDir(s.dataDir);
    // Without TRUST_PROXY a forged X-Forwarded-Proto changes nothing; SECURE_COOKIES=true marks every cookie.
    server = await startServer({ config: {} });
    const forged = await attempt(server, 'admin', ADMIN_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(forged.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
    await server.stop();
    await removeDataDir(server.dataDir);
    server = await startServer({ config: { secureCookies: true } });
    expect((await attempt(server, 'admin', ADMIN_PASSWORD)).headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });
});
