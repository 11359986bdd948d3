import { calendarDate, weekdayOf } from '../../ui/dates';

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/**
 * zh-CN text of the public episode page (节目回顾): what anyone with the link reads, no login.
 * Another language is another object of this shape.
 */
export const publicStrings = {
  brand: '政风热线',
  brandSub: '12345政务服务便民热线 · 节目回顾',
  loading: '正在载入本期节目…',
  episodeLabel: (year: number, number: number) => `${year}年第${number}期`,
  /** 2025-11-25 → 2025年11月25日（星期二） */
  date: (date: string) => `${calendarDate(date)}（${WEEKDAYS[weekdayOf(date)] ?? ''}）`,
  units: '上线单位',
  leaders: '上线领导',
  leader: (name: string, title: string) => (title ? `${name}（${title}）` : name),
  listSeparator: '、',
  none: '—',
  countsLabel: '本期诉求办理',
  counts: { received: '收到诉求', answeredOnAir: '现场回应', supervised: '直播后督办' },
  countUnit: '件',
  countsNote: '直播后督办的诉求由有关单位限期办理，并回访市民。',
  hotspots: '民生热点',
  policyQa: '政策问答',
  noHotspots: '本期暂未发布民生热点。',
  noPolicyQa: '本期暂未发布政策问答。',
  question: '问',
  answer: '答',
  publishedAt: (iso: string) => `发布于 ${new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso))}`,
  documentTitle: (label: string, theme: string) => `${label}｜${theme}｜政风热线`,
  notFoundTitle: '没有找到这一期节目',
  notFound: '链接可能有误，或这一期节目尚未播出。请核对链接，或关注12345热线发布的最新节目。',
  failedTitle: '暂时无法打开本期节目',
  failed: '网络或服务器暂时出现问题，请稍后刷新页面重试。',
  retry: '重新载入',
  footer: '本页内容由12345政务服务便民热线整理发布，不含来电市民的个人信息。',
} as const;
