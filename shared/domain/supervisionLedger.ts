import { maskPhone } from './masking';
import { callerLabel } from './masking';
import { RATING_NAMES } from './satisfaction';
import type { DueState } from './supervisionRules';
import type { Appeal, Complexity, Rating, SupervisionStatus } from './types';
import { chinaDate } from './workCalendar';

/**
 * 督办台账: one row per supervised item, as a centre's ledger of supervision lists them (unit,
 * deadline, status, the unit's replies, callbacks and ratings). The citizen's number is masked: a
 * ledger is printed and passed around, and the desk has the full number on screen.
 */
export const LEDGER_COLUMNS = [
  '节目期次',
  '播出日期',
  '诉求编号',
  '来电人',
  '联系电话',
  '所在区域',
  '诉求类别',
  '诉求摘要',
  '承办单位',
  '复杂程度',
  '交办时间',
  '办理期限',
  '办理状态',
  '期限情况',
  '改派次数',
  '延期申请',
  '单位答复次数',
  '最近答复时间',
  '最近答复内容',
  '回访次数',
  '满意度',
  '办结时间',
] as const;

const COMPLEXITY_WORDS: Record<Complexity, string> = { simple: '简单', normal: '一般', complex: '复杂' };
export const STATUS_WORDS: Record<SupervisionStatus, string> = { with_unit: '办理中', replied: '已答复待回访', closed: '已办结' };
export const DUE_WORDS: Record<DueState, string> = { on_track: '期限内', due_soon: '即将到期', overdue: '已超期', done: '已办结' };

export interface LedgerItem {
  episode: { year: number; number: number; date: string };
  appeal: Appeal;
  due: DueState;
  rating: Rating | null;
}

/** China time, minutes: how the ledger prints an instant. */
export function ledgerTime(instant: string | null | undefined): string {
  if (!instant) return '';
  return `${chinaDate(instant)} ${new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(11, 16)}`;
}

/** One ledger row, in LEDGER_COLUMNS order; counts as numbers. */
export function ledgerRow(item: LedgerItem, unitName: (unitId: string) => string): Array<string | number> {
  const { appeal, episode } = item;
  const s = appeal.supervision!;
  const lastReply = s.replies.at(-1);
  return [
    `${episode.year}年第${episode.number}期`,
    episode.date,
    `第${appeal.no}号`,
    appeal.caller.anonymous ? '匿名' : callerLabel(appeal.caller),
    appeal.caller.phone ? maskPhone(appeal.caller.phone) : '',
    appeal.area,
    appeal.category,
    appeal.summary,
    unitName(s.unitId),
    COMPLEXITY_WORDS[s.complexity],
    ledgerTime(s.assignedAt),
    s.deadline,
    STATUS_WORDS[s.status],
    DUE_WORDS[item.due],
    s.assignments.length,
    s.extensionRequests.length,
    s.replies.length,
    ledgerTime(lastReply?.at),
    lastReply?.text ?? '',
    s.callbacks.length,
    item.rating ? RATING_NAMES[item.rating] : '',
    ledgerTime(s.closedAt),
  ];
}
