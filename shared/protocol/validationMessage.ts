import type { z } from 'zod';

/** Chinese names of payload fields, so a validation error says which box to fix. */
const FIELD_LABELS: Record<string, string> = {
  commandId: '操作编号',
  episodeId: '节目',
  appealId: '诉求',
  messageId: '消息',
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
};

function labelOf(path: PropertyKey[]): string {
  const key = path.filter((p) => typeof p === 'string').join('.');
  if (!key) return '提交内容';
  return FIELD_LABELS[key] ?? FIELD_LABELS[key.split('.').pop() ?? ''] ?? key;
}

type Issue = z.core.$ZodIssue;

function reasonOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '必须填写' : '格式不对';
    case 'too_big':
      return issue.origin === 'string' ? `不能超过 ${issue.maximum} 个字` : issue.origin === 'array' ? `最多 ${issue.maximum} 项` : `不能大于 ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '不能为空' : `至少 ${issue.minimum} 个字`;
      return issue.origin === 'array' ? `至少选择 ${issue.minimum} 项` : `不能小于 ${issue.minimum}`;
    case 'invalid_value':
      return '不在可选范围内';
    case 'unrecognized_keys':
      return `含有系统不认识的字段（${issue.keys.join('、')}）`;
    case 'invalid_format':
      return '格式不正确';
    case 'custom':
      if (issue.message === 'slot_order') return '结束时间必须晚于开始时间';
      if (issue.message === 'appeal_ref') return '查询某条诉求的历史时，节目和诉求必须同时提供';
      if (issue.message === 'history_key') return '请提供诉求、电话或诉求类别中的一项';
      if (issue.message === 'unit_binding') return '单位联络员必须绑定一个单位，其他角色不能绑定单位';
      return '不符合要求';
    default:
      return '不符合要求';
  }
}

/** The first problem of a failed parse, as one sentence a person can act on, and the field's path. */
export function describeValidationError(error: z.ZodError): { message: string; field: string } {
  const issue = error.issues[0];
  if (!issue) return { message: '提交的内容格式不对。', field: '' };
  return { message: `${labelOf(issue.path)}${reasonOf(issue)}。`, field: issue.path.map(String).join('.') };
}
