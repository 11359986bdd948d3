import { describe, expect, it } from 'vitest';
import { annualTableSuqian, annualTableXuzhou, cellText, SOURCE_NOTE, tableToCsv, unitKindLabel, yearOnYear, type AnnualTable } from '../../shared/domain/annualTable';
import { RESOLVED_RATE_DEFINITION } from '../../shared/domain/resolution';
import { combineRollups, type Rollup } from '../../shared/domain/rollups';
import { summarizeRatings } from '../../shared/domain/satisfaction';
import type { Rating } from '../../shared/domain/types';

/*
 * The published tables: the Xuzhou 2025 layout column for column as the seed prints it (table 二(二)1
 * "政风热线"管理运行), the shorter Suqian 2022 layout, 同比, and the CSV export.
 */

/** n ratings of a kind. */
const ratings = (satisfied: number, basically: number, unsatisfied: number): Rating[] => [
  ...Array<Rating>(satisfied).fill('satisfied'),
  ...Array<Rating>(basically).fill('basically_satisfied'),
  ...Array<Rating>(unsatisfied).fill('unsatisfied'),
];

/** The Xuzhou 2025 figures as a Rollup (986 + 14 = 1000 rated: 98.6%). */
function xuzhou2025(overrides: Partial<Rollup> = {}): Rollup {
  return {
    episodes: 247,
    leaders: 247,
    principalLeaders: 52,
    units: 127,
    unitIds: [],
    received: 12551,
    phone: 12000,
    internet: 551,
    answeredOnAir: 4270,
    supervised: 8281,
    invalid: 31,
    closed: 8000,
    closedOnTime: 7900,
    resolved: 12375,
    satisfaction: summarizeRatings(ratings(900, 86, 14)),
    hotspots: 95,
    policyQa: 724,
    ...overrides,
  };
}

const SEED_HEADERS = [
  [null, '期数'],
  ['上线人数(人)', '总数'],
  ['上线人数(人)', '其中:主要负责人数'],
  [null, '上线期间收到诉求总量(件)'],
  ['诉求来源(件)', '电话'],
  ['诉求来源(件)', '互联网'],
  [null, '现场回应诉求数(件)'],
  [null, '直播后督办重点诉求数(件)'],
  [null, '群众诉求办理满意率'],
  [null, '发布民生热点(条)'],
  [null, '发布直播相关政策问答(对)'],
];

describe('yearOnYear (同比): two decimals, a minus sign when down, nothing without a previous figure', () => {
  it('growth and decline', () => {
    expect(yearOnYear(247, 243)).toBe('1.65%');
    expect(yearOnYear(9147, 10000)).toBe('-8.53%');
    expect(yearOnYear(300, 100)).toBe('200.00%');
    expect(yearOnYear(0, 5)).toBe('-100.00%');
    expect(yearOnYear(1, 3)).toBe('-66.67%');
    expect(yearOnYear(2, 3)).toBe('-33.33%');
  });

  it('no change is 0.00%, and a tiny decline that rounds to nothing is not printed as -0.00%', () => {
    expect(yearOnYear(12551, 12551)).toBe('0.00%');
    expect(yearOnYear(199999, 200000)).toBe('0.00%');
  });

  it('previous year 0, null or missing: no figure (null), never Infinity or NaN', () => {
    expect(yearOnYear(247, 0)).toBeNull();
    expect(yearOnYear(0, 0)).toBeNull();
    expect(yearOnYear(247, null)).toBeNull();
    expect(yearOnYear(247, undefined)).toBeNull();
  });

  it('rounds half up at the second decimal even where binary floating point lands just below (20003 vs 20000 = +0.015%)', () => {
    expect(yearOnYear(20003, 20000)).toBe('0.02%');
    expect(yearOnYear(8005, 8000)).toBe('0.06%');
  });

  it('a decline is rounded like a growth of the same size (四舍五入 on the magnitude): 19997 vs 20000 = −0.015% prints -0.02%', () => {
    expect(yearOnYear(7995, 8000)).toBe('-0.06%');
    expect(yearOnYear(19997, 20000)).toBe('-0.02%');
  });
});

