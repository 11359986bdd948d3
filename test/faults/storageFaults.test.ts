import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { faultyFileSystem } from '../helpers/faultyFileSystem';
import { appealInput, buildStudio, commandId, ok, send, startServer, type Studio } from '../helpers/testServer';
import { episodeBytes, episodeOnDisk } from '../helpers/onDisk';

type Disk = ReturnType<typeof faultyFileSystem>['state'];
const FAULTS = [
  { name: 'disk full (ENOSPC)', arm: (d: Disk) => (d.failWrites = 'ENOSPC') },
  { name: 'permission denied (EACCES)', arm: (d: Disk) => (d.failWrites = 'EACCES') },
];

describe.each(FAULTS)('storage fault: $name', ({ arm }) => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('acks nothing, keeps memory level with the disk for episodes and the catalogue, and works again once the fault is gone', async () => {
    const { fs, state: disk } = faultyFileSystem();
    studio = await buildStudio({ server: await startServer({ fs }) });
    const { admin, operator, episodeId, server } = studio;
    const cataloguePath = join(server.dataDir, 'catalogue.json');
    const before = { episode: episodeBytes(server.dataDir, episodeId), catalogue: await readFile(cataloguePath, 'utf8'), seq: server.app.studio.state(episodeId).seq, units: server.app.catalogue.units().length };

    arm(disk);
    const appeal = await send(operator, 'appeal:create', appealInput(episodeId));
    const unit = await send(admin, 'unit:save', { commandId: commandId(), name: '写不进去的单位', kind: 'department', level: '市级' });
    for (const answer of [appeal, unit]) {
      expect(answer).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILED', message: expect.stringContaining('磁盘') } });
    }
    expect(server.app.studio.state(episodeId).seq).toBe(before.seq);
    expect(server.app.catalogue.units()).toHaveLength(before.units);
    expect(episodeBytes(server.dataDir, episodeId)).toBe(before.episode);
    expect(await readFile(cataloguePath, 'utf8')).toBe(before.catalogue);

    disk.failWrites = null;
    disk.failRename = false;
    const created = await ok(operator, 'appeal:create', appealInput(episodeId));
    await ok(admin, 'unit:save', { commandId: commandId(), name: '恢复后的单位', kind: 'department', level: '市级' });
    const onDisk = episodeOnDisk(server.dataDir, episodeId);
    expect(Object.keys(onDisk.state.appeals)).toEqual([created.appeal.id]);
    expect(onDisk.state.seq).toBe(before.seq + 1);
    const units = Object.values(JSON.parse(await readFile(cataloguePath, 'utf8')).units) as Array<{ name: string }>;
    expect(units.map((u) => u.name)).toContain('恢复后的单位');
    expect(units.map((u) => u.name)).not.toContain('写不进去的单位');
    expect(server.app.catalogue.units().map((u) => u.name)).toContain('恢复后的单位');
  });
});

describe('storage fault: rename refused', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('fails the catalogue write (a whole-file rewrite) with nothing acked, while an appeal, a log append that needs no rename, is acked and on disk', async () => {
    const { fs, state: disk } = faultyFileSystem();
    studio = await buildStudio({ server: await startServer({ fs }) });
    const { admin, operator, episodeId, server } = studio;
    const cataloguePath = join(server.dataDir, 'catalogue.json');
    const before = { catalogue: await readFile(cataloguePath, 'utf8'), seq: server.app.studio.state(episodeId).seq, units: server.app.catalogue.units().length };

    disk.failRename = true;
    const unit = await send(admin, 'unit:save', { commandId: commandId(), name: '写不进去的单位', kind: 'department', level: '市级' });
    expect(unit).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILED', message: expect.stringContaining('磁盘') } });
    expect(server.app.catalogue.units()).toHaveLength(before.units);
    expect(await readFile(cataloguePath, 'utf8')).toBe(before.catalogue);
    const created = await ok(operator, 'appeal:create', appealInput(episodeId));
    expect(episodeOnDisk(server.dataDir, episodeId).state.appeals[created.appeal.id]).toBeDefined();
    expect(episodeOnDisk(server.dataDir, episodeId).state.seq).toBe(before.seq + 1);

    disk.failRename = false;
    await ok(admin, 'unit:save', { commandId: commandId(), name: '恢复后的单位', kind: 'department', level: '市级' });
    const units = Object.values(JSON.parse(await readFile(cataloguePath, 'utf8')).units) as Array<{ name: string }>;
    expect(units.map((u) => u.name)).toContain('恢复后的单位');
    expect(units.map((u) => u.name)).not.toContain('写不进去的单位');
  });
});
