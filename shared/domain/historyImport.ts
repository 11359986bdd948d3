import { normalisePhone } from './phone';
import type { CallerTitle, Channel, Complexity, PublicationKind, Rating, UnitKind } from './types';

/**
 * Past years from a spreadsheet (issue 18): the format of the sheet a centre fills from its own
 * records, one row per appeal, and the pure checks of one row and of the whole sheet. The import
 * tool (server/cli/importHistory.ts) checks every row first and writes nothing unless all pass;
 * then it replays each episode through the domain commands at the row's own times.
 *
 * Times are China time (UTC+8) as written: "2025-03-05 09:12", "2025/3/5 9:12:30", or an Excel
 * date cell. A time column with only a date counts as 12:00 that day.
 */

export type ColumnRule = 'required' | 'supervised' | 'optional';

export interface HistoryColumn {
  name: string;
  /** required: every row; supervised: rows whose 办理结果 is 转督办; optional: may be empty. */
  rule: ColumnRule;
  /** What goes in the cell (zh-CN), allowed values included. */
  format: string;
}

export const CHANNEL_WORDS: Record<string, Channel> = { '12345热线': 'hotline', 直播热线: 'studio', 网络留言: 'online' };
export const OUTCOME_WORDS = { 现场回应: 'answered', 转督办: 'supervised', 无效: 'invalid' } as const;
export type HistoryOutcome = (typeof OUTCOME_WORDS)[keyof typeof OUTCOME_WORDS];
export const COMPLEXITY_WORDS: Record<string, Complexity> = { 简单: 'simple', 一般: 'normal', 复杂: 'complex' };
export const RATING_WORDS: Record<string, Rating> = { 满意: 'satisfied', 基本满意: 'basically_satisfied', 不满意: 'unsatisfied' };
export const CALLBACK_WORDS = { 已联系上: 'reached', 未联系上: 'unreachable' } as const;
export const UNIT_KIND_WORDS: Record<string, UnitKind> = { 部门: 'department', 公共服务单位: 'public_service', 县区: 'county' };
export const PUBLICATION_WORDS: Record<string, PublicationKind> = { 民生热点: 'hotspot', 政策问答: 'qa' };

const words = (map: object) => Object.keys(map).join(' / ');

/** The appeals sheet (工作表「诉求」, or the only sheet / the CSV file), in this column order when exported. */
export const HISTORY_COLUMNS: readonly HistoryColumn[] = [
  { name: '节目日期', rule: 'required', format: '播出日期 YYYY-MM-DD（或 YYYY/M/D、Excel 日期）' },
  { name: '期号', rule: 'required', format: '当年第几期，正整数；同一年内一个期号只对应一个节目日期' },
  { name: '节目时段', rule: 'optional', format: 'HH:mm-HH:mm，默认 09:00-10:00' },
  { name: '主持人', rule: 'optional', format: '文字' },
  { name: '上线单位', rule: 'required', format: '单位全称，多个单位用「、」分隔；单位目录中没有的自动添加' },
  { name: '单位类型', rule: 'optional', format: `${words(UNIT_KIND_WORDS)}，与上线单位一一对应，默认 部门` },
  { name: '单位层级', rule: 'optional', format: '市级 / 县级 …，与上线单位一一对应，默认 市级' },
  { name: '上线领导', rule: 'optional', format: '姓名（职务），多人用「、」分隔，第 N 位属第 N 个上线单位（没有则属第一个）；目录中没有的自动添加' },
  { name: '主要负责人', rule: 'optional', format: '上线领导中属主要负责人的姓名，多人用「、」分隔' },
  { name: '节目主题', rule: 'required', format: '文字，最长 100 字' },
  { name: '序号', rule: 'optional', format: '本期第几号诉求，正整数，本期内不重复；发布表用它关联诉求' },
  { name: '诉求来源', rule: 'required', format: words(CHANNEL_WORDS) },
  { name: '来电时间', rule: 'required', format: '日期时间，不晚于节目日期当天' },
  { name: '来电人', rule: 'optional', format: '姓名；空或「匿名」为匿名来电' },
  { name: '称呼', rule: 'optional', format: '先生 / 女士' },
  { name: '联系电话', rule: 'optional', format: '手机或座机；非匿名来电必填' },
  { name: '区域', rule: 'optional', format: '文字' },
  { name: '诉求类别', rule: 'optional', format: '文字，最长 30 字' },
  { name: '诉求内容', rule: 'required', format: '文字，最长 2000 字' },
  { name: '办理结果', rule: 'required', format: words(OUTCOME_WORDS) },
  { name: '现场答复要点', rule: 'optional', format: '现场回应时必填' },
  { name: '承诺事项', rule: 'optional', format: '文字' },
  { name: '无效原因', rule: 'optional', format: '无效时填写，默认「历史数据导入：无效来电」' },
  { name: '承办单位', rule: 'supervised', format: '单位全称，须在单位目录或本表的上线单位中' },
  { name: '复杂程度', rule: 'optional', format: `${words(COMPLEXITY_WORDS)}，默认 一般（期限 2 / 5 / 10 个工作日）` },
  { name: '交办时间', rule: 'supervised', format: '日期时间，节目日期当天，不早于来电时间' },
  { name: '办理期限', rule: 'optional', format: 'YYYY-MM-DD，不早于交办日；空则按复杂程度计算' },
  { name: '单位答复时间', rule: 'optional', format: '日期时间，不早于交办时间' },
  { name: '单位答复内容', rule: 'optional', format: '有单位答复时间时必填' },
  { name: '回访时间', rule: 'optional', format: '日期时间；督办诉求须在单位答复之后' },
  { name: '回访结果', rule: 'optional', format: `${words(CALLBACK_WORDS)}；有满意度时为 已联系上` },
  { name: '满意度', rule: 'optional', format: `${words(RATING_WORDS)}；须有回访时间` },
  { name: '办结时间', rule: 'optional', format: '日期时间，仅转督办；须已答复、已回访（满意 / 基本满意，或未联系上）' },
  { name: '办结说明', rule: 'optional', format: '未联系上办结时的原因，默认「三次回访均未联系上，按规定办结」' },
];

