import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableJsonFile, nodeFileSystem } from '../../server/store/durableJsonFile';
import { faultyFileSystem } from '../helpers/faultyFileSystem';

describe('DurableJsonFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zfrx-file-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads a missing file as empty, not as a crash', async () => {
    expect(await new DurableJsonFile(join(dir, 'none.json')).read()).toBeNull();
  });

  it('puts the data in the real file, flushed and renamed before the folder is flushed, leaving no temporary file', async () => {
    const { fs, state } = faultyFileSystem();
    const path = join(dir, 'doc.json');
    await new DurableJsonFile(path, fs).write({ appeals: ['a1'], seq: 3 });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ appeals: ['a1'], seq: 3 });
    expect(state.syncs).toEqual([`file:${join(dir, '.doc.json.tmp')}`, `rename:${path}`, `dir:${dir}`]);
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('keeps the old file whole when the disk is full, and forgets the temporary file', async () => {
    const { fs, state } = faultyFileSystem();
    const path = join(dir, 'doc.json');
    const file = new DurableJsonFile(path, fs);
    await file.write({ seq: 1 });
    state.failWrites = 'ENOSPC';
    await expect(file.write({ seq: 2 })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ seq: 1 });
    expect(file.lastDurable()).toEqual({ seq: 1 });
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('keeps the old file when the rename is refused', async () => {
    const { fs, state } = faultyFileSystem();
    const path = join(dir, 'doc.json');
    const file = new DurableJsonFile(path, fs);
    await file.write({ seq: 1 });
    state.failRename = true;
    await expect(file.write({ seq: 2 })).rejects.toThrow(/EXDEV/);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ seq: 1 });
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('writes the state as it was at the call, even if the caller changes it while the disk works', async () => {
    const path = join(dir, 'doc.json');
    const data = { seq: 1 };
    const writing = new DurableJsonFile(path).write(data);
    data.seq = 2;
    await writing;
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ seq: 1 });
  });

  it('says which file is broken when it does not parse', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '{"seq": ');
    await expect(new DurableJsonFile(path).read()).rejects.toThrow(/DurableJsonFile: .*broken\.json is not valid JSON/);
  });

  it('an append that fails keeps no broken file handle: once the cause is gone the next append works', async () => {
    const path = join(dir, 'later', 'episode.log');
    await expect(nodeFileSystem.appendSynced(path, 'first\n')).rejects.toMatchObject({ code: 'ENOENT' });
    await mkdir(join(dir, 'later'));
    await nodeFileSystem.appendSynced(path, 'second\n');
    expect(await readFile(path, 'utf8')).toBe('second\n');
  });

  it('after a log is replaced by a rename, closing its append handle sends the next record to the new file', async () => {
    const path = join(dir, 'episode.log');
    await nodeFileSystem.appendSynced(path, 'old\n');
    await writeFile(join(dir, 'episode.log.tmp'), 'rewritten\n');
    await rename(join(dir, 'episode.log.tmp'), path);
    await nodeFileSystem.closeAppends!(path);
    await nodeFileSystem.appendSynced(path, 'next\n');
    expect(await readFile(path, 'utf8')).toBe('rewritten\nnext\n');
  });
});
