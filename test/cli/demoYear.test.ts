import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalRating } from '../../shared/domain/satisfaction';
import { LowdbStore } from '../../server/store/lowdbStore';
import { renderAnnualReport } from '../../server/cli/terminalTable';
import { targetsFor } from '../../server/cli/demo/yearPlan';
import { annualAfterRestart, runTsx, type CliResult } from './cliHelpers';

const demo = (...args: string[]) => runTsx('server/cli/demoYear.ts', args);

/** What a run decided, without the random ids and passwords: to compare two runs. */
async function contentOf(dataDir: string) {
  // Read back through the store itself: the checkpoints, and each episode's whole log.
  const store = new LowdbStore(dataDir);
  const docs = [];
  for (const state of await store.loadEpisodeStates()) docs.push({ state, events: (await store.loadEpisodeHistory(state.episode.id)).events });
  return docs
    .sort((a, b) => a.state.episode.number - b.state.episode.number)
    .map(({ state, events }) => ({
      number: state.episode.number,
      date: state.episode.date,
      theme: state.episode.theme,
      leaders: state.episode.leaders.map((l) => `${l.name}${l.title}${l.principal}`),
      events: events.length,
      appeals: state.appealOrder.map((id) => {
        const a = state.appeals[id];
        return [a.no, a.receivedAt, a.caller.phone, a.area, a.summary, a.status, a.supervision?.status ?? null, finalRating(a.supervision)];
      }),
    }));
}

describe('npm run demo:year (server/cli/demoYear.ts)', () => {
  let dir: string;
  let first: CliResult;
  let second: CliResult;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zfrx-cli-demo-'));
    [first, second] = await Promise.all([
      demo('--year', '2025', '--scale', '0.02', '--data', join(dir, 'one')),
      demo('--year', '2025', '--scale', '0.02', '--data', join(dir, 'two'), '--quiet'),
    ]);
  }, 60_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('finishes, prints the annual table, and the figures are what a restarted server reports', async () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/episodes 5\/5/);
    const { report, app } = await annualAfterRestart(join(dir, 'one'), 2025);
    try {
      const printed = first.stdout.toString('utf8');
      expect(printed).toContain(renderAnnualReport(report));
      const target = targetsFor(0.02);
      const value = (id: string) => report.xuzhou.columns.find((c) => c.id === id)!.value;
      expect({
        episodes: value('episodes'),
        leaders: value('leaders'),
        principalLeaders: value('principalLeaders'),
        received: value('received'),
        answeredOnAir: value('answeredOnAir'),
        supervised: value('supervised'),
        hotspots: value('hotspots'),
        policyQa: value('policyQa'),
      }).toEqual({
        episodes: target.episodes,
        leaders: target.episodes,
        principalLeaders: target.principalLeaders,
        received: target.received,
        answeredOnAir: target.answeredOnAir,
        supervised: target.supervised,
        hotspots: target.hotspots,
        policyQa: target.policyQa,
      });
      expect(report.suqian.columns[0].value).toBe(`市级部门（${target.units}家）`);
      // With ~160 ratings 98.6% cannot print exactly; the nearest rate is within a point.
      expect(Math.abs(parseFloat(String(value('satisfaction'))) - 98.6)).toBeLessThan(1);

      // Made through the services: every appeal has its history, every episode ended inside the year.
      const summaries = app.studio.summaries();
      expect(summaries.every((s) => s.status === 'ended' && s.date.startsWith('2025-'))).toBe(true);
      for (const { id } of summaries) {
        const events = await app.studio.ledger(id).events();
        expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
        expect(events.every((e, i) => i === 0 || e.at >= events[i - 1].at)).toBe(true);
        for (const appeal of Object.values(app.studio.state(id).appeals)) {
          expect(appeal.receivedAt.startsWith('2025-')).toBe(true);
          expect(events.some((e) => e.type === 'appeal.received' && e.appeal?.id === appeal.id)).toBe(true);
        }
      }
      expect((await stat(join(dir, 'one', 'DEMO-ACCOUNTS.txt'))).mode & 0o777).toBe(0o600);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('is deterministic: the same command makes the same year', async () => {
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/episodes \d+\/\d+/); // --quiet
    const tableOf = (run: CliResult) => run.stdout.toString('utf8').split('\n').slice(3).join('\n');
    expect(tableOf(second)).toBe(tableOf(first));
    expect(await contentOf(join(dir, 'two'))).toEqual(await contentOf(join(dir, 'one')));
  }, 60_000);

  it('refuses bad arguments and a folder that already has data, with exit code 2', async () => {
    const full = join(dir, 'full');
    await mkdir(full);
    await writeFile(join(full, 'catalogue.json'), '{}');
    const cases: Array<[string[], string]> = [
      [['--scale', '0.1'], 'Missing --year'],
      [['--year', '2025', '--scale', '0', '--data', join(dir, 'x')], '--scale must be'],
      [['--year', '2025', '--scale', '2', '--data', join(dir, 'x')], '--scale must be'],
      [['--year', '2025', '--scale', 'a tenth', '--data', join(dir, 'x')], '--scale must be'],
      [['--year', '2025', '--data', full], 'Folder is not empty'],
      [['--year', '2025', '--speed', 'fast'], 'Unknown option'],
    ];
    const runs = await Promise.all(cases.map(([args]) => demo(...args)));
    runs.forEach((run, i) => {
      expect(run.code, cases[i][0].join(' ')).toBe(2);
      expect(run.stderr).toContain(cases[i][1]);
      expect(run.stderr).toContain('错误：');
    });
    // Nothing was written where it was refused.
    expect(await readdir(full)).toEqual(['catalogue.json']);
  }, 60_000);
});