/** The optional second sheet (工作表「发布」, or --publications FILE.csv): 民生热点 and 政策问答. */
export const PUBLICATION_COLUMNS: readonly HistoryColumn[] = [
  { name: '节目日期', rule: 'required', format: '与诉求表中该期相同' },
  { name: '期号', rule: 'required', format: '与诉求表中该期相同' },
  { name: '类型', rule: 'required', format: words(PUBLICATION_WORDS) },
  { name: '标题', rule: 'required', format: '热点标题或政策问题，最长 100 字' },
  { name: '内容', rule: 'required', format: '热点描述或政策解答，不得含来电人姓名、电话' },
  { name: '发布时间', rule: 'required', format: '日期时间，不早于节目日期' },
  { name: '关联诉求序号', rule: 'optional', format: '本期诉求的序号，多个用「、」分隔；空则关联本期第一条有效诉求' },
];

export interface RowProblem {
  /** The row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  column: string | null;
  message: string;
}

export function formatProblem(p: RowProblem, sheet = ''): string {
  return `${sheet}第 ${p.row} 行${p.column ? `［${p.column}］` : ''}：${p.message}`;
}

export interface HistoryUnit {
  name: string;
  kind: UnitKind;
  level: string;
}

export interface HistoryLeader {
  name: string;
  title: string;
  unitName: string;
  principal: boolean;
}

export interface HistoryEpisode {
  /** "2025#17": year of the date and 期号. */
  key: string;
  date: string;
  year: number;
  number: number;
  slot: { start: string; end: string };
  host: string;
  theme: string;
  units: HistoryUnit[];
  leaders: HistoryLeader[];
}

export interface HistoryCallback {
  at: number;
  reached: boolean;
  rating: Rating | null;
}

export interface HistoryRow {
  row: number;
  episode: HistoryEpisode;
  no: number | null;
  channel: Channel;
  receivedAt: number;
  caller: { anonymous: boolean; name: string; title: CallerTitle | null; phone: string };
  area: string;
  category: string;
  summary: string;
  outcome: HistoryOutcome;
  answer: { points: string; commitment: string } | null;
  invalidReason: string;
  /** 现场回应: its callback, if any. */
  onAirCallback: HistoryCallback | null;
  supervision: {
    unitName: string;
    complexity: Complexity;
    handedOverAt: number;
    deadline: string | null;
    reply: { at: number; text: string } | null;
    callback: HistoryCallback | null;
    closedAt: number | null;
    closeNote: string;
  } | null;
}

