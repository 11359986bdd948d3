import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_COLUMNS } from '../../shared/domain/historyImport';
import { annualReportFromDisk } from '../../server/cli/annualFromDisk';
import { readFolder } from '../../server/cli/history/folder';
import { parseCsv } from '../../server/cli/history/readSheet';
import { folderDigest, runTsx } from './cliHelpers';

const tool = (...args: string[]) => runTsx('server/cli/importHistory.ts', args);

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function csv(rows: Array<Record<string, string>>, bom = true): string {
  const names = HISTORY_COLUMNS.map((c) => c.name);
  return (bom ? '\uFEFF' : '') + [names, ...rows.map((r) => names.map((n) => r[n] ?? ''))].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

const episode = { 节目日期: '2024-06-12', 期号: '23', 节目时段: '09:00-10:00', 主持人: '李然', 上线单位: '市水务局', 上线领导: '周海（局长）', 主要负责人: '周海', 节目主题: '城区排水防涝' };
const call = (no: number, minute: number) => ({ ...episode, 序号: String(no), 诉求来源: '12345热线', 来电时间: `2024-06-12 09:${String(minute).padStart(2, '0')}`, 来电人: '张华', 称呼: '女士', 联系电话: '13812345678', 区域: '鼓楼区', 诉求类别: '排水' });
const good = [
  // A quoted field with a comma, a doubled quote and a line break.
  { ...call(1, 5), 诉求内容: '小区门口积水，雨后"一脚深"，\r\n请尽快疏通，谢谢', 办理结果: '现场回应', 现场答复要点: '局长答复：今日派员疏通', 回访时间: '2024-06-14 10:00', 满意度: '满意' },
  { ...call(2, 12), 诉求内容: '道路塌陷', 办理结果: '转督办', 承办单位: '市水务局', 复杂程度: '复杂', 交办时间: '2024-06-12 09:30', 办理期限: '2024-06-20', 单位答复时间: '2024-06-21 16:00', 单位答复内容: '已修复', 回访时间: '2024-06-24 10:00', 回访结果: '已联系上', 满意度: '基本满意', 办结时间: '2024-06-24 10:30' },
  { ...call(3, 20), 诉求内容: '与主题无关', 办理结果: '无效', 来电人: '匿名', 称呼: '', 联系电话: '' },
];

describe('npm run import:history: checking rows (server/cli/importHistory.ts)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zfrx-history-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('parses quoted CSV fields, with or without a byte-order mark', () => {
    const rows = parseCsv('\uFEFFa,b\r\n"x, ""y""","1\n2"\r\n');
    expect(rows).toEqual([['a', 'b'], ['x, "y"', '1\n2']]);
    expect(parseCsv('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('a dry run reports every broken row by its number, in Chinese, exits 1 and writes nothing', async () => {
    const file = join(dir, 'broken.csv');
    await writeFile(
      file,
      csv([
        good[0],
        { ...good[1], 办理期限: '2024-06-11' }, // row 3: deadline before the hand-over
        { ...good[0], 序号: '4', 回访时间: '' }, // row 4: a rating without a callback
        { ...good[1], 序号: '5', 单位答复时间: '', 单位答复内容: '' }, // row 5: called back and closed before any reply
        { ...good[1], 序号: '6', 承办单位: '市水利局' }, // row 6: unknown unit
        { ...good[0], 序号: '7', 节目日期: '2024-13-01', 诉求内容: '' }, // row 7: bad date, missing content
      ]),
    );
    const data = join(dir, 'never');
    const result = await tool('--from', file, '--data', data, '--dry-run');
    expect(result.code).toBe(1);
    const out = result.stdout.toString('utf8');
    expect(out).toContain('检查发现 7 处问题');
    expect(out).toContain('诉求表第 3 行［办理期限］：办理期限 2024-06-11 早于交办日 2024-06-12');
    expect(out).toContain('诉求表第 4 行［满意度］：有满意度却没有回访时间（满意度只能来自回访）');
    expect(out).toContain('诉求表第 5 行［回访时间］：单位尚未答复，不能回访');
    expect(out).toContain('诉求表第 5 行［办结时间］：单位尚未答复，不能办结');
    expect(out).toContain('诉求表第 6 行［承办单位］：未知单位「市水利局」');
    expect(out).toContain('诉求表第 7 行［节目日期］：「2024-13-01」不是有效日期');
    expect(out).toContain('诉求表第 7 行［诉求内容］：缺少必填项');
    expect(out).not.toMatch(/第 2 行/);
    expect(result.stderr).toContain('未写入任何数据');
    expect(existsSync(data)).toBe(false);

    // Without --dry-run: the same report, and the import does not start.
    const refused = await tool('--from', file, '--data', data);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('诉求表第 3 行［办理期限］');
    expect(refused.stderr).toContain('未开始导入');
    expect(existsSync(data)).toBe(false);
  });

  it('a clean CSV imports at its own dates; importing it again is refused and changes nothing', async () => {
    const file = join(dir, 'good.csv');
    await writeFile(file, csv(good, false));
    const dry = await tool('--from', file, '--data', join(dir, 'folder'), '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.toString('utf8')).toContain('检查通过 all rows valid：3 行诉求，1 期');
    expect(existsSync(join(dir, 'folder'))).toBe(false);

    const run = await tool('--from', file, '--data', join(dir, 'folder'), '--quiet');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.toString('utf8')).toMatch(/用时 import time [\d.]+ s/);
    const { catalogue, states } = await readFolder(join(dir, 'folder'));
    expect(Object.values(catalogue.units).map((u) => u.name)).toEqual(['市水务局']);
    expect(Object.values(catalogue.people).map((p) => [p.name, p.title, p.principal])).toEqual([['周海', '局长', true]]);
    expect(states).toHaveLength(1);
    const { episode: ep, appeals, appealOrder } = states[0];
    expect([ep.year, ep.number, ep.date, ep.status, ep.leaders.map((l) => l.name)]).toEqual([2024, 23, '2024-06-12', 'ended', ['周海']]);
    const [first, second, third] = appealOrder.map((id) => appeals[id]);
    expect(first.summary).toBe('小区门口积水，雨后"一脚深"，\n请尽快疏通，谢谢'); // line ends as the text schema keeps them
    expect([first.receivedAt, first.status, first.onAirCallbacks?.[0]?.rating, first.onAirCallbacks?.[0]?.at]).toEqual(['2024-06-12T01:05:00.000Z', 'answered_on_air', 'satisfied', '2024-06-14T02:00:00.000Z']);
    expect(second.status).toBe('supervised');
    expect(second.supervision).toMatchObject({ complexity: 'complex', assignedAt: '2024-06-12T01:30:00.000Z', deadline: '2024-06-20', status: 'closed', closedAt: '2024-06-24T02:30:00.000Z' });
    expect(second.supervision!.replies.map((r) => r.at)).toEqual(['2024-06-21T08:00:00.000Z']);
    expect([third.status, third.caller.anonymous]).toEqual(['invalid', true]);

    const { report } = await annualReportFromDisk(join(dir, 'folder'), 2024);
    const value = (id: string) => report.xuzhou.columns.find((c) => c.id === id)!.value;
    expect([value('episodes'), value('received'), value('answeredOnAir'), value('supervised'), value('principalLeaders')]).toEqual([1, 2, 1, 1, 1]);
    // Replied after the deadline: closed, not on time.
    const totals = states.map((s) => s.appeals).length;
    expect(totals).toBe(1);

    const before = await folderDigest(join(dir, 'folder'));
    const again = await tool('--from', file, '--data', join(dir, 'folder'), '--dry-run');
    expect(again.code).toBe(1);
    expect(again.stdout.toString('utf8')).toContain('诉求表第 2 行［期号］：数据目录中已有 2024年第23期');
    const refused = await tool('--from', file, '--data', join(dir, 'folder'));
    expect(refused.code).toBe(1);
    expect(await folderDigest(join(dir, 'folder'))).toBe(before);
  }, 60_000);

  it('refuses a file it cannot read, with a usage error', async () => {
    const missing = await tool('--from', join(dir, 'nope.xlsx'), '--dry-run');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('找不到文件');
    await writeFile(join(dir, 'x.txt'), 'a');
    const wrong = await tool('--from', join(dir, 'x.txt'), '--data', join(dir, 'n'), '--dry-run');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('只支持 .xlsx 或 .csv');
  });
});