describe('annualTableXuzhou: the seed table column for column', () => {
  it('has the seed’s nine columns, in order, with the seed’s group and column headers exactly, and 诉求来源 电话 / 互联网 after the total as the report’s other tables split it', () => {
    const table = annualTableXuzhou(2025, xuzhou2025(), null);
    expect(table.columns.map((c) => [c.group, c.label])).toEqual(SEED_HEADERS);
    expect(table.columns.map((c) => c.id)).toEqual(['episodes', 'leaders', 'principalLeaders', 'received', 'phone', 'internet', 'answeredOnAir', 'supervised', 'satisfaction', 'hotspots', 'policyQa']);
    expect(table.title).toBe('2025年"政风热线"管理运行');
    expect(table.year).toBe(2025);
  });

  it('prints the seed’s figures from the 2025 rollup: 247, 247, 52, 12551 (电话 12000, 互联网 551), 4270, 8281, 98.6%, 95, 724', () => {
    const table = annualTableXuzhou(2025, xuzhou2025(), null);
    expect(table.columns.map((c) => c.value)).toEqual([247, 247, 52, 12551, 12000, 551, 4270, 8281, '98.6%', 95, 724]);
    expect(table.columns.map(cellText)).toEqual(['247', '247', '52', '12551', '12000', '551', '4270', '8281', '98.6%', '95', '724']);
  });

  it('prints the rate the centre chose: resolved ÷ accepted (12375 / 12551 = 98.6%) with that definition in the notes', () => {
    const table = annualTableXuzhou(2025, xuzhou2025({ satisfaction: summarizeRatings(ratings(1, 0, 1)) }), null, '本年', 'resolved');
    expect(table.columns.find((c) => c.id === 'satisfaction')!.value).toBe('98.6%');
    expect(table.notes[0]).toBe(`${RESOLVED_RATE_DEFINITION}本年解决 12375 件，受理 12551 件。`);
  });

  it('without a previous year: no 同比 anywhere, and no 同比 note', () => {
    const table = annualTableXuzhou(2025, xuzhou2025(), null);
    expect(table.columns.every((c) => c.yoy === null)).toBe(true);
    expect(table.notes).toEqual([
      '满意率 =（满意 + 基本满意）÷ 有效评价的回访数；同一诉求以最后一次有效评价为准，联系不上的回访不计入。本年有效评价 1000 件。',
      '诉求总量 = 现场回应诉求数 + 直播后督办重点诉求数 = 电话 + 互联网；无效来电（恶意、重复、与主题无关）另计，不计入总量。',
      SOURCE_NOTE,
    ]);
  });

  it('with a previous year: 同比 on every count except 主要负责人数 and the rate; a count that was 0 last year gets none', () => {
    const previous = xuzhou2025({ episodes: 243, leaders: 243, principalLeaders: 40, received: 10000, phone: 10000, internet: 0, answeredOnAir: 4270, supervised: 5730, hotspots: 0, policyQa: 800, satisfaction: summarizeRatings(ratings(90, 0, 10)) });
    const table = annualTableXuzhou(2025, xuzhou2025(), previous);
    expect(Object.fromEntries(table.columns.map((c) => [c.id, c.yoy]))).toEqual({
      episodes: '1.65%',
      leaders: '1.65%',
      principalLeaders: null,
      received: '25.51%',
      phone: '20.00%',
      internet: null,
      answeredOnAir: '0.00%',
      supervised: '44.52%',
      satisfaction: null,
      hotspots: null,
      policyQa: '-9.50%',
    });
    expect(table.columns.map(cellText)).toEqual(['247(1.65%)', '247(1.65%)', '52', '12551(25.51%)', '12000(20.00%)', '551', '4270(0.00%)', '8281(44.52%)', '98.6%', '95', '724(-9.50%)']);
    expect(table.notes).toHaveLength(4);
    expect(table.notes[3]).toContain('同比');
  });

  it('nothing rated: the rate prints —, not 0.0% or NaN', () => {
    const table = annualTableXuzhou(2025, combineRollups([]), null);
    expect(table.columns.map((c) => c.value)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, '—', 0, 0]);
    expect(table.notes[0]).toContain('本年有效评价 0 件');
  });

  it('the rate is printed with one decimal, rounded half up (69 / 70 = 98.571…% prints 98.6%)', () => {
    const table = annualTableXuzhou(2025, xuzhou2025({ satisfaction: summarizeRatings(ratings(50, 19, 1)) }), null);
    expect(table.columns.find((c) => c.id === 'satisfaction')!.value).toBe('98.6%');
  });
});

