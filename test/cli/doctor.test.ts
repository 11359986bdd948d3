import { existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualAfterRestart, buildProgramme, folderDigest, runTsx } from './cliHelpers';

const doctor = (...args: string[]) => runTsx('server/cli/doctor.ts', args);

/** `npm run doctor -- --data DIR [--repair]`, run the way a person runs it, over real folders. */
describe('doctor: checks a data folder offline and repairs it', () => {
  let root: string;
  let fixture: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'zfrx-doctor-'));
    fixture = join(root, 'fixture');
    await buildProgramme(fixture);
  }, 60_000);
  afterAll(async () => rm(root, { recursive: true, force: true }));

  async function copy(name: string) {
    const dir = join(root, name);
    await cp(fixture, dir, { recursive: true });
    const ids = readdirSync(join(dir, 'episodes')).filter((n) => n.endsWith('.json')).map((n) => n.replace(/\.json$/, '')).sort();
    return { dir, ids, file: (rel: string) => join(dir, rel) };
  }

  it('says a sound folder is sound, exits 0 and changes nothing', async () => {
    const { dir } = await copy('sound');
    const before = await folderDigest(dir);
    const run = await doctor('--data', dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.toString('utf8')).toContain('一切完好');
    expect(await folderDigest(dir)).toBe(before);
  }, 60_000);

  it('names every damaged file with its true byte offset and what it would do, exits 1 and changes nothing; --repair does it, and the server starts', async () => {
    const { dir, ids, file } = await copy('damaged');
    const [cutId, orphanId] = ids;
    const cut = Math.floor(statSync(file(`episodes/${cutId}.log`)).size / 3);
    truncateSync(file(`episodes/${cutId}.log`), cut);
    rmSync(file(`episodes/${orphanId}.json`));
    writeFileSync(file('episodes/stray.txt'), 'x');
    const catalogue = readFileSync(file('catalogue.json'), 'utf8');
    // Cut at byte 100, maybe inside a Chinese character: the offset named is still the true byte.
    writeFileSync(file('catalogue.json'), Buffer.from(catalogue).subarray(0, 100));

    const before = await folderDigest(dir);
    const check = await doctor('--data', dir);
    const out = check.stdout.toString('utf8');
    expect(check.code, out + check.stderr).toBe(1);
    expect(out).toContain(`episodes/${cutId}.log（字节 ${cut}`);
    expect(out).toContain(`episodes/${orphanId}.json（字节 0`);
    expect(out).toContain('episodes/stray.txt');
    expect(out).toContain('catalogue.json（字节 100');
    expect(out).toContain('将要：');
    expect(out).toContain(`npm run doctor -- --data ${dir} --repair`);
    expect(await folderDigest(dir)).toBe(before);

    const repair = await doctor('--data', dir, '--repair');
    const done = repair.stdout.toString('utf8');
    expect(repair.code, done + repair.stderr).toBe(0);
    expect(done).toContain('已从 catalogue.last-good.json 恢复');
    expect(done).toContain('重建检查点');
    // Nothing lost: everything set aside is under quarantine/.
    const aside = readdirSync(file('quarantine'));
    for (const name of [`${cutId}.log`, `${cutId}.json`, 'stray.txt', 'catalogue.json']) expect(aside.some((n) => n.endsWith(name)), name).toBe(true);
    expect(JSON.parse(readFileSync(file('catalogue.json'), 'utf8'))).toEqual(JSON.parse(catalogue));

    const again = await doctor('--data', dir);
    expect(again.code, again.stdout.toString('utf8')).toBe(0);
    const { app } = await annualAfterRestart(dir, 2025);
    try {
      expect(app.studio.summaries().map((s) => s.id).sort()).toEqual(ids.filter((id) => id !== cutId));
    } finally {
      await app.close();
    }
  }, 90_000);

  it('cannot repair a damaged catalogue without its last good copy: says to restore from a backup, exits 1', async () => {
    const { file, dir } = await copy('no-spare');
    writeFileSync(file('catalogue.json'), '{"units": {');
    rmSync(file('catalogue.last-good.json'));
    const run = await doctor('--data', dir, '--repair');
    expect(run.code).toBe(1);
    expect(run.stdout.toString('utf8')).toContain('请从备份恢复 catalogue.json');
    expect(existsSync(file('catalogue.json'))).toBe(true);
  }, 60_000);

  it('refuses a folder that is not a data folder with exit code 2', async () => {
    const run = await doctor('--data', join(root, 'nowhere'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('数据目录不存在');
  }, 60_000);
});