export interface HistoryPublication {
  row: number;
  episodeKey: string;
  kind: PublicationKind;
  title: string;
  body: string;
  at: number;
  appealNos: number[];
}

export const DEFAULT_SLOT = { start: '09:00', end: '10:00' };
export const DEFAULT_INVALID_REASON = '历史数据导入：无效来电';
export const DEFAULT_UNREACHABLE_CLOSE_NOTE = '三次回访均未联系上，按规定办结';

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** A real calendar day, YYYY-MM-DD, from the accepted spellings; null when not one. */
export function parseDay(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m) return null;
  const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const probe = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(probe.getTime()) && probe.toISOString().slice(0, 10) === day ? day : null;
}

/** A China-time moment (ms since the epoch) from "date time" or a date alone (12:00); null when not one. */
export function parseChinaTime(text: string): number | null {
  const m = /^(\S+?)(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return null;
  const day = parseDay(m[1]);
  if (!day) return null;
  const [h, min, s] = m[2] === undefined ? [12, 0, 0] : [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  return Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS + ((h * 60 + min) * 60 + s) * 1000;
}

/** China-time "YYYY-MM-DD HH:mm:ss" of a moment: how times are written back into a sheet. */
export function formatChinaTime(at: number | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at;
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export const chinaDayOf = (at: number) => new Date(at + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** Split a list cell on 、 (or ；), never inside brackets: 县（市、区） is one level, 市城管局（市执法局） one unit. */
export function splitList(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let item = '';
  for (const ch of text) {
    if (ch === '（' || ch === '(') depth++;
    else if ((ch === '）' || ch === ')') && depth > 0) depth--;
    if (depth === 0 && (ch === '、' || ch === '；' || ch === ';')) {
      items.push(item);
      item = '';
    } else item += ch;
  }
  items.push(item);
  return items.map((s) => s.trim()).filter(Boolean);
}
const list = splitList;

/** "张伟（局长）" / "张伟(局长)" / "张伟" → name and title. */
export function parseLeader(text: string): { name: string; title: string } {
  const m = /^(.+?)\s*[（(]\s*(.*?)\s*[)）]$/.exec(text.trim());
  return m ? { name: m[1].trim(), title: m[2] } : { name: text.trim(), title: '' };
}

export function formatLeader(leader: { name: string; title: string }): string {
  return leader.title ? `${leader.name}（${leader.title}）` : leader.name;
}

const MAX = { name: 50, theme: 100, category: 30, summary: 2000, answer: 2000, reason: 500 };

/**
 * Check one row of the appeals sheet. `cells` maps column names to the cell text (trimmed; a
 * missing column is ''). Returns the parsed row when there is no problem, and every problem found.
 */
export function validateHistoryRow(cells: Readonly<Record<string, string | undefined>>, row: number): { value: HistoryRow | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const cell = (name: string) => (cells[name] ?? '').trim();
  const problem = (column: string | null, message: string) => problems.push({ row, column, message });
  const required = (name: string, why = '') => {
    const text = cell(name);
    if (!text) problem(name, `缺少必填项${why}`);
    return text;
  };
  const tooLong = (name: string, max: number) => {
    if ([...cell(name)].length > max) problem(name, `超过 ${max} 字`);
  };
  const time = (name: string): number | null => {
    const text = cell(name);
    if (!text) return null;
    const at = parseChinaTime(text);
    if (at === null) problem(name, `「${text}」不是有效的日期时间（应如 2025-03-05 09:12）`);
    return at;
  };
  const choice = <T>(name: string, map: Record<string, T>): T | null => {
    const text = cell(name);
    if (!text) return null;
    if (!(text in map)) {
      problem(name, `「${text}」不是允许的值（只能是 ${words(map)}）`);
      return null;
    }
    return map[text];
  };

  // ── the episode ──
  const dateText = required('节目日期');
  const date = dateText ? parseDay(dateText) : null;
  if (dateText && !date) problem('节目日期', `「${dateText}」不是有效日期（应如 2025-03-05）`);
  const numberText = required('期号');
  const number = /^\d{1,4}$/.test(numberText) && Number(numberText) >= 1 ? Number(numberText) : null;
  if (numberText && number === null) problem('期号', `「${numberText}」不是正整数`);
  let slot = DEFAULT_SLOT;
  if (cell('节目时段')) {
    const m = /^([01]?\d|2[0-3])[:：]([0-5]\d)\s*[-–—~～至]\s*([01]?\d|2[0-3])[:：]([0-5]\d)$/.exec(cell('节目时段'));
    const start = m ? `${m[1].padStart(2, '0')}:${m[2]}` : '';
    const end = m ? `${m[3].padStart(2, '0')}:${m[4]}` : '';
    if (!m || start >= end) problem('节目时段', `「${cell('节目时段')}」应如 09:00-10:00，且开始早于结束`);
    else slot = { start, end };
  }
  const unitNames = list(required('上线单位'));
  if (unitNames.length > 10) problem('上线单位', '一期最多 10 个上线单位');
  if (unitNames.some((n) => [...n].length > MAX.name)) problem('上线单位', `单位名称超过 ${MAX.name} 字`);
  const kinds = list(cell('单位类型'));
  const levels = list(cell('单位层级'));
  const units: HistoryUnit[] = unitNames.map((name, i) => {
    const kindWord = kinds[i] ?? kinds[0] ?? '部门';
    if (!(kindWord in UNIT_KIND_WORDS)) problem('单位类型', `「${kindWord}」不是允许的值（只能是 ${words(UNIT_KIND_WORDS)}）`);
    return { name, kind: UNIT_KIND_WORDS[kindWord] ?? 'department', level: levels[i] ?? levels[0] ?? '市级' };
  });
  const principalNames = new Set(list(cell('主要负责人')));
  const leaders: HistoryLeader[] = list(cell('上线领导')).map((text, i) => {
    const { name, title } = parseLeader(text);
    return { name, title, unitName: unitNames[i] ?? unitNames[0] ?? '', principal: principalNames.has(name) };
  });
  if (leaders.length > 10) problem('上线领导', '一期最多 10 位上线领导');
  for (const name of principalNames) if (!leaders.some((l) => l.name === name)) problem('主要负责人', `「${name}」不在上线领导中`);
  for (const leader of leaders) if (!leader.name || [...leader.name].length > MAX.name || [...leader.title].length > MAX.name) problem('上线领导', `「${formatLeader(leader)}」姓名或职务为空或过长`);
  const theme = required('节目主题');
  tooLong('节目主题', MAX.theme);
  tooLong('主持人', MAX.name);

  // ── the appeal ──
  const noText = cell('序号');
  const no = noText ? (/^\d{1,5}$/.test(noText) && Number(noText) >= 1 ? Number(noText) : null) : null;
  if (noText && no === null) problem('序号', `「${noText}」不是正整数`);
  required('诉求来源');
  const channel = choice('诉求来源', CHANNEL_WORDS);
  required('来电时间');
  const receivedAt = time('来电时间');
  if (receivedAt !== null && date && chinaDayOf(receivedAt) > date) problem('来电时间', `晚于节目日期 ${date}（节目结束后不能再受理诉求）`);
  const callerName = cell('来电人');
  const anonymous = callerName === '' || callerName === '匿名';
  tooLong('来电人', MAX.name);
  const titleText = cell('称呼');
  if (titleText && titleText !== '先生' && titleText !== '女士') problem('称呼', `「${titleText}」只能是 先生 / 女士`);
  const phoneText = cell('联系电话');
  const phone = normalisePhone(phoneText);
  if (phone === null) problem('联系电话', `「${phoneText}」不是有效的手机或座机号码`);
  else if (phone === '' && !anonymous) problem('联系电话', '非匿名来电须填写联系电话（匿名来电在来电人处写「匿名」）');
  tooLong('区域', MAX.name);
  tooLong('诉求类别', MAX.category);
  const summary = required('诉求内容');
  tooLong('诉求内容', MAX.summary);
  required('办理结果');
  const outcome = choice('办理结果', OUTCOME_WORDS);
  tooLong('现场答复要点', MAX.answer);
  tooLong('承诺事项', MAX.answer);
  tooLong('无效原因', MAX.reason);

  const handedOverAt = time('交办时间');
  const deadlineText = cell('办理期限');
  const deadline = deadlineText ? parseDay(deadlineText) : null;
  if (deadlineText && !deadline) problem('办理期限', `「${deadlineText}」不是有效日期（应如 2025-03-12）`);
  const complexity = choice('复杂程度', COMPLEXITY_WORDS);
  const repliedAt = time('单位答复时间');
  const replyText = cell('单位答复内容');
  tooLong('单位答复内容', MAX.answer);
  const calledAt = time('回访时间');
  const callbackWord = choice('回访结果', CALLBACK_WORDS);
  const rating = choice('满意度', RATING_WORDS);
  const closedAt = time('办结时间');
  tooLong('办结说明', MAX.reason);

  // A rating needs a call that reached the citizen; the call needs a time.
  if (cell('满意度') && !cell('回访时间')) problem('满意度', '有满意度却没有回访时间（满意度只能来自回访）');
  if (callbackWord === 'unreachable' && rating) problem('回访结果', '未联系上时不能有满意度');
  if (callbackWord === 'reached' && !rating && cell('回访时间')) problem('满意度', '回访已联系上，须记录满意度');
  if ((cell('回访结果') || cell('满意度')) && !cell('回访时间')) {
    if (!cell('满意度')) problem('回访时间', '有回访结果却没有回访时间');
  }
  const callback: HistoryCallback | null = calledAt !== null ? { at: calledAt, reached: rating !== null, rating } : null;
  if (calledAt !== null && receivedAt !== null && calledAt < receivedAt) problem('回访时间', '早于来电时间');

  const supervisedOnly = ['承办单位', '交办时间', '办理期限', '复杂程度', '单位答复时间', '单位答复内容', '办结时间'];
  let answer: HistoryRow['answer'] = null;
  let supervision: HistoryRow['supervision'] = null;
  if (outcome === 'invalid') {
    for (const name of [...supervisedOnly, '回访时间', '满意度', '现场答复要点']) if (cell(name)) problem(name, '无效来电不应填写此项');
  } else if (outcome === 'answered') {
    const points = required('现场答复要点', '（现场回应须记录答复要点）');
    answer = { points, commitment: cell('承诺事项') };
    for (const name of supervisedOnly) if (cell(name)) problem(name, '现场回应的诉求不应填写此项（只有转督办才有承办、期限、答复和办结）');
  } else if (outcome === 'supervised') {
    const unitName = required('承办单位', '（转督办须写明承办单位）');
    if ([...unitName].length > MAX.name) problem('承办单位', `超过 ${MAX.name} 字`);
    required('交办时间', '（转督办须写明交办时间）');
    if (handedOverAt !== null) {
      if (receivedAt !== null && handedOverAt < receivedAt) problem('交办时间', '早于来电时间');
      if (date && chinaDayOf(handedOverAt) !== date) problem('交办时间', `应在节目日期 ${date} 当天（直播中或直播结束时转督办）`);
      if (deadline && deadline < chinaDayOf(handedOverAt)) problem('办理期限', `办理期限 ${deadline} 早于交办日 ${chinaDayOf(handedOverAt)}`);
    }
    if (repliedAt !== null && !replyText) problem('单位答复内容', '有单位答复时间却没有答复内容');
    if (repliedAt === null && replyText) problem('单位答复时间', '有单位答复内容却没有答复时间');
    if (repliedAt !== null && handedOverAt !== null && repliedAt < handedOverAt) problem('单位答复时间', '早于交办时间');
    if (calledAt !== null && repliedAt === null) problem('回访时间', '单位尚未答复，不能回访（督办诉求先答复、后回访）');
    if (calledAt !== null && repliedAt !== null && calledAt < repliedAt) problem('回访时间', '早于单位答复时间');
    if (closedAt !== null) {
      if (repliedAt === null) problem('办结时间', '单位尚未答复，不能办结');
      else if (closedAt < repliedAt) problem('办结时间', '早于单位答复时间');
      if (calledAt === null) problem('办结时间', '没有回访，不能办结（须回访并记录满意度，或三次未联系上）');
      else if (closedAt < calledAt) problem('办结时间', '早于回访时间');
      if (rating === 'unsatisfied') problem('办结时间', '回访不满意的诉求会退回单位重新办理，不能以「不满意」办结');
    }
    supervision = {
      unitName,
      complexity: complexity ?? 'normal',
      handedOverAt: handedOverAt ?? 0,
      deadline,
      reply: repliedAt !== null ? { at: repliedAt, text: replyText } : null,
      callback,
      closedAt,
      closeNote: cell('办结说明') || (callback && !callback.reached ? DEFAULT_UNREACHABLE_CLOSE_NOTE : ''),
    };
  }
  if (problems.length || !date || number === null || !channel || receivedAt === null || !outcome) return { value: null, problems };
  return {
    value: {
      row,
      episode: { key: `${date.slice(0, 4)}#${number}`, date, year: Number(date.slice(0, 4)), number, slot, host: cell('主持人'), theme, units, leaders },
      no,
      channel,
      receivedAt,
      caller: { anonymous, name: anonymous ? '' : callerName, title: anonymous ? null : ((titleText || null) as CallerTitle | null), phone: phone ?? '' },
      area: cell('区域'),
      category: cell('诉求类别'),
      summary,
      outcome,
      answer,
      invalidReason: outcome === 'invalid' ? cell('无效原因') || DEFAULT_INVALID_REASON : '',
      onAirCallback: outcome === 'answered' ? callback : null,
      supervision,
    },
    problems,
  };
}

/** Check one row of the publications sheet. */
export function validatePublicationRow(cells: Readonly<Record<string, string | undefined>>, row: number): { value: HistoryPublication | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const cell = (name: string) => (cells[name] ?? '').trim();
  const problem = (column: string, message: string) => problems.push({ row, column, message });
  for (const c of PUBLICATION_COLUMNS) if (c.rule === 'required' && !cell(c.name)) problem(c.name, '缺少必填项');
  const date = cell('节目日期') ? parseDay(cell('节目日期')) : null;
  if (cell('节目日期') && !date) problem('节目日期', `「${cell('节目日期')}」不是有效日期`);
  const number = /^\d{1,4}$/.test(cell('期号')) ? Number(cell('期号')) : null;
  if (cell('期号') && !number) problem('期号', `「${cell('期号')}」不是正整数`);
  const kind = PUBLICATION_WORDS[cell('类型')];
  if (cell('类型') && !kind) problem('类型', `「${cell('类型')}」只能是 ${words(PUBLICATION_WORDS)}`);
  if ([...cell('标题')].length > MAX.theme) problem('标题', `超过 ${MAX.theme} 字`);
  if ([...cell('内容')].length > MAX.answer) problem('内容', `超过 ${MAX.answer} 字`);
  const at = cell('发布时间') ? parseChinaTime(cell('发布时间')) : null;
  if (cell('发布时间') && at === null) problem('发布时间', `「${cell('发布时间')}」不是有效的日期时间`);
  if (at !== null && date && chinaDayOf(at) < date) problem('发布时间', `早于节目日期 ${date}`);
  const nos = list(cell('关联诉求序号')).map((t) => (/^\d{1,5}$/.test(t) ? Number(t) : NaN));
  if (nos.some((n) => !(n >= 1))) problem('关联诉求序号', `「${cell('关联诉求序号')}」应为本期诉求的序号，如 3、5`);
  if (problems.length || !date || !number || !kind || at === null) return { value: null, problems };
  return { value: { row, episodeKey: `${date.slice(0, 4)}#${number}`, kind, title: cell('标题'), body: cell('内容'), at, appealNos: nos }, problems };
}

export interface SheetCheck {
  rows: HistoryRow[];
  publications: HistoryPublication[];
  /** Appeals-sheet problems, then publications-sheet problems (`sheet` says which). */
  problems: Array<RowProblem & { sheet: 'appeals' | 'publications' }>;
  episodes: HistoryEpisode[];
}

const sameEpisode = (a: HistoryEpisode, b: HistoryEpisode) =>
  a.date === b.date &&
  a.theme === b.theme &&
  a.slot.start === b.slot.start &&
  a.slot.end === b.slot.end &&
  a.host === b.host &&
  JSON.stringify(a.units) === JSON.stringify(b.units) &&
  JSON.stringify(a.leaders) === JSON.stringify(b.leaders);

/**
 * Check the whole sheet: every row alone, then what only the rows together can show. Every row of
 * one episode (same year and 期号) must describe it alike; 序号 is unique within an episode; a
 * 承办单位 must be a unit known to the catalogue (`knownUnits`) or on air somewhere in the sheet; a
 * publication must name an episode of the sheet and its appeals.
 */
export function validateHistorySheet(
  appealRows: Iterable<{ row: number; cells: Readonly<Record<string, string | undefined>> }>,
  publicationRows: Iterable<{ row: number; cells: Readonly<Record<string, string | undefined>> }> = [],
  knownUnits: ReadonlySet<string> = new Set(),
): SheetCheck {
  const problems: SheetCheck['problems'] = [];
  const rows: HistoryRow[] = [];
  const episodes = new Map<string, HistoryEpisode>();
  const firstRowOf = new Map<string, number>();
  const nos = new Map<string, Map<number, number>>();
  const outcomeOf = new Map<string, HistoryOutcome>();
  for (const { row, cells } of appealRows) {
    const { value, problems: found } = validateHistoryRow(cells, row);
    for (const p of found) problems.push({ ...p, sheet: 'appeals' });
    if (!value) continue;
    const known = episodes.get(value.episode.key);
    if (!known) {
      episodes.set(value.episode.key, value.episode);
      firstRowOf.set(value.episode.key, row);
    } else if (!sameEpisode(known, value.episode)) {
      const first = firstRowOf.get(value.episode.key)!;
      const what = known.date !== value.episode.date ? `节目日期（${value.episode.date}，第 ${first} 行为 ${known.date}）` : '节目时段、主持人、上线单位、上线领导或节目主题';
      problems.push({ row, column: '期号', message: `${value.episode.year}年第${value.episode.number}期与第 ${first} 行的${what}不一致：同一期的各行须一致`, sheet: 'appeals' });
      continue;
    } else {
      value.episode = known;
    }
    if (value.no !== null) {
      const seen = nos.get(value.episode.key) ?? new Map<number, number>();
      nos.set(value.episode.key, seen);
      if (seen.has(value.no)) problems.push({ row, column: '序号', message: `本期序号 ${value.no} 与第 ${seen.get(value.no)} 行重复`, sheet: 'appeals' });
      else {
        seen.set(value.no, row);
        outcomeOf.set(`${value.episode.key}/${value.no}`, value.outcome);
      }
    }
    rows.push(value);
  }
  const onAir = new Set([...episodes.values()].flatMap((e) => e.units.map((u) => u.name)));
  for (const r of rows) {
    const name = r.supervision?.unitName;
    if (name && !onAir.has(name) && !knownUnits.has(name)) {
      problems.push({ row: r.row, column: '承办单位', message: `未知单位「${name}」：不在单位目录中，也不是本表任何一期的上线单位（请核对名称）`, sheet: 'appeals' });
    }
  }
  const publications: HistoryPublication[] = [];
  for (const { row, cells } of publicationRows) {
    const { value, problems: found } = validatePublicationRow(cells, row);
    for (const p of found) problems.push({ ...p, sheet: 'publications' });
    if (!value) continue;
    const episode = episodes.get(value.episodeKey);
    if (!episode) {
      if (!problems.some((p) => p.sheet === 'appeals')) problems.push({ row, column: '期号', message: `诉求表中没有 ${value.episodeKey.replace('#', '年第')}期`, sheet: 'publications' });
      continue;
    }
    const missing = value.appealNos.filter((n) => !nos.get(value.episodeKey)?.has(n));
    if (missing.length) problems.push({ row, column: '关联诉求序号', message: `本期没有序号为 ${missing.join('、')} 的诉求`, sheet: 'publications' });
    const invalid = value.appealNos.filter((n) => outcomeOf.get(`${value.episodeKey}/${n}`) === 'invalid');
    if (invalid.length) problems.push({ row, column: '关联诉求序号', message: `序号 ${invalid.join('、')} 是无效来电，不能关联到发布内容`, sheet: 'publications' });
    publications.push(value);
  }
  return { rows, publications, problems, episodes: [...episodes.values()] };
}
