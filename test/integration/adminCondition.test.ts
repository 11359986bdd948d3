import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SystemConditionView } from '../../shared/protocol/condition';
import { ADMIN_PASSWORD, appealInput, buildStudio, commandId, login, ok, removeDataDir, startServer, type TestServer } from '../helpers/testServer';

/**
 * GET /api/admin/condition: what the admin screen warns about (free space, commands refused,
 * files set aside at start), served to admins only.
 */
async function condition(server: TestServer, cookie?: string) {
  const response = await fetch(`${server.url}/api/admin/condition`, { headers: cookie ? { cookie } : {} });
  return { status: response.status, body: (await response.json()) as { ok: boolean; data: SystemConditionView; error?: { code: string; message: string } } };
}

describe('the admin screen’s view of the installation', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      await server.stop().catch(() => undefined);
      await removeDataDir(server.dataDir);
    }
  });

  it('is for admins only: no login is 401, an operator is 403, both with a Chinese message', async () => {
    const studio = await buildStudio();
    servers.push(studio.server);
    expect((await condition(studio.server)).status).toBe(401);
    await ok(studio.admin, 'account:create', { commandId: commandId(), username: 'op-cond', displayName: '导播', role: 'operator', unitId: null, password: 'password-1234' });
    const operator = await login(studio.server.url, 'op-cond', 'password-1234');
    const refused = await condition(studio.server, operator);
    expect(refused.status).toBe(403);
    expect(refused.body.error!.message).toMatch(/[\u4e00-\u9fff]/);
    for (const s of [studio.admin, studio.operator, studio.leader, studio.screen]) s.disconnect();
  });

  it('says all is well on a healthy folder: ready, the disk figures, nothing set aside', async () => {
    const server = await startServer();
    servers.push(server);
    const { status, body } = await condition(server, await login(server.url, 'admin', ADMIN_PASSWORD));
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ ready: true, reasons: [], damaged: [] });
    expect(body.data.storage!.freeBytes).toBeGreaterThan(0);
    expect(body.data.storage!.low).toBe(false);
  });

  it('warns while free space runs low and says why commands are refused', async () => {
    const server = await startServer({ config: { minFreeMb: 1e9 } });
    servers.push(server);
    const { body } = await condition(server, await login(server.url, 'admin', ADMIN_PASSWORD));
    expect(body.data.ready).toBe(false);
    expect(body.data.storage!.low).toBe(true);
    expect(body.data.reasons.join('')).toContain('剩余空间不足');
  });

  it('lists the files set aside at start with the true byte offset, and the episodes are still served', async () => {
    const studio = await buildStudio();
    const { episodeId, operator } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    for (let i = 0; i < 3; i++) await ok(operator, 'appeal:create', appealInput(episodeId));
    const { episode: other } = await ok(studio.admin, 'episode:plan', {
      commandId: commandId(), date: '2025-12-02', slot: { start: '09:00', end: '10:00' }, theme: '供暖与燃气', host: '李主持', unitIds: [studio.unitId], leaderIds: [studio.leaderId],
    });
    for (const s of [studio.admin, studio.operator, studio.leader, studio.screen]) s.disconnect();
    await studio.server.stop();

    // The live episode's checkpoint cut in half (a crash of the disk, not of ours), and a stray file beside it.
    const checkpointPath = join(studio.server.dataDir, 'episodes', `${episodeId}.json`);
    const checkpoint = await readFile(checkpointPath);
    const half = checkpoint.subarray(0, Math.floor(checkpoint.length / 2));
    await writeFile(checkpointPath, half);
    await writeFile(join(studio.server.dataDir, 'episodes', 'notes.txt'), '导出的备忘');

    const server = await startServer({ dataDir: studio.server.dataDir });
    servers.push(server);
    const cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
    const { body } = await condition(server, cookie);
    expect(body.data.damaged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: `episodes/${episodeId}.json`, episodeId, offset: half.length, setAsideTo: expect.stringMatching(/^quarantine\//) }),
        expect.objectContaining({ file: 'episodes/notes.txt', episodeId: null }),
      ]),
    );
    for (const d of body.data.damaged) {
      expect(d.problem).toMatch(/[\u4e00-\u9fff]/);
      expect(d.action).toMatch(/[\u4e00-\u9fff]/);
    }
    // Nothing was deleted: the damaged checkpoint lies in quarantine byte for byte, and the episode
    // was rebuilt from its log: all three appeals still there, as is the other episode.
    const aside = body.data.damaged.find((d) => d.file.endsWith('.json'))!.setAsideTo!;
    expect(Buffer.compare(await readFile(join(server.dataDir, aside)), half)).toBe(0);
    expect(Object.keys(server.app.studio.state(episodeId).appeals)).toHaveLength(3);
    expect(server.app.studio.summaries().map((s) => s.id)).toContain(other.id);
  });
});
