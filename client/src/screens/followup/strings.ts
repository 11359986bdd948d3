import type { EpisodeEventType } from '../../../../shared/domain/episodeState';
import { DEADLINE_WORKDAYS, MAX_UNREACHABLE_CALLBACKS } from '../../../../shared/domain/supervisionRules';
import type { Channel, Complexity, SupervisionStatus } from '../../../../shared/domain/types';
import { shellStrings } from '../../strings/shell';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const moment = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
const momentWithYear = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const clock = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });

function parts(date: string): { y: number; m: number; d: number; weekday: string } {
  const [y, m, d] = date.split('-').map(Number);
  return { y, m, d, weekday: WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? '' };
}

/**
 * Every zh-CN text of the follow-up desk (督办台) and of the supervision pieces the unit view
 * shares with it. Another language is another object of this shape. Rating names, the satisfaction
 * definition and the deadline rules are the shared ones (shared/domain), never copied here.
 */
export const followupStrings = {
  title: '督办台',
  loading: shellStrings.loading,
  episode: shellStrings.episodeLabel,
  /** 第37期 · 第3号: how the crew and the desk name an item. */
  itemNo: (number: number, no: number) => `第${number}期 · 第${no}号`,
  itemNoLong: (year: number, number: number, no: number) => `${year}年第${number}期 · 第${no}号`,
  dot: ' · ',
  none: '—',
  unknownUnit: '（已不存在的单位）',

  /** 11月27日 */
  monthDay: (date: string) => {
    const p = parts(date);
    return `${p.m}月${p.d}日`;
  },
  /** 11月27日（周四） */
  shortDate: (date: string) => {
    const p = parts(date);
    return `${p.m}月${p.d}日（${p.weekday}）`;
  },
  /** 2025年11月27日（周四） */
  longDate: (date: string) => {
    const p = parts(date);
    return `${p.y}年${p.m}月${p.d}日（${p.weekday}）`;
  },
  /** 11/23 20:55 */
  moment: (iso: string) => moment.format(new Date(iso)),
  /** 2025/11/23 20:55:03 */
  fullMoment: (iso: string) => momentWithYear.format(new Date(iso)),
  clock: (date: Date) => clock.format(date),

  status: { with_unit: '办理中', replied: '已答复待回访', closed: '已办结' } satisfies Record<SupervisionStatus, string>,
  complexity: { simple: '简单', normal: '一般', complex: '复杂' } satisfies Record<Complexity, string>,
  complexityWithDays: (c: Complexity, name: string) => `${name}（${DEADLINE_WORKDAYS[c]}个工作日）`,
  channels: { hotline: '12345热线', studio: '直播热线', online: '网络留言' } satisfies Record<Channel, string>,

  // Filters
  filtersLabel: '筛选督办事项',
  filterUnit: '承办单位',
  filterEpisode: '节目期次',
  filterStatus: '办理状态',
  filterDue: '期限',
  all: '全部',
  allUnits: '全部单位',
  allEpisodes: '全部期次',
  dueFilters: { due_soon: '即将到期', overdue: '已超期' },
  clearFilters: '清除筛选',
  exportLedger: '导出督办台账（Excel）',

  // Counts and satisfaction
  countsLabel: '督办统计',
  counts: { withUnit: '办理中', replied: '待回访', closed: '已办结', dueSoon: '即将到期', overdue: '已超期' },
  countHint: (label: string) => `只看${label}`,
  total: (n: number) => `共 ${n} 件`,
  satisfactionTitle: '满意率',
  ratedCount: (n: number) => `有效评价 ${n} 件`,
  ratingBreakdown: (s: number, b: number, u: number) => `满意 ${s} · 基本满意 ${b} · 不满意 ${u}`,

  // Alerts
  alertsLabel: '实时到期提醒',
  alertsNone: '暂无新的到期提醒。事项即将到期或超期时，会立即显示在这里。',
  alertDue: { due_soon: '即将到期', overdue: '已超期' },
  alertText: (no: string, unit: string, summary: string) => `${no} ${unit}：${summary}`,
  alertOpen: '查看',
  alertDismiss: '关闭提醒',
  alertsMore: (n: number) => `另有 ${n} 条`,
  alertsClear: '全部清除',

  // List
  listLabel: '督办事项',
  listEmpty: '没有符合条件的督办事项。',
  listEmptyAll: '还没有直播后督办的诉求。节目结束后，未在现场回应的诉求会出现在这里。',
  columns: { no: '编号', unit: '承办单位', summary: '诉求摘要', deadline: '办理期限', status: '状态', rating: '满意度' },
  workdaysLeft: (n: number) => (n === 0 ? '今日到期' : `剩余${n}个工作日`),
  overdue: '已超期',
  dueSoon: '即将到期',
  notRated: '未评价',
  reopened: (n: number) => `重办${n}次`,

  // Detail
  detailLabel: '督办详情',
  selectHint: '从左侧列表选择一条督办事项，查看办理经过并进行操作。',
  detailLoading: '正在载入办理经过…',
  closeDetail: '关闭详情',
  fields: {
    unit: '承办单位',
    deadline: '办理期限',
    complexity: '复杂程度',
    caller: '来电人',
    areaCategory: '区域 / 类别',
    channelReceived: '来源 / 来电时间',
    rating: '本件满意度',
    reopenings: '重新交办',
    reminders: '催办',
    assigned: '交办时间',
    closedAt: '办结时间',
  },
  timesCount: (n: number) => `${n}次`,
  callerLine: (name: string, phone: string) => (phone ? `${name} ${phone}` : name),
  /** 答复要点：… */
  labelled: (label: string, text: string) => `${label}：${text}`,
  liveAnswer: '现场答复要点',
  liveCommitment: '现场承诺',
  repliesTitle: '单位答复',
  repliesNone: '单位尚未答复。',
  onBehalf: '督办代录',
  byUnit: '单位答复',
  extensionsTitle: '延期申请',
  extensionsNone: '没有延期申请。',
  extensionAsk: (days: number) => `申请延期${days}个工作日`,
  extensionPending: '待审核',
  extensionGranted: '已同意',
  extensionRefused: '不同意',
  extensionWithdrawn: '已撤回',
  extensionWithdrawnText: (at: string, note: string) => `${at} 随单位答复撤回${note ? `：${note}` : ''}`,
  extensionDecision: (granted: boolean, by: string, at: string, note: string) => `${granted ? '同意' : '不同意'}（${by}，${at}）${note ? `：${note}` : ''}`,
  callbacksTitle: '回访记录',
  callbacksNone: '尚未回访。',
  historyTitle: '办理经过',
  historyCount: (n: number) => `共 ${n} 条记录`,
  historyNone: '暂无记录。',

  // Timeline
  eventTypes: {
    'episode.planned': '安排节目',
    'episode.updated': '修改节目',
    'episode.started': '开始直播',
    'episode.ended': '直播结束',
    'appeal.received': '登记诉求',
    'appeal.updated': '修改诉求',
    'appeal.screened': '筛选通过，进入待播',
    'appeal.wentOnAir': '播出',
    'appeal.answeredOnAir': '现场回应',
    'appeal.handedOver': '转直播后督办',
    'appeal.markedInvalid': '标记为无效',
    'queue.reordered': '调整待播顺序',
    'message.sent': '发送提示',
    'message.read': '提示已读',
    'supervision.assigned': '改派',
    'supervision.deadlineChanged': '调整办理期限',
    'supervision.reminded': '催办',
    'supervision.extensionRequested': '申请延期',
    'supervision.extensionDecided': '审核延期申请',
    'supervision.replied': '单位答复',
    'supervision.calledBack': '回访',
    'appeal.calledBack': '现场回应回访',
    'supervision.reopened': '回访不满意，重新交办',
    'supervision.closed': '办结',
    'feedback.wentOnAir': '回访报道播出',
    'feedback.wentOffAir': '回访报道结束',
    'publication.drafted': '起草发布内容',
    'publication.edited': '修改发布草稿',
    'publication.published': '发布',
    'publication.withdrawn': '撤回发布',
    'wall.hidden': '紧急隐藏大屏',
    'wall.shown': '恢复大屏',
  } satisfies Record<EpisodeEventType, string>,
  ev: {
    received: (channel: string, caller: string, area: string, category: string) => [channel, caller, area, category].filter(Boolean).join(' · '),
    updatedFields: (names: string[]) => `修改了：${names.join('、')}`,
    handedOver: (unit: string, complexity: string, deadline: string) => `交${unit}办理，${complexity}，期限${deadline}`,
    handOverReason: (reason: string, automatic: boolean) => (automatic ? `节目结束时自动转督办${reason ? `（${reason}）` : ''}` : `转督办原因：${reason}`),
    assigned: (from: string, to: string) => `由${from}改派至${to}`,
    deadline: (from: string, to: string) => `期限由${from}调整为${to}`,
    reason: (reason: string) => `原因：${reason}`,
    note: (note: string) => `说明：${note}`,
    extensionRequested: (days: number, reason: string) => `申请延期${days}个工作日：${reason}`,
    extensionDecided: (granted: boolean, days: number) => (granted ? `同意延期${days}个工作日` : `不同意延期${days}个工作日`),
    replied: (onBehalf: boolean) => (onBehalf ? '督办人员代单位录入答复' : '单位联络员答复'),
    extensionWithdrawn: '待审核的延期申请随答复自动撤回',
    callbackReached: (rating: string) => `联系上市民，评价：${rating}`,
    callbackUnreachable: '未联系上市民',
    reopened: (deadline: string) => `重新交办，新期限${deadline}`,
    reopenedKept: (deadline: string) => `重新交办，保留原期限${deadline}（含已批准的延期，晚于重新计算的期限）`,
  },
  appealFields: {
    channel: '来源',
    caller: '来电人',
    area: '区域',
    category: '类别',
    targetUnitId: '承办单位',
    summary: '诉求摘要',
    operatorNotes: '导播备注',
  } as Record<string, string>,
  otherField: '其他内容',

  // Desk actions
  actionsLabel: '督办操作',
  actions: { assign: '改派', deadline: '调整期限', remind: '催办', reply: '代单位答复', callback: '回访', close: '办结' },
  submitLabels: { assign: '确认改派', deadline: '确认调整', remind: '发送催办', reply: '录入答复', callback: '记录回访', close: '确认办结' },
  submit: '提交',
  submitting: '正在提交…',
  cancel: '取消',
  reasonLabel: '原因',
  noteLabel: '说明',
  optional: '（选填）',
  required: '（必填）',
  assignUnit: '改派至',
  assignPick: '请选择单位',
  assignDone: (unit: string) => `已改派至${unit}。`,
  deadlineBy: '调整方式',
  deadlineByComplexity: '按复杂程度',
  deadlineByDate: '指定日期',
  deadlineDate: '新的期限',
  deadlinePreview: (date: string) => `新期限：${date}`,
  deadlineRequired: '新的期限必须填写：请选择一个日期。',
  deadlineDone: (date: string) => `期限已调整为${date}。`,
  remindNote: '催办内容',
  remindDone: '已催办。',
  replyText: '答复内容',
  replyHint: '电话、纸质件等方式收到的单位答复，由督办人员代为录入。',
  replyDone: '答复已录入，等待回访。',
  callbackOutcome: '回访结果',
  outcomes: { reached: '联系上市民', unreachable: '未联系上' },
  ratingLabel: '市民评价',
  unreachableSoFar: (n: number) => `本轮答复后未联系上市民 ${n} / ${MAX_UNREACHABLE_CALLBACKS} 次（满 ${MAX_UNREACHABLE_CALLBACKS} 次可写明原因后办结）`,
  callbackDone: '回访已记录。',
  callbackReopened: '回访不满意，已重新交办给单位。',
  closeNote: '办结说明',
  closeDone: '已办结。',
  closeBlocked: (why: string) => `暂不能办结：${why}`,
  actionUnavailable: (why: string) => `当前不能进行：${why}`,
  decide: { grant: '同意', refuse: '不同意' },
  decideNote: '审核意见',
  grantPreview: (date: string) => `同意后期限为${date}`,
  decideDone: (granted: boolean) => (granted ? '已同意延期。' : '已不同意延期。'),
  closedNotice: '这条督办已办结。',

  // 现场回应回访 (tab of the desk; the callback form reuses the supervised callback's words above)
  tabs: { supervision: '督办事项', onAir: '现场回应回访' },
  tabsLabel: '督办台分区',
  onAir: {
    title: '现场回应回访',
    filtersLabel: '筛选现场回应的诉求',
    show: '显示',
    shows: { awaiting: '待回访', all: '全部' },
    from: '播出日期从',
    to: '至',
    counts: (awaiting: number, answered: number) => `待回访 ${awaiting} 件 · 现场回应 ${answered} 件`,
    capped: (shown: number, total: number) => `显示前 ${shown} 条（共 ${total} 条），请按期次或日期缩小范围。`,
    why: '领导在直播中现场回应的诉求，节目后回访市民，评价计入满意率（报表）。联系上市民即记录评价；未联系上的可再次回访。',
    listLabel: '现场回应的诉求',
    empty: '没有符合条件的现场回应诉求。',
    emptyAwaiting: '现场回应的诉求都已回访。',
    columns: { no: '编号 / 节目', summary: '诉求', caller: '来电人', state: '回访' },
    answeredLine: (at: string) => `${at} 现场回应`,
    episodeLine: (date: string, units: string, leaders: string) => [date, units, leaders].filter(Boolean).join(' · '),
    awaiting: '待回访',
    tries: (n: number) => `未接通${n}次`,
    selectHint: '从左侧列表选择一条现场回应的诉求，回访市民并记录评价。',
    answeredAt: '现场回应时间',
    leaders: '上线领导',
    units: '上线单位',
    form: '记录回访',
    done: (rating: string) => `回访已记录，市民评价：${rating}。`,
    doneUnreachable: '已记录未联系上，可稍后再次回访。',
    rated: '已回访并记录评价，不再回访。',
  },
} as const;

export type FollowupStrings = typeof followupStrings;
