import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellText, tableToCsv } from '../../shared/domain/annualTable';
import type { AnnualReport } from '../../shared/protocol/events';
import { renderAnnualReport } from '../../server/cli/terminalTable';
import { rateNumber } from '../../server/reports/annualXlsx';
import { buildProgramme, folderDigest, runTsx } from './cliHelpers';

const report = (...args: string[]) => runTsx('server/cli/report.ts', args);

describe('npm run report (server/cli/report.ts)', () => {
  let dir: string;
  let dataDir: string;
  let expected: AnnualReport;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zfrx-cli-report-'));
    dataDir = join(dir, 'data');
    expected = await buildProgramme(dataDir);
  }, 60_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('the fixture is what it claims: two held 2025 episodes with 同比 against 2024', () => {
    const cells = Object.fromEntries(expected.xuzhou.columns.map((c) => [c.id, cellText(c)]));
    expect(cells).toEqual({
      episodes: '2(100.00%)',
      leaders: '2(100.00%)',
      principalLeaders: '2',
      received: '7(133.33%)',
      phone: '6(100.00%)',
      internet: '1',
      answeredOnAir: '3(200.00%)',
      supervised: '4(100.00%)',
      satisfaction: '66.7%',
      hotspots: '1',
      policyQa: '1',
    });
    expect(expected.suqian.columns[0].value).toBe('市级部门（2家）');
  });

  it('prints JSON, table, CSV and XLSX equal to what the server computes, and never writes to the folder', async () => {
    const before = await folderDigest(dataDir);
    const xlsxPath = join(dir, 'annual.xlsx');
    const [json, jsonSuqian, table, tableSuqian, csv, csvSuqian, xlsx, fromEnv] = await Promise.all([
      report('--year', '2025', '--format', 'json', '--data', dataDir),
      report('--year', '2025', '--format', 'json', '--layout', 'suqian', '--data', dataDir, '--quiet'),
      report('--year', '2025', '--data', dataDir),
      report('--year', '2025', '--layout', 'suqian', '--data', dataDir),
      report('--year', '2025', '--format', 'csv', '--data', dataDir),
      report('--year', '2025', '--format', 'csv', '--layout', 'suqian', '--data', dataDir),
      report('--year', '2025', '--format', 'xlsx', '--out', xlsxPath, '--data', dataDir),
      runTsx('server/cli/report.ts', ['--year', '2025', '--format', 'json'], { DATA_DIR: dataDir }),
    ]);
    for (const run of [json, jsonSuqian, table, tableSuqian, csv, csvSuqian, xlsx, fromEnv]) expect(run.code, run.stderr).toBe(0);

    expect(JSON.parse(json.stdout.toString('utf8'))).toEqual(expected);
    expect(JSON.parse(fromEnv.stdout.toString('utf8'))).toEqual(expected);
    expect(JSON.parse(jsonSuqian.stdout.toString('utf8'))).toEqual(expected.suqian);
    // Progress goes to stderr, never into the output.
    expect(json.stderr).toContain('loading 4 episode files');

    // The terminal table: both layouts by default, each figure on its own row with its 同比.
    const text = table.stdout.toString('utf8');
    expect(text).toBe(renderAnnualReport(expected));
    expect(tableSuqian.stdout.toString('utf8')).toBe(renderAnnualReport(expected, 'suqian'));
    const lines = text.split('\n');
    for (const column of expected.xuzhou.columns) {
      const row = lines.find((line) => line.startsWith(`| ${column.group ? '  ' : ''}${column.label} `));
      expect(row, column.label).toBeDefined();
      expect(row!.split('|').map((cell) => cell.trim())).toEqual(['', column.group ? column.label : column.label, String(column.value), column.yoy ?? '', '']);
    }
    expect(text).toContain(`报告原样 as printed: ${expected.xuzhou.columns.map(cellText).join(' | ')}`);
    // Rows line up in display columns (a CJK character is two columns wide).
    const widths = new Set(lines.slice(1, 17).filter((l) => l.startsWith('|') || l.startsWith('+')).map((l) => [...l].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uff60]/.test(ch) ? 2 : 1), 0)));
    expect(widths.size).toBe(1);

    // CSV: the same bytes the server's export sends, byte-order mark first.
    expect([...csv.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.stdout.toString('utf8')).toBe(tableToCsv(expected.xuzhou));
    expect(csvSuqian.stdout.toString('utf8')).toBe(tableToCsv(expected.suqian));

    // XLSX: both layouts, figures as numbers, read back with exceljs.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxPath);
    const [xuzhou, suqian] = workbook.worksheets;
    expect(xuzhou.getCell(1, 1).value).toBe(expected.xuzhou.title);
    expect(xuzhou.getRow(2).values).toEqual([, ...expected.xuzhou.columns.map((c) => c.group ?? c.label)]);
    // 诉求来源 电话 / 互联网 under the total, in both sheets, as the CSV and the table print them.
    expect(xuzhou.getRow(2).values).toContain('诉求来源(件)');
    expect(xuzhou.getRow(3).values).toEqual(expect.arrayContaining(['电话', '互联网']));
    expect(suqian.getRow(3).values).toEqual(expect.arrayContaining(['电话（件）', '互联网（件）']));
    // The satisfaction rate is a number (0.986) shown with a percent format; '—' stays text when nothing is rated.
    expect(xuzhou.getRow(4).values).toEqual([, ...expected.xuzhou.columns.map((c) => (c.id === 'satisfaction' ? (rateNumber(c.value) ?? c.value) : c.value))]);
    expect(xuzhou.getRow(5).values).toEqual([, ...expected.xuzhou.columns.map((c) => (c.yoy ? `同比 ${c.yoy}` : ''))]);
    expect(suqian.getRow(4).values).toEqual([, ...expected.suqian.columns.map((c) => c.value)]);

    expect(await folderDigest(dataDir)).toBe(before);
  }, 60_000);

  it('prints the report’s paragraph with the definition of the 满意率 chosen (--satisfaction callback|resolved), and the exports carry 电话 / 互联网', async () => {
    const [table, resolvedJson, resolvedTable] = await Promise.all([
      report('--year', '2025', '--data', dataDir, '--quiet'),
      report('--year', '2025', '--format', 'json', '--satisfaction', 'resolved', '--data', dataDir, '--quiet'),
      report('--year', '2025', '--satisfaction', 'resolved', '--data', dataDir, '--quiet'),
    ]);
    for (const run of [table, resolvedJson, resolvedTable]) expect(run.code, run.stderr).toBe(0);
    // Units of three kinds went on air in 2025? Two: the housing bureau (department) and the water group (public service).
    expect(expected.paragraph.text).toBe('2025年，全市2家政府职能部门和公共服务单位走进政风热线直播室，直播节目2期，接听受理诉求7件，着力解决群众“急难愁盼”诉求5件，群众诉求办理满意率66.67%。');
    expect(expected.paragraph.sources).toBe('其中电话诉求6件、互联网诉求1件（网络留言占14.29%）。');
    const text = table.stdout.toString('utf8');
    expect(text).toContain(`报告表述 the report's paragraph:\n  ${expected.paragraph.text}\n  ${expected.paragraph.sources}\n  满意率口径：满意率 =（满意 + 基本满意）`);
    // Printed once, after the tables, not again among the notes.
    expect(text.split(expected.paragraph.text)).toHaveLength(2);
    const resolved = JSON.parse(resolvedJson.stdout.toString('utf8')) as AnnualReport;
    expect(resolved.paragraph.basis).toBe('resolved');
    expect(resolved.paragraph.text).toContain('群众诉求办理满意率71.43%。');
    expect(resolved.xuzhou.columns.find((c) => c.id === 'satisfaction')!.value).toBe('71.4%');
    expect(resolved.xuzhou.notes[0]).toMatch(/^满意率 = 解决的诉求数 ÷ 受理的诉求数.*本年解决 5 件，受理 7 件。$/);
    expect(resolvedTable.stdout.toString('utf8')).toContain('满意率口径：满意率 = 解决的诉求数 ÷ 受理的诉求数');
    expect(tableToCsv(resolved.xuzhou)).toContain('"电话","互联网"');
  }, 60_000);

  it('refuses bad arguments and missing folders with exit code 2 and a message in Chinese and English', async () => {
    const notData = join(dir, 'not-data');
    await mkdir(notData, { recursive: true });
    const cases: Array<[string[], string, string]> = [
      [['--year', '2025', '--data', join(dir, 'missing')], '数据目录不存在', 'Data folder not found'],
      [['--year', '2025', '--data', notData], '不是政风热线数据目录', 'not a hotline data folder'],
      [['--data', dataDir], '缺少 --year', 'Missing --year'],
      [['--year', '25', '--data', dataDir], '年份必须是', '--year must be'],
      [['--year', '2025', '--format', 'pdf', '--data', dataDir], '--format 只能是', '--format must be one of'],
      [['--year', '2025', '--layout', 'nanjing', '--data', dataDir], '--layout 只能是', '--layout must be one of'],
      [['--year', '2025', '--satisfaction', 'survey', '--data', dataDir], '--satisfaction 只能是', '--satisfaction must be one of'],
      [['--year', '2025', '--format', 'xlsx', '--data', dataDir], '须用 --out', 'give an output file with --out'],
      [['--year', '2025', '--out', join(dir, 'nowhere', 'x.csv'), '--data', dataDir], '输出文件所在的目录不存在', 'The folder of --out does not exist'],
      [['--year', '2025', '--colour', '--data', dataDir], '未知参数', 'Unknown option'],
      [['2025', '--data', dataDir], '多余的参数', 'Unexpected argument'],
    ];
    const runs = await Promise.all(cases.map(([args]) => report(...args)));
    runs.forEach((run, i) => {
      const [args, zh, en] = cases[i];
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(zh);
      expect(run.stderr).toContain(en);
      expect(run.stderr).not.toMatch(/\n\s+at /); // a sentence, not a stack
      expect(run.stdout.length).toBe(0);
    });
  }, 60_000);
});
