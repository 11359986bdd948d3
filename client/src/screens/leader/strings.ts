import type { Channel, EpisodeStatus } from '../../../../shared/domain/types';
import { calendarDate } from '../../ui/dates';
import { formatElapsed } from '../../ui/format';

const monthDay = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric' });
const clock = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });

const DAY_MS = 86_400_000;
/** A countdown: mm:ss, h:mm:ss past an hour, and days and hours past a day (an episode left live overnight). */
const span = (ms: number) => (ms >= DAY_MS ? `${Math.floor(ms / DAY_MS)}天${Math.floor((ms % DAY_MS) / 3_600_000)}小时` : formatElapsed(ms));

/**
 * Every zh-CN text of the leader panel (领导面板). Another language is another object of this shape.
 * Outcome names come from the shared STATUS_NAMES, server errors arrive already in Chinese.
 */
export const leaderStrings = {
  loading: '正在载入…',
  resyncing: '正在同步最新直播内容…',
  noEpisode: '今天没有安排直播节目。节目开始后，这里会显示正在播出的诉求。',

  // Episode header
  programme: '政风热线',
  episode: (year: number, number: number) => `${year}年第${number}期`,
  /** Episode date, stored as YYYY-MM-DD local. */
  episodeDate: calendarDate,
  slot: (start: string, end: string) => `${start}–${end}`,
  status: { planned: '未开播', live: '直播中', ended: '已结束' } satisfies Record<EpisodeStatus, string>,
  units: '上线单位',
  leaders: '上线领导',
  principal: '主要负责人',
  /** Between the units or leaders of one line: 市住建局、市交通局. */
  listSep: '、',
  leaderWithTitle: (name: string, title: string) => (title ? `${name} ${title}` : name),
  liveFor: '已直播',
  counters: { received: '收到', answeredOnAir: '现场回应', supervised: '直播后督办' },
  countersLabel: '本期诉求统计',
  /** The countdown to the end of the scheduled slot (shared/domain/slotClock). */
  countdown: {
    before: (ms: number) => `距时段开始 ${span(ms)}`,
    onAir: (ms: number) => `剩余 ${span(ms)}`,
    overrun: (ms: number) => `超时 ${span(ms)}`,
    title: (start: string, end: string) => `本期计划播出时段 ${start}–${end}`,
  },

  // The call on air
  onAirTitle: '正在播出',
  callNo: (no: number) => `第${no}号`,
  onAirFor: '已播出',
  area: '区域',
  category: '类别',
  channel: '来源',
  channels: { hotline: '热线电话', studio: '演播室热线', online: '网络留言' } satisfies Record<Channel, string>,
  operatorNotes: '导播备注',
  nothingOnAir: '当前没有诉求在播出',
  nothingOnAirHint: '请稍候，导播接入下一位市民后，诉求会自动显示在这里。',
  notLive: {
    planned: '节目尚未开始。开播后，导播接入的诉求会显示在这里。',
    ended: '本期节目已结束，感谢您的参与。未在现场回应的诉求已转直播后督办。',
  },
  nextUp: '下一位',

  // History
  historyTitle: '该来电人以往诉求',
  historyLoading: '正在查询以往诉求…',
  historyNone: '该来电人此前没有诉求记录。',
  historyNoCall: '有诉求播出时，这里显示该来电人以往的诉求。',
  sameMatterTitle: '其他市民同类诉求',
  sameMatterHint: (area: string, category: string) => (area ? `${area} · ${category}` : category),
  sameMatterNone: '暂无其他市民的同类诉求。',
  sameMatterTag: '同一事项',
  /** The day an earlier appeal came in; its episode label beside it gives the year. */
  receivedOn: (iso: string) => monthDay.format(new Date(iso)),
  answerPoints: '答复要点',
  commitment: '承诺事项',
  handOverReason: '转督办原因',

  // Queue
  queueTitle: '接下来',
  queueCount: (n: number) => `共${n}条待播`,
  queueEmpty: '暂无待播诉求。',
  queueMore: (n: number) => `另有${n}条待播`,

  // Answer form
  formTitle: '记录答复',
  pointsLabel: '答复要点',
  pointsHint: '现场回应时必填',
  pointsPlaceholder: '简要记录您在节目中的答复，例如：责成物业两周内修复电梯',
  commitmentLabel: '承诺事项',
  commitmentHint: '选填',
  commitmentPlaceholder: '如有承诺，请写明办理内容和时限',
  answerButton: '现场回应',
  or: '或',
  reasonLabel: '转督办原因',
  defaultReason: '需会后核实办理',
  handOverButton: '承诺并转督办',
  sending: '正在提交…',
  offline: '连接中断，正在自动重连。以下内容可能不是最新，暂时不能提交。',
  noForm: '有诉求播出时，可以在这里记录答复要点和承诺事项。',

  // What happened to the call that just left the air
  recorded: (no: number, outcome: string) => `已记录：第${no}号诉求「${outcome}」。`,
  closedElsewhere: (no: number, outcome: string) => `第${no}号诉求已结束播出，结果为「${outcome}」。`,
  unsentDraft: '您填写但未提交的内容如下，如需补充请告知导播：',
  dismiss: '知道了',

  /** The text a reload brought back (kept in this browser until the call is closed). */
  draftRestored: '已恢复刷新前填写的内容。',

  // Long texts in the lists: clamped to a few lines, opened in place.
  expand: '展开全文',
  collapse: '收起',

  // Messages
  messagesTitle: '导播消息',
  unreadCount: (n: number) => `${n}条未读`,
  messagesNone: '暂无导播消息。',
  markRead: '已读',
  readAt: (iso: string) => `${clock.format(new Date(iso))} 已读`,
  sentAt: (iso: string) => clock.format(new Date(iso)),
  aboutAppeal: (no: number) => `关于第${no}号`,
} as const;
