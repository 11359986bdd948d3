import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app';
import { LowdbStore } from '../../server/store/lowdbStore';

describe('web security of the HTTP side', () => {
  let app: App;
  let url: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'zfrx-web-'));
    app = await createApp({ store: new LowdbStore(dataDir), config: { adminPassword: 'admin-password-1', loginAttemptsPer15Min: 3, clientDir: join(dataDir, 'none') } });
    url = await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const login = (password: string) =>
    fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });

  it('sets the session cookie httpOnly and SameSite, and sends secure headers with a content security policy', async () => {
    const response = await login('admin-password-1');
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^zfrx_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('throttles failed logins per address and answers in Chinese, while a right password still works until the limit', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) answers.push((await login(`wrong-${i}`)).status);
    expect(answers).toEqual([401, 401, 401, 429]);
    const limited = await login('admin-password-1');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: '尝试次数过多，请稍后再试。' } });
  });

  it('never sends a stack trace: malformed JSON, an unknown route and a too-large body get plain Chinese errors', async () => {
    const bad = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": ' });
    const big = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'x'.repeat(20_000), password: 'y' }) });
    const unknown = await fetch(`${url}/api/does-not-exist`);
    for (const response of [bad, big, unknown]) {
      const text = await response.text();
      expect(response.status).toBeLessThan(500);
      expect(text).not.toMatch(/\s+at\s|\.ts:\d+|node_modules/);
    }
    expect(big.status).toBe(413);
  });
});
