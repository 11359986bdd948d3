import { shellStrings } from '../../strings/shell';

/** 2025-11-25 → 2025年11月25日 */
function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * Every zh-CN text of the reports screen (统计报表). Another language is another object of this
 * shape. Table headers and notes come from the server's tables (shared/domain/annualTable), the
 * satisfaction definition and rate format from shared/domain/satisfaction: never copied here.
 */
export const reportsStrings = {
  title: '统计报表',
  loading: shellStrings.loading,
  offline: '连接已断开，重新连接后将自动刷新报表。',
  refresh: '刷新',
  refreshing: '正在刷新…',
  printedAt: (when: string) => `制表时间：${when}`,

  // Period picker
  periodLabel: '统计期间',
  periodKind: '统计方式',
  kinds: { year: '年度', quarter: '季度', month: '月度', range: '自定义' },
  year: '年份',
  yearOption: (y: number) => `${y}年`,
  quarter: '季度',
  quarterOption: (q: number) => ['第一季度', '第二季度', '第三季度', '第四季度'][q - 1] ?? `第${q}季度`,
  month: '月份',
  monthOption: (m: number) => `${m}月`,
  from: '起始日期',
  to: '截止日期',
  rangeInvalid: '截止日期不能早于起始日期。',
  rangeMissing: (from: boolean, to: boolean) => `${from && to ? '起始日期和截止日期' : from ? '起始日期' : '截止日期'}必须填写：请选择日期。`,
  periodTitle: (from: string, to: string) => (from === to ? longDate(from) : `${longDate(from)}至${longDate(to)}`),
  wholeYear: (y: number) => `${y}年全年`,
  byBroadcastDate: '按直播日期统计，只计已播出的节目。',

  // Tables
  tablesHeading: '“政风热线”管理运行',
  xuzhouCaption: '表一　“政风热线”管理运行（年度报告格式）',
  suqianCaption: '表二　“政风热线”管理运行（简表）',
  periodCaption: (label: string) => `“政风热线”管理运行（${label}）`,
  periodTableNote: '统计期间不是整年，不列同比。',
  /** The column of a period table that is not a whole year. */
  periodColumn: '本期',
  /** The server's year note, said of a period instead. */
  notesLabel: '注：',

  // The satisfaction basis and the report's paragraph
  basisLabel: '满意率口径',
  basisOptions: { callback: '回访评价：（满意＋基本满意）÷ 有效评价数', resolved: '诉求解决：解决数 ÷ 受理数（徐州年报口径）' },
  paragraphHeading: '报告表述',
  paragraphHint: '按所选满意率口径，由本期间数据生成，可直接用于年度报告。',

  // Per-episode rows
  episodesHeading: '各期明细',
  episodeColumns: { number: '期次', date: '播出日期', theme: '节目主题', received: '收到诉求', phone: '电话', internet: '互联网', answeredOnAir: '现场回应', supervised: '直播后督办', resolved: '解决' },
  episodeNumber: (year: number, n: number) => `${year}年第${n}期`,
  episodesTotal: '合计',

  // Period totals
  totalsHeading: '期间办理情况',
  totals: {
    episodes: '直播期数',
    units: '上线单位（家）',
    received: '收到诉求（件）',
    phone: '电话（件）',
    internet: '互联网（件）',
    resolved: '着力解决（件）',
    answeredOnAir: '现场回应（件）',
    supervised: '直播后督办（件）',
    invalid: '无效来电（件，另计）',
    closed: '督办已办结（件）',
    closedOnTime: '按期办结（件）',
    satisfaction: '群众诉求办理满意率',
  },
  invalidHint: '恶意、重复、与主题无关的来电，不计入诉求总量。',
  closedOf: (supervised: number) => `督办诉求共 ${supervised} 件`,
  onTimeRate: (rate: string) => `按期办结率 ${rate}`,
  ratedCount: (n: number) => `有效评价 ${n} 件`,
  sourceHint: '诉求来源：电话 = 12345热线 + 直播间热线；互联网 = 网络留言。',
  sourceShare: (share: string) => `占收到诉求 ${share}`,
  resolvedOf: (received: number, rate: string) => `受理 ${received} 件，解决率 ${rate}`,
  ratingSplit: (satisfied: number, basically: number, unsatisfied: number) => `满意 ${satisfied} · 基本满意 ${basically} · 不满意 ${unsatisfied}`,
  definitionLabel: '口径：',

  // Charts
  chartsHeading: '图表分析',
  chartsLoading: '正在载入图表…',
  charts: {
    monthly: '每月诉求量',
    monthlyHint: '柱高为收到诉求总量，分为现场回应与直播后督办。',
    share: '现场回应与直播后督办占比',
    sources: '诉求来源：电话与互联网',
    categories: '诉求类别（前10）',
    units: '上线单位诉求量（前10）',
    satisfaction: '每月满意率',
    satisfactionHint: '圆点为有有效评价的月份，其余月份不计。',
  },
  series: { answeredOnAir: '现场回应', supervised: '直播后督办', received: '收到诉求', count: '诉求数', satisfaction: '满意率', phone: '电话', internet: '互联网' },
  monthTick: (month: string, multiYear: boolean) => {
    const [y, m] = month.split('-').map(Number);
    return multiYear ? `${String(y).slice(2)}年${m}月` : `${m}月`;
  },
  pieLabel: (name: string, share: string) => `${name} ${share}`,
  countUnit: (n: number) => `${n} 件`,
  rateTooltip: (rate: string, rated: number) => `${rate}（有效评价 ${rated} 件）`,
  noData: '本期间没有已播出的节目。',
  noRatings: '本期间还没有有效的回访评价。',
  unknownUnit: '（已删除的单位）',

  // Export and print
  actionsLabel: '导出与打印',
  exportXlsx: '导出 Excel',
  exportCsv: '导出 CSV',
  exportHint: (y: number) => `导出${y}年全年表格（${y - 1}年有数据时含同比）。`,
  print: '打印',
  printTitle: (label: string) => `${label}“政风热线”运行统计`,
} as const;
