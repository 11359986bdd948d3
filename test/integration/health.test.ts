import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, appealInput, buildStudio, commandId, ok, removeDataDir, send, startServer, type Studio, type TestServer } from '../helpers/testServer';

/** /healthz: alive. /readyz: can take commands (data folder writable, room left), else 503 with the reasons. */

const loginAttempt = (server: TestServer, password = ADMIN_PASSWORD) =>
  fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });

async function readyz(server: TestServer) {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { ok: boolean; data: { ready: boolean; reasons: string[] } } };
}

describe('health', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    if (!server) return;
    await server.stop();
    await removeDataDir(server.dataDir);
    server = undefined;
  });

  it('/healthz answers 200 while the process serves; /readyz 200 with the disk figures on a writable folder with room', async () => {
    server = await startServer();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, data: { store: 'lowdb', episodes: 0 } });
    const { status, body } = await readyz(server);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ ready: true, reasons: [] });
    // The disk figures are the admin's (/api/admin/condition), not in the public answer.
    expect(body.data).toEqual({ ready: true, reasons: [] });
    const storage = (await server.app.readiness.storageStatus())!;
    expect(storage.freeBytes).toBeGreaterThan(0);
    expect(storage.totalBytes).toBeGreaterThanOrEqual(storage.freeBytes);
  });

  it('/readyz answers 503 with the reason in Chinese when free space is below MIN_FREE_MB, and storageStatus warns well before', async () => {
    server = await startServer({ config: { minFreeMb: 1e9 } });
    const { status, body } = await readyz(server);
    expect(status).toBe(503);
    expect(body.data.ready).toBe(false);
    expect(body.data.reasons).toEqual([expect.stringMatching(/^数据目录所在磁盘剩余空间不足：剩余 [\d.]+ MB，低于下限 1000000000 MB。请清理磁盘空间。$/)]);
    expect((await server.app.readiness.storageStatus())!.low).toBe(true);
    // /healthz still says alive: a full disk is no reason to restart the process.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

/** A real full disk: a 2 MB tmpfs as the data folder (needs root; skipped with a message otherwise, failed under CI). */
describe('a real full disk (tmpfs)', () => {
  let mountDir = '';
  let mounted = false;
  let studio: Studio | undefined;

  beforeAll(async () => {
    mountDir = await mkdtemp(join(tmpdir(), 'zfrx-tmpfs-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountDir], { stdio: 'pipe' });
      mounted = true;
    } catch (error) {
      const why = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
      if (process.env.CI === 'true') throw new Error(`could not mount a tmpfs for the full-disk test: ${why}`);
      console.warn(`[health.test.ts] full-disk test skipped: could not mount a tmpfs (${why}); run as root to include it.`);
    }
  });
  afterAll(async () => {
    await studio?.close().catch(() => undefined);
    if (mounted) execFileSync('umount', [mountDir]);
    await rmdir(mountDir).catch(() => undefined);
  });

  it('login says the disk is full (503, not 401 or INTERNAL), /readyz is 503 with the reason, and once space is back login works at once: no lock-out', async (context) => {
    if (!mounted) return context.skip();
    studio = await buildStudio({ server: await startServer({ dataDir: mountDir, config: { loginAttemptsPer15Min: 3 } }) });
    const { server, operator, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });

    // Fill the disk to the last byte.
    const filler = join(mountDir, 'filler.bin');
    const handle = await open(filler, 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) await handle.write(chunk);
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    for (let size = 4096; size >= 1; size = Math.floor(size / 2)) {
      try {
        for (;;) await handle.write(Buffer.alloc(size, 1));
      } catch {
        // smaller pieces next
      }
    }
    await handle.close();

    // A small append may still fit in the last, partly used page of a file: until it does not, a
    // login is durable and rightly succeeds. Then every login says the disk is full.
    let fitted = 0;
    while ((await loginAttempt(server)).status === 200) if (++fitted > 40) throw new Error('the full disk still takes sessions');
    console.log(`[health] full tmpfs: ${fitted} logins still fitted in the session log's last page`);
    // More right-password logins than the per-address limit of wrong ones: each says the disk is full.
    for (let i = 0; i < 5; i++) {
      const response = await loginAttempt(server);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ ok: false, error: { code: 'STORAGE_FULL', message: '服务器磁盘已满，暂时无法登录或保存。请通知技术人员清理磁盘空间，清理后可立即重试。' } });
    }
    let appeal = await send(operator, 'appeal:create', appealInput(episodeId));
    for (let i = 0; appeal.ok && i < 40; i++) appeal = await send(operator, 'appeal:create', appealInput(episodeId));
    expect(appeal).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILED' } });
    const full = await readyz(server);
    console.log(`[health] full tmpfs: /readyz ${full.status} ${JSON.stringify(full.body.data.reasons)}`);
    expect(full.status).toBe(503);
    expect(full.body.data.reasons).toContain('数据目录所在磁盘已满，无法写入。');
    expect(full.body.data.reasons.some((r) => r.startsWith('数据目录所在磁盘剩余空间不足'))).toBe(true);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    // Space is back: login works at once, commands are acknowledged, /readyz is 200 again.
    await rm(filler);
    expect((await loginAttempt(server)).status).toBe(200);
    await ok(operator, 'appeal:create', appealInput(episodeId));
    await new Promise((r) => setTimeout(r, 1_100)); // past /readyz's one-second cache
    const back = await readyz(server);
    expect(back.status).toBe(200);
    expect((await server.app.readiness.storageStatus())!.low).toBe(false);
  }, 60_000);
});
