import type { z } from 'zod';

/** Chinese names of payload fields, so a validation error says which box to fix. */
const FIELD_LABELS: Record<string, string> = {
  commandId: '操作编号',
  // wall:setHidden: whether the wall is blanked.
  hidden: '大屏隐藏状态',
  episodeId: '节目',
  appealId: '诉求',
  messageId: '消息',
  personId: '人员',
  accountId: '账号',
  complexity: '复杂程度',
  feedback: '是否回访节目',
  sourceEpisodeId: '原节目',
  deadline: '办理期限',
  note: '说明',
  workdays: '延期工作日数',
  requestId: '延期申请',
  granted: '是否同意',
  outcome: '回访结果',
  rating: '满意度',
  satisfaction: '满意率口径',
  onBehalf: '是否代录',
  due: '期限筛选',
  status: '状态',
  dayType: '日期类型',
  summaryOnly: '仅统计',
  publicationId: '发布内容',
  body: '正文',
  appealIds: '关联诉求',
  from: '开始日期',
  to: '结束日期',
  displayLinkId: '大屏链接',
  apiKeyId: '接口密钥',
  scope: '可用操作',
  disabled: '是否停用',
  phone: '联系电话',
  expectedVersion: '版本号',
  year: '年份',
  number: '期号',
  date: '播出日期',
  slot: '播出时段',
  'slot.start': '开始时间',
  'slot.end': '结束时间',
  theme: '节目主题',
  host: '主持人',
  unitIds: '上线单位',
  leaderIds: '上线领导',
  channel: '来源渠道',
  caller: '来电人',
  'caller.anonymous': '是否匿名',
  'caller.name': '来电人姓名',
  'caller.title': '称呼',
  'caller.phone': '联系电话',
  area: '所在区域',
  category: '诉求类别',
  targetUnitId: '承办单位',
  summary: '诉求摘要',
  operatorNotes: '导播备注',
  points: '答复要点',
  commitment: '承诺事项',
  reason: '原因',
  order: '待播顺序',
  text: '消息内容',
  sinceSeq: '同步位置',
  name: '名称',
  title: '职务',
  kind: '单位类型',
  level: '层级',
  unitId: '所属单位',
  principal: '是否主要负责人',
  username: '用户名',
  displayName: '显示名称',
  role: '角色',
  password: '密码',
  label: '名称',
  patch: '修改内容',
  categoryId: '诉求类别',
  retired: '是否停用',
  flag: '来电人标记',
};

/** The Chinese name of a field path: the longest known ending wins (patch.caller.title → caller.title → 称呼). */
/** Where one field name means different things in different commands (a person's title, a publication's title). */
const COMMAND_FIELD_LABELS: Partial<Record<string, Record<string, string>>> = {
  'publication:draft': { title: '标题', kind: '类型' },
  'publication:edit': { title: '标题' },
  'category:save': { name: '类别名称' },
  'calendar:importYear': { days: '节假日安排', 'days.date': '节假日安排中的日期', 'days.dayType': '节假日安排中的放假/上班', 'days.name': '节日名称', source: '来源' },
  // A unit's reply is what was done (答复内容), not a studio message (消息内容).
  'supervision:reply': { text: '答复内容' },
};

function labelOf(path: PropertyKey[], command?: string): string {
  const parts = path.filter((p): p is string => typeof p === 'string');
  if (parts.length === 0) return '提交内容';
  const overrides = command ? COMMAND_FIELD_LABELS[command] : undefined;
  for (let start = 0; start < parts.length; start++) {
    const key = parts.slice(start).join('.');
    const label = overrides?.[key] ?? FIELD_LABELS[key];
    if (label) return label;
  }
  return '某一项内容';
}

type Issue = z.core.$ZodIssue;

/** After the label 联系电话: what a valid number looks like, so the operator can fix it while the caller waits. */
const PHONE_FORMAT = '格式不对：请填写 11 位手机号，或带区号的座机号（如 0516-83901234），分机号写在“转”字后面';

/** An empty or whitespace-only string: the box was left empty. */
function isBlank(input: unknown): boolean {
  return typeof input === 'string' && input.trim() === '';
}

function reasonOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input !== undefined ? '格式不对' : '必须填写';
    case 'too_big':
      return issue.origin === 'string' ? `不能超过 ${issue.maximum} 个字` : issue.origin === 'array' ? `最多 ${issue.maximum} 项` : `不能大于 ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string') {
        if (Number(issue.minimum) <= 1) return '不能为空';
        return issue.path.at(-1) === 'password' ? `至少 ${issue.minimum} 位` : `至少 ${issue.minimum} 个字`;
      }
      return issue.origin === 'array' ? `至少选择 ${issue.minimum} 项` : `不能小于 ${issue.minimum}`;
    case 'invalid_value':
      return issue.input !== undefined ? '不在可选范围内' : '必须填写';
    case 'unrecognized_keys':
      return `含有系统不认识的字段（${issue.keys.join('、')}）`;
    case 'invalid_format':
      // An empty box is a missing value, not a badly written one (an empty date says 必须填写).
      return isBlank(issue.input) ? '必须填写' : '格式不正确';
    case 'custom':
      if (isBlank(issue.input) && issue.message !== 'invisible_only' && issue.message !== 'nul_char') return '必须填写';
      if (issue.message === 'reserved_id') return '不是有效的编号';
      if (issue.message === 'nul_char') return '含有无法保存的不可见字符（NUL），请删除后重试';
      if (issue.message === 'invisible_only') return '不能只包含看不见的字符（如零宽空格、文字方向控制符），请填写内容';
      if (issue.message === 'phone_format') return PHONE_FORMAT;
      return '不符合要求';
    default:
      return '不符合要求';
  }
}

/** Rules across fields (refine) say their whole sentence themselves: no field label in front. */
const RULE_SENTENCES: Record<string, string> = {
  phone_required: '联系电话必须填写；来电人不愿留号码时，请勾选“匿名”',
  slot_order: '结束时间必须晚于开始时间',
  appeal_ref: '查询某条诉求的历史时，节目和诉求必须同时提供',
  history_key: '请提供诉求、电话或诉求类别中的一项',
  unit_binding: '单位联络员必须绑定一个单位，其他角色不能绑定单位',
  deadline_or_complexity: '请选择新的办理期限或复杂程度',
  period_order: '结束日期不能早于开始日期',
  rating_required: '联系上市民时必须记录满意度评价',
  rating_unreachable: '联系不上市民时不能记录满意度评价',
  date_outside_year: '节假日安排里有不属于该年份的日期',
  date_repeated: '节假日安排里同一天出现了两次',
  scope_repeated: '可用操作里同一项出现了两次',
};

/**
 * The first problem of a failed parse, as one sentence a person can act on, and the field's path.
 * Parse with `parsePayload` (it keeps the input in issues, which tells "missing" from "wrong type").
 */
export function describeValidationError(error: z.ZodError, command?: string): { message: string; field: string } {
  const issue = error.issues[0];
  if (!issue) return { message: '提交的内容格式不对。', field: '' };
  const field = issue.path.map(String).join('.');
  const rule = issue.code === 'custom' ? RULE_SENTENCES[issue.message] : undefined;
  return { message: `${rule ?? labelOf(issue.path, command) + reasonOf(issue)}。`, field };
}

/** Validate a payload with its schema: the data, or the Chinese sentence and field of the first problem. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, command?: string): { ok: true; data: z.output<S> } | { ok: false; message: string; field: string } {
  const parsed = schema.safeParse(payload, { reportInput: true });
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, ...describeValidationError(parsed.error, command) };
}