describe('annualTableSuqian: the short layout of the Suqian 2022 report', () => {
  it('上线单位, 期数, 上线领导（位）, 诉求总量（件）, 诉求来源 电话（件）/ 互联网（件）, 现场回应诉求（件）, 督办诉求（件）: the 2022 figures', () => {
    const table = annualTableSuqian(2022, xuzhou2025({ units: 82, episodes: 82, leaders: 82, received: 340, phone: 331, internet: 9, answeredOnAir: 194, supervised: 146 }), '市级部门');
    expect(table.columns.map((c) => c.label)).toEqual(['上线单位', '期数', '上线领导（位）', '诉求总量（件）', '电话（件）', '互联网（件）', '现场回应诉求（件）', '督办诉求（件）']);
    expect(table.columns.map((c) => c.value)).toEqual(['市级部门（82家）', 82, 82, 340, 331, 9, 194, 146]);
    // As the Suqian report heads its source columns: 诉求来源 over 电话（件） and 互联网（件）.
    expect(table.columns.map((c) => c.group)).toEqual([null, null, null, null, '诉求来源', '诉求来源', null, null]);
    expect(table.columns.every((c) => c.yoy === null)).toBe(true);
    expect(table.title).toBe('2022年"政风热线"管理运行');
    expect(table.notes).toEqual(['诉求总量 = 现场回应诉求 + 督办诉求 = 电话 + 互联网。', SOURCE_NOTE]);
  });

  it('names the units on air by their levels', () => {
    expect(unitKindLabel(['市级', '市级', ' 市级 '])).toBe('市级部门');
    expect(unitKindLabel(['市级', '县级'])).toBe('市级部门、县级部门');
    expect(unitKindLabel(['县（市、区）'])).toBe('县（市、区）');
    expect(unitKindLabel([])).toBe('上线单位');
    expect(unitKindLabel(['', '  '])).toBe('上线单位');
  });
});

describe('tableToCsv: what Excel opens correctly with Chinese text', () => {
  const csvOf = (table: AnnualTable) => tableToCsv(table);

  it('starts with the UTF-8 byte-order mark and ends every line, the last included, with CRLF', () => {
    const csv = csvOf(annualTableXuzhou(2025, xuzhou2025(), null));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('title, two header rows like the printed table (group, then the column under it), the figures, then the notes', () => {
    const csv = csvOf(annualTableXuzhou(2025, xuzhou2025(), null));
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toEqual([
      '"2025年""政风热线""管理运行"',
      '"期数","上线人数(人)","上线人数(人)","上线期间收到诉求总量(件)","诉求来源(件)","诉求来源(件)","现场回应诉求数(件)","直播后督办重点诉求数(件)","群众诉求办理满意率","发布民生热点(条)","发布直播相关政策问答(对)"',
      '"","总数","其中:主要负责人数","","电话","互联网","","","","",""',
      '"247","247","52","12551","12000","551","4270","8281","98.6%","95","724"',
      '"满意率 =（满意 + 基本满意）÷ 有效评价的回访数；同一诉求以最后一次有效评价为准，联系不上的回访不计入。本年有效评价 1000 件。"',
      '"诉求总量 = 现场回应诉求数 + 直播后督办重点诉求数 = 电话 + 互联网；无效来电（恶意、重复、与主题无关）另计，不计入总量。"',
      `"${SOURCE_NOTE}"`,
      '',
    ]);
  });

  it('quotes every field and doubles quotes inside; commas and line breaks stay inside their field', () => {
    const table: AnnualTable = {
      title: '含"引号"的标题',
      year: 2025,
      columns: [
        { id: 'a', group: null, label: '逗号,在内', value: 'x,y', yoy: null },
        { id: 'b', group: '分组"甲"', label: '换行\n在内', value: 3, yoy: '1.00%' },
      ],
      notes: ['说明一', '说明"二"'],
    };
    expect(csvOf(table)).toBe(
      '\uFEFF' + ['"含""引号""的标题"', '"逗号,在内","分组""甲"""', '"","换行\n在内"', '"x,y","3(1.00%)"', '"说明一"', '"说明""二"""'].join('\r\n') + '\r\n',
    );
  });

  it('the Suqian table has its labels in the first header row and 诉求来源 over 电话（件）/ 互联网（件） as the report prints it', () => {
    const csv = csvOf(annualTableSuqian(2022, xuzhou2025({ units: 82, episodes: 82, leaders: 82, received: 340, phone: 331, internet: 9, answeredOnAir: 194, supervised: 146 }), '市级部门'));
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('"上线单位","期数","上线领导（位）","诉求总量（件）","诉求来源","诉求来源","现场回应诉求（件）","督办诉求（件）"');
    expect(lines[2]).toBe('"","","","","电话（件）","互联网（件）","",""');
    expect(lines[3]).toBe('"市级部门（82家）","82","82","340","331","9","194","146"');
  });
});
