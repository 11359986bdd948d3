import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync, mkdirSync, truncateSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeState } from '../../shared/domain/episodeState';
import { createApp } from '../../server/app';
import { createLogger } from '../../server/logger';
import { checkDataFolder } from '../../server/store/folderCheck';
import { LowdbStore } from '../../server/store/lowdbStore';
import { emptyCatalogue, type DamagedFileReport } from '../../server/store/store';
import { episodeOnDisk } from '../helpers/onDisk';
import { ADMIN_PASSWORD, appealInput, buildStudio, commandId, connectAs, connectWithCookie, login, ok, removeDataDir, send, startServer, type TestServer } from '../helpers/testServer';

/**
 * A damaged data folder, one kind of damage per test, on real files made by the real server: the
 * store starts (or, for the catalogue, says exactly what to run), everything undamaged is served,
 * nothing acknowledged is lost (what is set aside lies byte for byte under quarantine/), and the
 * report names the file and the true byte offset of the damage.
 */
describe('a data folder that heals', () => {
  /** The pristine folder: two episodes (A takes the damage, B is the witness), made through the server. */
  let fixture: string;
  let A: { id: string; state: EpisodeState };
  let B: { id: string; state: EpisodeState };
  const dirs: string[] = [];

  beforeAll(async () => {
    const studio = await buildStudio();
    const { server, admin, operator, episodeId, unitId, leaderId } = studio;
    const { episode } = await ok(admin, 'episode:plan', { commandId: commandId(), date: '2025-11-26', slot: { start: '09:00', end: '10:00' }, theme: '供水服务', host: '李主持', unitIds: [unitId], leaderIds: [leaderId] });
    for (let i = 0; i < 3; i++) await ok(operator, 'appeal:create', appealInput(episodeId, { summary: `节目甲第${i + 1}件` }));
    for (let i = 0; i < 2; i++) await ok(operator, 'appeal:create', appealInput(episode.id, { summary: `节目乙第${i + 1}件` }));
    for (const socket of [studio.admin, studio.operator, studio.leader, studio.screen]) socket.disconnect();
    await server.stop();
    fixture = server.dataDir;
    A = { id: episodeId, state: episodeOnDisk(fixture, episodeId).state };
    B = { id: episode.id, state: episodeOnDisk(fixture, episode.id).state };
  }, 60_000);
  afterAll(async () => removeDataDir(fixture));
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await removeDataDir(dir);
  });

  /** A fresh copy of the fixture to damage. */
  async function folder() {
    const dir = await mkdtemp(join(tmpdir(), 'zfrx-heal-'));
    dirs.push(dir);
    await cp(fixture, dir, { recursive: true });
    const file = (id: string, ext: 'json' | 'log') => join(dir, 'episodes', `${id}.${ext}`);
    return { dir, checkpoint: (id = A.id) => file(id, 'json'), log: (id = A.id) => file(id, 'log') };
  }

  async function load(dir: string) {
    const store = new LowdbStore(dir);
    await store.loadCatalogue();
    const states = await store.loadEpisodeStates();
    const byId = new Map(states.map((s) => [s.episode.id, s]));
    return { store, byId, reports: store.damaged() };
  }

  /** Every file under quarantine/, by name suffix: the set-aside bytes. */
  function quarantined(dir: string, suffix: string): Buffer {
    const names = existsSync(join(dir, 'quarantine')) ? readdirSync(join(dir, 'quarantine')).filter((n) => n.endsWith(suffix)) : [];
    expect(names, `quarantine/*${suffix}`).toHaveLength(1);
    return readFileSync(join(dir, 'quarantine', names[0]));
  }

  const reportOn = (reports: DamagedFileReport[], file: string) => {
    const report = reports.find((r) => r.file === file);
    expect(report, `a report on ${file} in ${JSON.stringify(reports)}`).toBeDefined();
    expect(report!.problem).toMatch(/\p{Script=Han}/u);
    expect(report!.action).toMatch(/\p{Script=Han}/u);
    return report!;
  };

  it('a deleted checkpoint: the episode is rebuilt from its whole log with the shared reducer, and says so', async () => {
    const f = await folder();
    rmSync(f.checkpoint());
    const { store, byId, reports } = await load(f.dir);
    expect(byId.get(A.id)).toEqual(A.state);
    expect(byId.get(B.id)).toEqual(B.state);
    const report = reportOn(reports, `episodes/${A.id}.json`);
    expect(report).toMatchObject({ episodeId: A.id, offset: 0, setAsideTo: null });
    expect(report.problem).toContain('检查点缺失');
    expect(report.action).toContain('重建');
    await store.close();
    // The fresh checkpoint covers the whole log: the next start finds nothing wrong.
    expect(JSON.parse(readFileSync(f.checkpoint(), 'utf8')).logBytes).toBe(statSync(f.log()).size);
    expect((await load(f.dir)).reports).toEqual([]);
  });

  it('a log cut short: the episode is set aside at start (not served to fail every write), both files kept in quarantine, the rest served', async () => {
    const f = await folder();
    const checkpointBytes = readFileSync(f.checkpoint());
    const cut = Math.floor(statSync(f.log()).size / 2);
    truncateSync(f.log(), cut);
    const cutBytes = readFileSync(f.log());
    const { byId, reports } = await load(f.dir);
    expect(byId.has(A.id)).toBe(false);
    expect(byId.get(B.id)).toEqual(B.state);
    const report = reportOn(reports, `episodes/${A.id}.log`);
    expect(report.offset).toBe(cut);
    expect(report.problem).toContain('截短');
    // Nothing acknowledged is lost: the checkpoint with every appeal lies in quarantine, byte for byte.
    expect(quarantined(f.dir, `${A.id}.json`)).toEqual(checkpointBytes);
    expect(quarantined(f.dir, `${A.id}.log`)).toEqual(cutBytes);
    expect(report.setAsideTo).toMatch(new RegExp(`^quarantine/.*${A.id}\\.log$`));
    expect(existsSync(f.checkpoint()) || existsSync(f.log())).toBe(false);
  });

  it('a bad line after records the checkpoint does not cover, with nothing whole after it: those records are kept and served, the damaged tail is kept in quarantine', async () => {
    const f = await folder();
    // Two commits past the checkpoint, as a crash before the quiet-time checkpoint leaves them.
    const writer = new LowdbStore(f.dir);
    const [state] = (await writer.loadEpisodeStates()).filter((s) => s.episode.id === A.id);
    const last = (await writer.loadEpisodeHistory(A.id)).events.at(-1)!;
    for (const n of [1, 2]) {
      const event = { ...last, seq: state.seq + n, appeal: { ...last.appeal!, id: `tail-${n}` } };
      await writer.commitEpisode({ episodeId: A.id, baseSeq: state.seq + n - 1, state: { ...state, seq: state.seq + n }, events: [event], commands: {} });
    }
    const goodEnd = statSync(f.log()).size;
    appendFileSync(f.log(), '{"from":99,"to":"garbage\n\u0000\u00ff not json either\n{"half":');
    const original = readFileSync(f.log());
    const { byId, reports } = await load(f.dir);
    expect(Object.keys(byId.get(A.id)!.appeals)).toEqual([...A.state.appealOrder, 'tail-1', 'tail-2']);
    expect(byId.get(A.id)!.seq).toBe(A.state.seq + 2);
    expect(byId.get(B.id)).toEqual(B.state);
    const report = reportOn(reports, `episodes/${A.id}.log`);
    expect(report.offset).toBe(goodEnd);
    expect(report.action).toContain('保留损坏处之前的记录');
    expect(quarantined(f.dir, `${A.id}.log`)).toEqual(original);
    expect(readFileSync(f.log())).toEqual(original.subarray(0, goodEnd));
  });

  it('a bad line in the middle of a log with acknowledged records after it: the episode is set aside whole, with the true byte offset, and the rest starts', async () => {
    const f = await folder();
    const text = readFileSync(f.log(), 'utf8');
    const lines = text.trimEnd().split('\n');
    // The second record damaged in place; the third and later were acknowledged after it.
    const damagedAt = Buffer.byteLength(`${lines[0]}\n`);
    // Same length (a bad block, not a cut): the checkpoint's byte count still fits.
    const damaged = [lines[0], `${'#'.repeat(12)}${lines[1].slice(12)}`, ...lines.slice(2)].join('\n') + '\n';
    writeFileSync(f.log(), damaged);
    const checkpointBytes = readFileSync(f.checkpoint());
    // The checkpoint covers the whole log (a clean stop), so start-up reads no log byte of it: the doctor's deep check finds it.
    const check = await checkDataFolder(f.dir, { repair: false });
    expect(check.reports).toContainEqual(expect.objectContaining({ file: `episodes/${A.id}.log`, offset: damagedAt }));
    // Past the checkpoint instead, start-up finds it itself.
    const json = JSON.parse(checkpointBytes.toString('utf8'));
    writeFileSync(f.checkpoint(), JSON.stringify({ ...json, seq: 1, logBytes: damagedAt, state: { ...json.state, ...stateAtSeq1(json.state), seq: 1 } }));
    const { byId, reports } = await load(f.dir);
    expect(byId.has(A.id)).toBe(false);
    expect(byId.get(B.id)).toEqual(B.state);
    const report = reportOn(reports, `episodes/${A.id}.log`);
    expect(report.offset).toBe(damagedAt);
    expect(report.offset).toBeGreaterThan(0);
    expect(report.action).toMatch(/完整的记录/);
    expect(quarantined(f.dir, `${A.id}.log`).toString('utf8')).toBe(damaged);
  });

  it('a half-written checkpoint with its whole log: the episode is rebuilt from the log, the half checkpoint kept in quarantine, its offset named', async () => {
    const f = await folder();
    const whole = readFileSync(f.checkpoint());
    const half = whole.subarray(0, Math.floor(whole.length / 2));
    writeFileSync(f.checkpoint(), half);
    const { byId, reports } = await load(f.dir);
    expect(byId.get(A.id)).toEqual(A.state);
    expect(byId.get(B.id)).toEqual(B.state);
    const report = reportOn(reports, `episodes/${A.id}.json`);
    expect(report.offset).toBe(half.length);
    expect(report.problem).toContain('不完整');
    expect(quarantined(f.dir, `${A.id}.json`)).toEqual(half);
    expect(JSON.parse(readFileSync(f.checkpoint(), 'utf8')).state).toEqual(A.state);
  });

  it('stray files in episodes/ are reported and moved to quarantine, never a reason not to start', async () => {
    const f = await folder();
    writeFileSync(join(f.dir, 'episodes', 'notes.txt'), '导播的备忘');
    writeFileSync(join(f.dir, 'episodes', 'backup.json'), '{"hello":"not an episode"}');
    mkdirSync(join(f.dir, 'episodes', 'old copies'));
    const { byId, reports } = await load(f.dir);
    expect(byId.get(A.id)).toEqual(A.state);
    expect(byId.get(B.id)).toEqual(B.state);
    for (const name of ['notes.txt', 'backup.json', 'old copies']) expect(reportOn(reports, `episodes/${name}`).setAsideTo).toMatch(/^quarantine\//);
    expect(quarantined(f.dir, 'notes.txt').toString('utf8')).toBe('导播的备忘');
    expect(quarantined(f.dir, 'backup.json').toString('utf8')).toBe('{"hello":"not an episode"}');
    expect(readdirSync(join(f.dir, 'episodes')).sort()).toEqual([`${A.id}.json`, `${A.id}.log`, `${B.id}.json`, `${B.id}.log`].sort());
  });

  it('an orphaned log with the whole history and a torn last append is rebuilt without the torn bytes, and takes the next commit', async () => {
    const f = await folder();
    rmSync(f.checkpoint());
    const whole = statSync(f.log()).size;
    appendFileSync(f.log(), '{"from":999,"to":999,"commands":{},"events":[{"type":"appeal.rec');
    const { store, byId, reports } = await load(f.dir);
    expect(byId.get(A.id)).toEqual(A.state);
    expect(reportOn(reports, `episodes/${A.id}.json`).action).toContain(`第 1–${A.state.seq} 个事件`);
    const history = await store.loadEpisodeHistory(A.id);
    expect(history.events.map((e) => e.seq)).toEqual(Array.from({ length: A.state.seq }, (_, i) => i + 1));
    const next = { ...A.state, seq: A.state.seq + 1 };
    await store.commitEpisode({ episodeId: A.id, baseSeq: A.state.seq, state: next, events: [{ ...history.events.at(-1)!, seq: next.seq }], commands: {} });
    await store.close();
    expect(readFileSync(f.log(), 'utf8')).not.toContain('appeal.rec"');
    expect(statSync(f.log()).size).toBeGreaterThan(whole);
    expect((await new LowdbStore(f.dir).loadEpisodeState(A.id))!.seq).toBe(next.seq);
  });

  it('an orphaned log without the start of its history is set aside, not rebuilt into less than was acknowledged', async () => {
    const f = await folder();
    rmSync(f.checkpoint());
    const lines = readFileSync(f.log(), 'utf8').trimEnd().split('\n');
    const rest = `${lines.slice(1).join('\n')}\n`;
    writeFileSync(f.log(), rest);
    const { byId, reports } = await load(f.dir);
    expect(byId.has(A.id)).toBe(false);
    expect(byId.get(B.id)).toEqual(B.state);
    const report = reportOn(reports, `episodes/${A.id}.log`);
    expect(report).toMatchObject({ offset: 0 });
    expect(report.problem).toMatch(/应从第 1 个事件开始/);
    expect(quarantined(f.dir, `${A.id}.log`).toString('utf8')).toBe(rest);
  });

  it('a damaged catalogue: the server refuses to start and names the exact doctor command, which restores the last good copy', async () => {
    const f = await folder();
    const path = join(f.dir, 'catalogue.json');
    const good = readFileSync(path, 'utf8');
    expect(JSON.parse(readFileSync(join(f.dir, 'catalogue.last-good.json'), 'utf8'))).toEqual(JSON.parse(good));
    const half = good.slice(0, Math.floor(good.length / 2));
    writeFileSync(path, half);
    const starting = createApp({ store: new LowdbStore(f.dir), logger: createLogger('silent'), config: { adminPassword: 'must-not-be-created', clientDir: join(f.dir, 'no-client') } });
    await expect(starting).rejects.toThrow(`npm run doctor -- --data ${f.dir} --repair`);
    await expect(starting).rejects.toThrow(`字节 ${Buffer.byteLength(half)}`);
    expect(readFileSync(path, 'utf8')).toBe(half);

    const repaired = await checkDataFolder(f.dir, { repair: true });
    expect(repaired.unresolved).toBe(0);
    expect(quarantined(f.dir, 'catalogue.json').toString('utf8')).toBe(half);
    const { store } = await load(f.dir);
    expect(await store.loadCatalogue()).toEqual({ ...emptyCatalogue(), ...JSON.parse(good) });

    // Deleted instead of damaged: the same refusal, never an empty catalogue with a new admin.
    rmSync(path);
    await expect(new LowdbStore(f.dir).loadCatalogue()).rejects.toThrow('--repair');
  });

  it('damage inside the part a checkpoint covers (not read at start) is named with its true offset when the history is first read, and listed for the admin', async () => {
    const f = await folder();
    const text = readFileSync(f.log(), 'utf8');
    const cut = text.indexOf('\n') + 1;
    writeFileSync(f.log(), `${text.slice(0, cut)}${'#'.repeat(12)}${text.slice(cut + 12)}`);
    // Bytes, not characters: the first record holds Chinese text.
    const at = Buffer.byteLength(text.slice(0, cut));
    const { store, byId } = await load(f.dir);
    expect(byId.get(A.id)).toEqual(A.state);
    await expect(store.loadEpisodeHistory(A.id)).rejects.toThrow(new RegExp(`at byte ${at}\\b.*npm run doctor -- --data ${f.dir} --repair`));
    expect(store.damaged()).toEqual([expect.objectContaining({ file: `episodes/${A.id}.log`, offset: at })]);
  });

  describe('the real server over a damaged folder', () => {
    let server: TestServer | undefined;
    afterEach(async () => {
      await server?.stop();
      server = undefined;
    });

    it('starts, serves every undamaged episode to a socket.io client, takes writes, and lists what it set aside', async () => {
      const f = await folder();
      // A: its log cut short (set aside). B: its checkpoint deleted (rebuilt). And a stray file.
      truncateSync(f.log(A.id), 10);
      rmSync(f.checkpoint(B.id));
      writeFileSync(join(f.dir, 'episodes', 'README'), 'x');
      server = await startServer({ dataDir: f.dir });
      const admin = await connectWithCookie(server.url, await login(server.url, 'admin', ADMIN_PASSWORD));
      const operator = await connectAs(server, admin, 'operator');
      const sync = await ok(operator, 'episode:sync', { episodeId: B.id, sinceSeq: null });
      expect(sync.mode).toBe('snapshot');
      expect(sync.snapshot).toEqual(B.state);
      const created = await ok(operator, 'appeal:create', appealInput(B.id, { summary: '修复后新来的诉求' }));
      expect(episodeOnDisk(f.dir, B.id).state.appeals[created.appeal.id]).toBeDefined();
      // The set-aside episode is not there (a clear refusal, not INTERNAL on every write).
      const refused = await send(operator, 'episode:sync', { episodeId: A.id, sinceSeq: null });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.code).not.toBe('INTERNAL');
      const files = server.store.damaged().map((r) => r.file).sort();
      expect(files).toEqual([`episodes/${A.id}.log`, `episodes/${B.id}.json`, 'episodes/README'].sort());
      expect(server.store.damaged().find((r) => r.file === `episodes/${A.id}.log`)!.offset).toBe(10);
      for (const socket of [admin, operator]) socket.disconnect();
    });
  });
});

/** The state right after the planning event: a checkpoint that covers only the first record. */
function stateAtSeq1(state: EpisodeState): Partial<EpisodeState> {
  return { appeals: {}, appealOrder: [], messages: {}, publications: {}, episode: state.episode };
}
