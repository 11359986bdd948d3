import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tarHeader } from '../../server/store/backup/tar';
import { checkDataFolder } from '../../server/store/folderCheck';
import { LowdbStore } from '../../server/store/lowdbStore';
import { appealInput, buildStudio, commandId, connectAs, ok, startServer, type ClientSocket } from '../helpers/testServer';
import { buildProgramme, runTsx } from './cliHelpers';

const backup = (...args: string[]) => runTsx('server/cli/backup.ts', args);
const restore = (...args: string[]) => runTsx('server/cli/restore.ts', args);

/** Every appeal id per episode, read from a folder the way the server reads it. */
async function appealsIn(dataDir: string): Promise<Map<string, Set<string>>> {
  const store = new LowdbStore(dataDir);
  try {
    await store.loadCatalogue();
    const states = await store.loadEpisodeStates();
    return new Map(states.map((s) => [s.episode.id, new Set(Object.keys(s.appeals))]));
  } finally {
    await store.close();
  }
}

describe('backup of a live folder during a burst', () => {
  it('restores into a folder that loads and holds every appeal acknowledged before the backup began', async () => {
    const studio = await buildStudio();
    const { server, admin } = studio;
    const root = await mkdtemp(join(tmpdir(), 'zfrx-backup-live-'));
    const operators: ClientSocket[] = [studio.operator];
    for (let i = 0; i < 4; i++) operators.push(await connectAs(server, admin, 'operator'));
    await ok(studio.operator, 'episode:start', { commandId: commandId(), episodeId: studio.episodeId });

    const acked: Array<{ episodeId: string; appealId: string; at: number }> = [];
    const planned: Array<{ episodeId: string; at: number }> = [];
    let running = true;
    const episodes = [studio.episodeId];
    // Five operators, each with two appeals in flight at a time, into whichever episodes exist.
    const burst = operators.flatMap((socket, o) =>
      [0, 1].map(async (lane) => {
        for (let n = 0; running; n++) {
          const episodeId = episodes[(o + lane + n) % episodes.length];
          const data = await ok(socket, 'appeal:create', appealInput(episodeId, { summary: `突发第${o}-${lane}-${n}件` }));
          acked.push({ episodeId, appealId: data.appeal.id, at: Date.now() });
        }
      }),
    );
    // Episodes created during the burst too: a backup must hold each one whole or not at all.
    const planning = (async () => {
      for (let day = 1; running && day < 28; day++) {
        const { episode } = await ok(admin, 'episode:plan', {
          commandId: commandId(),
          date: `2025-12-${String(day).padStart(2, '0')}`,
          slot: { start: '09:00', end: '10:00' },
          theme: `第${day}期`,
          host: '李主持',
          unitIds: [studio.unitId],
          leaderIds: [studio.leaderId],
        });
        planned.push({ episodeId: episode.id, at: Date.now() });
        episodes.push(episode.id);
        await new Promise((r) => setTimeout(r, 150));
      }
    })();

    try {
      await new Promise((r) => setTimeout(r, 1_500));
      const out = join(root, 'live.tar.gz');
      const spawnedAt = Date.now();
      const ackedBeforeSpawn = acked.length;
      const run = await backup('--out', out, '--data', server.dataDir, '--quiet');
      await new Promise((r) => setTimeout(r, 300));
      running = false;
      await Promise.all([...burst, planning]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.toString('utf8')).toContain('已备份');

      const manifest = JSON.parse(gunzipAndFind(readFileSync(out), 'manifest.json').toString('utf8'));
      const began = Date.parse(manifest.createdAt);
      expect(began).toBeGreaterThanOrEqual(spawnedAt);
      // The burst really ran around the backup: acks before it, during it and after it.
      expect(ackedBeforeSpawn).toBeGreaterThan(50);
      expect(acked.filter((a) => a.at > began).length).toBeGreaterThan(20);

      const target = join(root, 'restored');
      const restored = await restore('--from', out, '--data', target);
      expect(restored.code, restored.stdout.toString('utf8') + restored.stderr).toBe(0);
      expect(restored.stdout.toString('utf8')).toContain('一切完好');
      const check = await checkDataFolder(target, { repair: false });
      expect(check.reports).toEqual([]);

      const held = await appealsIn(target);
      const mustHold = acked.filter((a) => a.at < began);
      const missing = mustHold.filter((a) => !held.get(a.episodeId)?.has(a.appealId));
      expect(missing).toEqual([]);
      for (const p of planned.filter((p) => p.at < began)) expect(held.has(p.episodeId)).toBe(true);
      const heldCount = [...held.values()].reduce((sum, s) => sum + s.size, 0);
      expect(heldCount).toBe(manifest.totals.appeals);
      expect(heldCount).toBeGreaterThanOrEqual(mustHold.length);
      console.log(`live backup: ${acked.length} appeals acked in the burst, ${mustHold.length} before the backup began (all restored), ${heldCount} in the archive, ${planned.length} episodes planned during the burst`);

      // And a server starts on the restored folder and serves them.
      const again = await startServer({ dataDir: target });
      try {
        const state = again.app.studio.state(studio.episodeId);
        for (const a of mustHold.filter((a) => a.episodeId === studio.episodeId)) expect(state.appeals[a.appealId]).toBeDefined();
      } finally {
        await again.stop();
      }
    } finally {
      running = false;
      await Promise.allSettled([...burst, planning]);
      for (const s of operators.slice(1)) s.disconnect();
      await studio.close();
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});

/** The body of one entry of a .tar.gz. */
function gunzipAndFind(gz: Buffer, path: string): Buffer {
  const entry = entries(gunzipSync(gz)).find((e) => e.path === path);
  if (!entry) throw new Error(`${path} not in archive`);
  return entry.body;
}

function entries(tar: Buffer) {
  const found: Array<{ path: string; header: number; bodyAt: number; size: number; body: Buffer }> = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const path = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, ''), 8);
    found.push({ path, header: at, bodyAt: at + 512, size, body: tar.subarray(at + 512, at + 512 + size) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return found;
}

/** A header with another type flag (a symlink), its checksum made right. */
function headerOfType(path: string, type: string): Buffer {
  const header = tarHeader(path, 0, new Date());
  header.write(type, 156, 'ascii');
  header.write('        ', 148, 'ascii');
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

function entryBytes(path: string, body: Buffer): Buffer {
  return Buffer.concat([tarHeader(path, body.length, new Date()), body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

describe('restore refuses what it must not write', () => {
  let root: string;
  let good: Buffer;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'zfrx-restore-'));
    await buildProgramme(join(root, 'source'));
    const run = await backup('--out', join(root, 'good.tar.gz'), '--data', join(root, 'source'), '--quiet');
    expect(run.code, run.stderr).toBe(0);
    good = readFileSync(join(root, 'good.tar.gz'));
  }, 60_000);
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('restores the good archive: the same files, byte for byte, and it passes the folder check', async () => {
    const target = join(root, 'good-restored');
    const run = await restore('--from', join(root, 'good.tar.gz'), '--data', target);
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout.toString('utf8');
    expect(out).toContain('一切完好');
    for (const name of ['catalogue.json', ...readdirSync(join(root, 'source', 'episodes')).map((n) => `episodes/${n}`)]) {
      expect(readFileSync(join(target, name)).equals(readFileSync(join(root, 'source', name))), name).toBe(true);
    }
    expect(readdirSync(root).filter((n) => n.includes('.restoring-'))).toEqual([]);
  }, 60_000);

  const tar = () => Buffer.from(gunzipSync(good));
  const damages: Array<[string, () => Buffer, string]> = [
    [
      'a byte flipped in a log',
      () => {
        const t = tar();
        const log = entries(t).find((e) => e.path.endsWith('.log'))!;
        t[log.bodyAt + Math.floor(log.size / 2)] ^= 0x20;
        return gzipSync(t);
      },
      'SHA-256 校验和不符',
    ],
    ['the archive cut short', () => good.subarray(0, Math.floor(good.length * 0.6)), '不完整'],
    [
      'the manifest changed',
      () => {
        const t = tar();
        const m = entries(t).find((e) => e.path === 'manifest.json')!;
        const text = m.body.toString('utf8').replace(/"appeals": \d/, (s) => s.slice(0, -1) + String((Number(s.at(-1)) + 1) % 10));
        Buffer.from(text).copy(t, m.bodyAt);
        return gzipSync(t);
      },
      'manifest.sha256 不符',
    ],
    [
      'a path with ..',
      () => {
        const t = tar();
        return gzipSync(Buffer.concat([entryBytes('data/../evil.txt', Buffer.from('x')), t]));
      },
      '不安全',
    ],
    [
      'an absolute path',
      () => gzipSync(Buffer.concat([entryBytes('data//etc/evil', Buffer.from('x')), tar()])),
      '不安全',
    ],
    ['a symlink', () => gzipSync(Buffer.concat([headerOfType('data/episodes/link.log', '2'), tar()])), '不是普通文件'],
    [
      'a file not in the manifest',
      () => gzipSync(Buffer.concat([entryBytes('data/extra.txt', Buffer.from('x')), tar()])),
      '不在清单里',
    ],
  ];

  for (const [name, make, reason] of damages) {
    it(`refuses ${name}, exit 1, and writes nothing`, async () => {
      const dir = join(root, name.replace(/\W+/g, '-'));
      mkdirSync(dir);
      const archive = join(dir, 'damaged.tar.gz');
      writeFileSync(archive, make());
      const target = join(dir, 'target');
      mkdirSync(target); // an empty folder is an allowed target: it must stay empty
      const run = await restore('--from', archive, '--data', target);
      expect(run.code, run.stdout.toString('utf8') + run.stderr).toBe(1);
      expect(run.stderr).toContain('拒绝恢复');
      expect(run.stderr).toContain('未写入任何文件');
      expect(run.stderr).toContain(reason);
      expect(readdirSync(target)).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(['damaged.tar.gz', 'target']);
      expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
    }, 30_000);
  }

  it('leaves out what was never acknowledged: a torn last line, a log whose checkpoint is not written yet', async () => {
    const dir = join(root, 'torn');
    await cp(join(root, 'source'), dir, { recursive: true });
    const log = readdirSync(join(dir, 'episodes')).find((n) => n.endsWith('.log'))!;
    const whole = readFileSync(join(dir, 'episodes', log));
    // An append caught half way, and an episode whose log is written but not yet its checkpoint.
    appendFileSync(join(dir, 'episodes', log), '{"from":99,"to":99,"comm');
    writeFileSync(join(dir, 'episodes', 'creating.log'), '{"from":1,"to":1,"commands":{},"events":[]}\n');
    const out = join(root, 'torn.tar.gz');
    const run = await backup('--out', out, '--data', dir, '--quiet');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.toString('utf8')).toContain('未备份节目 creating');
    const target = join(root, 'torn-restored');
    const restored = await restore('--from', out, '--data', target);
    expect(restored.code, restored.stdout.toString('utf8') + restored.stderr).toBe(0);
    expect(readFileSync(join(target, 'episodes', log)).equals(whole)).toBe(true);
    expect(existsSync(join(target, 'episodes', 'creating.log'))).toBe(false);
  }, 30_000);

  it('refuses a target folder that is not empty (exit 2) and leaves it as it was', async () => {
    const target = join(root, 'busy');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'mine');
    const run = await restore('--from', join(root, 'good.tar.gz'), '--data', target);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('不是空的');
    expect(readdirSync(target)).toEqual(['keep.txt']);
    expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('mine');
  }, 30_000);

  it('never overwrites an existing archive', async () => {
    const run = await backup('--out', join(root, 'good.tar.gz'), '--data', join(root, 'source'), '--quiet');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('已存在');
    expect(readFileSync(join(root, 'good.tar.gz')).equals(good)).toBe(true);
  }, 30_000);
});
