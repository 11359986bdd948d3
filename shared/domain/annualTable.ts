import { satisfactionFigure, type SatisfactionBasis } from './resolution';
import { formatRate } from './satisfaction';
import type { Rollup } from './rollups';

/** One column of a published table: a header (with its group, as the reports print two header rows), the figure and its year-on-year change. */
export interface TableColumn {
  id: string;
  group: string | null;
  label: string;
  value: number | string;
  /** 同比: growth against the previous year, e.g. "1.59%" or "-8.53%"; null where the report prints none. */
  yoy: string | null;
}

export interface AnnualTable {
  title: string;
  year: number;
  columns: TableColumn[];
  notes: string[];
}

/** Growth against the previous year as the reports print it: two decimals, a minus sign when down. */
export function yearOnYear(current: number, previous: number | null | undefined): string | null {
  if (previous === null || previous === undefined || previous === 0) return null;
  const growth = ((current - previous) / previous) * 100;
  // Round the size and keep the sign, so -0.015% and +0.015% both round away from zero.
  const size = Math.round(Number(Math.abs(growth).toPrecision(12)) * 100) / 100;
  return `${growth < 0 && size > 0 ? '-' : ''}${size.toFixed(2)}%`;
}

const YOY_NOTE = '括号内为同比增减幅度：（本年 − 上年）÷ 上年；上年无数据时不列。';

/** How the two sources are counted (DESIGN.md §7): said under every table that splits by source. */
export const SOURCE_NOTE = '诉求来源：电话 = 12345热线来电 + 直播间热线来电；互联网 = 网络留言（微信、APP、网页）。';

/**
 * The "政风热线"管理运行 table of the Xuzhou 2025 report, column for column: 期数; 上线人数 总数 and
 * 其中主要负责人数; 上线期间收到诉求总量, with its 诉求来源 电话 / 互联网 (as the report's other tables
 * split every appeal count); 现场回应诉求数; 直播后督办重点诉求数; 群众诉求办理满意率 on the chosen
 * basis (resolution.ts), its definition in the notes; 发布民生热点; 发布直播相关政策问答.
 */
export function annualTableXuzhou(year: number, current: Rollup, previous: Rollup | null, span: '本年' | '本期' = '本年', basis: SatisfactionBasis = 'callback'): AnnualTable {
  const figure = satisfactionFigure(current, basis);
  const col = (id: string, group: string | null, label: string, value: number | string, prev?: number): TableColumn => ({
    id,
    group,
    label,
    value,
    yoy: typeof value === 'number' && prev !== undefined ? yearOnYear(value, prev) : null,
  });
  return {
    title: `${year}年"政风热线"管理运行`,
    year,
    columns: [
      col('episodes', null, '期数', current.episodes, previous?.episodes),
      col('leaders', '上线人数(人)', '总数', current.leaders, previous?.leaders),
      col('principalLeaders', '上线人数(人)', '其中:主要负责人数', current.principalLeaders),
      col('received', null, '上线期间收到诉求总量(件)', current.received, previous?.received),
      col('phone', '诉求来源(件)', '电话', current.phone, previous?.phone),
      col('internet', '诉求来源(件)', '互联网', current.internet, previous?.internet),
      col('answeredOnAir', null, '现场回应诉求数(件)', current.answeredOnAir, previous?.answeredOnAir),
      col('supervised', null, '直播后督办重点诉求数(件)', current.supervised, previous?.supervised),
      col('satisfaction', null, '群众诉求办理满意率', formatRate(figure.rate)),
      col('hotspots', null, '发布民生热点(条)', current.hotspots, previous?.hotspots),
      col('policyQa', null, '发布直播相关政策问答(对)', current.policyQa, previous?.policyQa),
    ],
    notes: [
      `${figure.definition}${span}${figure.counted}。`,
      '诉求总量 = 现场回应诉求数 + 直播后督办重点诉求数 = 电话 + 互联网；无效来电（恶意、重复、与主题无关）另计，不计入总量。',
      SOURCE_NOTE,
      ...(previous ? [YOY_NOTE] : []),
    ],
  };
}

/**
 * The shorter layout of the Suqian 2022 report: 上线单位, 期数, 上线领导, 诉求总量, 现场回应诉求, 督办诉求.
 * `unitKind` names the units on air as the report does (市级部门).
 */
export function annualTableSuqian(year: number, current: Rollup, unitKind: string): AnnualTable {
  const col = (id: string, label: string, value: number | string): TableColumn => ({ id, group: null, label, value, yoy: null });
  return {
    title: `${year}年"政风热线"管理运行`,
    year,
    columns: [
      col('units', '上线单位', `${unitKind}（${current.units}家）`),
      col('episodes', '期数', current.episodes),
      col('leaders', '上线领导（位）', current.leaders),
      col('received', '诉求总量（件）', current.received),
      { id: 'phone', group: '诉求来源', label: '电话（件）', value: current.phone, yoy: null },
      { id: 'internet', group: '诉求来源', label: '互联网（件）', value: current.internet, yoy: null },
      col('answeredOnAir', '现场回应诉求（件）', current.answeredOnAir),
      col('supervised', '督办诉求（件）', current.supervised),
    ],
    notes: ['诉求总量 = 现场回应诉求 + 督办诉求 = 电话 + 互联网。', SOURCE_NOTE],
  };
}

/** How the units on air are named in the short table: by their levels (市级 → 市级部门). */
export function unitKindLabel(levels: string[]): string {
  // A fixed order (市级 before 县级…), so the same year always prints the same words.
  const order = (l: string) => (l.startsWith('省') ? 0 : l.startsWith('市') ? 1 : l.startsWith('县') || l.startsWith('区') ? 2 : 3);
  const distinct = [...new Set(levels.map((l) => l.trim()).filter(Boolean))].sort((a, b) => order(a) - order(b) || a.localeCompare(b, 'zh-CN'));
  if (distinct.length === 0) return '上线单位';
  return distinct.map((l) => (l.endsWith('级') ? `${l}部门` : l)).join('、');
}

/** A cell as printed: the figure, with the year-on-year change in brackets as the reports do. */
export function cellText(column: TableColumn): string {
  return column.yoy ? `${column.value}(${column.yoy})` : String(column.value);
}

/**
 * CSV that Excel opens correctly with Chinese text: UTF-8 with a byte-order mark, CRLF line ends,
 * fields quoted. Two header rows like the printed table, then the figures, then the notes.
 */
export function tableToCsv(table: AnnualTable): string {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const groups = table.columns.map((c) => c.group ?? c.label);
  const labels = table.columns.map((c) => (c.group ? c.label : ''));
  const rows = [[table.title], groups, labels, table.columns.map(cellText), ...table.notes.map((n) => [n])];
  return '\uFEFF' + rows.map((row) => row.map((v) => quote(String(v))).join(',')).join('\r\n') + '\r\n';
}
