import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTsx } from '../cli/cliHelpers';
import { buildStudio, commandId, ok, appealInput, removeDataDir, startServer, type TestServer } from '../helpers/testServer';

/** A file an editor saved with a UTF-8 BOM is whole: it is read as it is, never set aside or "restored". */
describe('a byte-order mark at the start of a data file', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    if (server) {
      await server.stop().catch(() => undefined);
      await removeDataDir(server.dataDir);
    }
  });

  it('is no damage: the catalogue and a checkpoint with a BOM load as they are', async () => {
    const studio = await buildStudio();
    await ok(studio.operator, 'episode:start', { commandId: commandId(), episodeId: studio.episodeId });
    await ok(studio.operator, 'appeal:create', appealInput(studio.episodeId));
    for (const s of [studio.admin, studio.operator, studio.leader, studio.screen]) s.disconnect();
    await studio.server.stop();
    const dir = studio.server.dataDir;
    const withBom = async (file: string) => writeFile(file, `\uFEFF${await readFile(file, 'utf8')}`);
    await withBom(join(dir, 'catalogue.json'));
    const checkpoints = (await readdir(join(dir, 'episodes'))).filter((f) => f.endsWith('.json'));
    // A clean stop checkpoints every episode: there is a checkpoint to give a BOM to.
    expect(checkpoints.length).toBeGreaterThan(0);
    for (const name of checkpoints) await withBom(join(dir, 'episodes', name));

    // The offline check agrees: nothing to repair.
    const check = await runTsx('server/cli/doctor.ts', ['--data', dir]);
    expect(check.code).toBe(0);

    server = await startServer({ dataDir: dir });
    expect(server.store.damaged()).toEqual([]);
    expect(server.app.catalogue.units().map((u) => u.id)).toContain(studio.unitId);
    expect(Object.keys(server.app.studio.state(studio.episodeId).appeals)).toHaveLength(1);
  }, 60_000);
});
