import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combineRollups, rollupEpisode } from '../../shared/domain/rollups';
import { annualReportFromDisk } from '../../server/cli/annualFromDisk';
import { readFolder } from '../../server/cli/history/folder';
import { runTsx, type CliResult } from './cliHelpers';

/**
 * A past year brought in from a spreadsheet (issue 18): a demo year is exported to the history
 * format (XLSX), imported into a new folder through the domain commands, and the annual table of
 * the imported folder is compared with the source's. By default a tenth of the Xuzhou year (25
 * episodes, 1,255 appeals, ~25 s in all); HISTORY_FULL=true runs the whole Xuzhou 2025 volumes
 * (247 episodes, 127 units, 12,551 appeals; ~2 min, mostly generating the source year).
 */
const FULL = process.env.HISTORY_FULL === 'true';
const SCALE = FULL ? '1' : '0.1';
const RECEIVED = FULL ? 12_551 : 1_255;

describe(`npm run import:history: a ${FULL ? 'Xuzhou-sized' : 'tenth-of-Xuzhou'} year from XLSX`, () => {
  let dir: string;
  let exported: CliResult;
  let imported: CliResult;
  let importSeconds = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zfrx-history-year-'));
    const demo = await runTsx('server/cli/demoYear.ts', ['--year', '2025', '--scale', SCALE, '--data', join(dir, 'source'), '--quiet']);
    expect(demo.code, demo.stderr).toBe(0);
    exported = await runTsx('server/cli/importHistory.ts', ['--export', join(dir, 'history.xlsx'), '--data', join(dir, 'source'), '--year', '2025']);
    const started = Date.now();
    imported = await runTsx('server/cli/importHistory.ts', ['--from', join(dir, 'history.xlsx'), '--data', join(dir, 'imported'), '--quiet']);
    importSeconds = (Date.now() - started) / 1000;
    const printed = /用时 import time ([\d.]+) s/.exec(imported.stdout.toString('utf8'))?.[1];
    // The figure the issue asks for: printed with the test's output.
    console.log(`import:history ${RECEIVED} appeals from XLSX: ${printed} s inside the tool, ${importSeconds.toFixed(1)} s with process start-up`);
  }, FULL ? 900_000 : 180_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('exports the source year and imports it, printing the time taken', () => {
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.toString('utf8')).toMatch(/已导出 exported: .*history\.xlsx/);
    expect(imported.code, imported.stderr).toBe(0);
    const out = imported.stdout.toString('utf8');
    expect(out).toMatch(/用时 import time [\d.]+ s/);
    expect(out).toContain('上线期间收到诉求总量');
  });

  it('the annual table of the imported folder equals the source figures', async () => {
    const source = await annualReportFromDisk(join(dir, 'source'), 2025);
    const copy = await annualReportFromDisk(join(dir, 'imported'), 2025);
    expect(source.report.xuzhou.columns.find((c) => c.id === 'received')!.value).toBe(RECEIVED);
    expect(copy.report.xuzhou).toEqual(source.report.xuzhou);
    expect(copy.report.suqian).toEqual(source.report.suqian);
    expect(copy.report.paragraph).toEqual(source.report.paragraph);
    // Both bases of 满意率 (resolved ÷ accepted too).
    expect((await annualReportFromDisk(join(dir, 'imported'), 2025, undefined, 'resolved')).report.xuzhou).toEqual((await annualReportFromDisk(join(dir, 'source'), 2025, undefined, 'resolved')).report.xuzhou);
  });

  it('dates are the rows’ own: closed on time, ratings and every count per episode match', async () => {
    const totals = async (folder: string) => {
      const { states } = await readFolder(join(dir, folder));
      const rollups = states.map(rollupEpisode);
      const { unitIds: _ids, ...rest } = combineRollups(rollups);
      const perEpisode = rollups
        .map((r) => ({ date: r.date, received: r.received, answeredOnAir: r.answeredOnAir, supervised: r.supervised, invalid: r.invalid, closed: r.closed, closedOnTime: r.closedOnTime, resolved: r.resolved, ratings: [...r.ratings].sort() }))
        .sort((a, b) => a.date.localeCompare(b.date));
      const times = states.flatMap((s) => Object.values(s.appeals).map((a) => `${s.episode.number}/${a.no}/${a.receivedAt.slice(0, 19)}/${a.supervision?.closedAt?.slice(0, 19) ?? ''}/${a.supervision?.deadline ?? ''}`)).sort();
      return { rest, perEpisode, times };
    };
    const source = await totals('source');
    const copy = await totals('imported');
    expect(copy.rest).toEqual(source.rest);
    expect(copy.rest.closedOnTime).toBeGreaterThan(0);
    expect(copy.rest.closedOnTime).toBeLessThan(copy.rest.closed);
    expect(copy.perEpisode).toEqual(source.perEpisode);
    expect(copy.times).toEqual(source.times);
  });
});
