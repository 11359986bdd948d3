import { COMMANDS as REGISTRY } from '../../shared/protocol/registry';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ERROR_MESSAGES, type ErrorCode } from '../../shared/domain/errors';
import type { Role } from '../../shared/domain/types';
import type { Ack, CommandName } from '../../shared/protocol/events';
import * as C from '../../shared/protocol/commands';
import { COMMAND_ROLES } from '../../shared/protocol/permissions';
import { episodeBytes } from '../helpers/onDisk';
import {
  ADMIN_PASSWORD,
  appealInput,
  buildStudio,
  commandId,
  connectAs,
  ok,
  type ClientSocket,
  type Studio,
  type TestServer,
} from '../helpers/testServer';

/*
 * Every bad payload is refused with the right code, and refusing it changes nothing: not the episode
 * file, not catalogue.json, not the state in memory.
 */

const VALIDATION_PREFIX = '提交的内容不完整或格式不对，请检查后重试：';
const TWO_MB = 'x'.repeat(2 * 1024 * 1024);
const FULL_PHONE = '13812345678';

/** The Chinese label a person must read for each payload field (independent of the server's table). */
const LABELS: Record<string, string> = {
  hidden: '大屏隐藏状态',
  categoryId: '诉求类别',
  retired: '是否停用',
  flag: '来电人标记',
  commandId: '操作编号',
  episodeId: '节目',
  appealId: '诉求',
  messageId: '消息',
  expectedVersion: '版本号',
  year: '年份',
  number: '期号',
  date: '播出日期',
  slot: '播出时段',
  theme: '节目主题',
  host: '主持人',
  unitIds: '上线单位',
  leaderIds: '上线领导',
  channel: '来源渠道',
  caller: '来电人',
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
  personId: '人员',
  principal: '是否主要负责人',
  username: '用户名',
  displayName: '显示名称',
  role: '角色',
  password: '密码',
  label: '名称',
  patch: '修改内容',
  phone: '联系电话',
  accountId: '账号',
  displayLinkId: '大屏链接',
  apiKeyId: '接口密钥',
  scope: '可用操作',
  disabled: '是否停用',
  complexity: '复杂程度',
  deadline: '办理期限',
  note: '说明',
  workdays: '延期工作日数',
  requestId: '延期申请',
  granted: '是否同意',
  outcome: '回访结果',
  rating: '满意度',
  satisfaction: '满意率口径',
  due: '期限筛选',
  status: '状态',
  summaryOnly: '仅统计',
  dayType: '日期类型',
  sourceEpisodeId: '原节目',
  publicationId: '发布内容',
  body: '正文',
  appealIds: '关联诉求',
  from: '开始日期',
  to: '结束日期',
};

/**
 * Where one field name means something else in one command: a publication's title is its headline
 * or question (标题), not a person's 职务; its kind is hotspot or Q&A (类型), not a unit's 单位类型.
 */
const COMMAND_LABELS: Partial<Record<CommandName, Record<string, string>>> = {
  'publication:draft': { title: '标题', kind: '类型' },
  'publication:edit': { title: '标题' },
  'category:save': { name: '类别名称' },
  'calendar:importYear': { days: '节假日安排', source: '来源', year: '年份' },
  // A unit's reply is what was done, not a studio message.
  'supervision:reply': { text: '答复内容' },
};

/** The Chinese label a person must read for a field of a command. */
function labelFor(command: CommandName, key: string): string {
  return COMMAND_LABELS[command]?.[key] ?? LABELS[key];
}

// Each command's schema, read off the registry the server validates with.
const SCHEMAS = { get: (command: CommandName) => REGISTRY[command].schema };

type Payload = Record<string, any>;

interface Ids {
  episodeId: string;
  episodeVersion: number;
  appealId: string;
  appealVersion: number;
  messageId: string;
  unitId: string;
  personId: string;
  accountId: string;
  displayLinkId: string;
  /** A supervised (handed-over) appeal, and an extension request its unit made. */
  supervisedId: string;
  supervisedVersion: number;
  requestId: string;
}

interface NestedCase {
  name: string;
  mutate: (p: Payload) => Payload;
  field: string;
  /** The whole sentence after the common prefix. */
  sentence: string;
}

interface Spec {
  /** A payload the schema accepts. */
  valid: (ids: Ids) => Payload;
  /** Keys that may be left out. */
  optional: string[];
  /** Put a 2 MB string into a text field. */
  big: { mutate: (p: Payload) => Payload; label: string; field: string };
  nested?: NestedCase[];
}

const SPECS: Record<CommandName, Spec> = {
  'catalogue:get': {
    valid: () => ({}),
    optional: [],
    big: { mutate: (p) => ({ ...p, filler: TWO_MB }), label: '提交内容', field: '' },
  },
  'unit:save': {
    valid: () => ({ commandId: commandId(), unitId: null, expectedVersion: null, name: '市交通运输局', kind: 'department', level: '市级' }),
    optional: ['unitId', 'expectedVersion', 'level'],
    big: { mutate: (p) => ({ ...p, name: TWO_MB }), label: '名称', field: 'name' },
  },
  'person:save': {
    valid: (ids) => ({ commandId: commandId(), personId: null, expectedVersion: null, name: '李卫东', title: '副局长', unitId: ids.unitId, principal: false }),
    optional: ['personId', 'expectedVersion'],
    big: { mutate: (p) => ({ ...p, title: TWO_MB }), label: '职务', field: 'title' },
  },
  'account:setDisabled': {
    valid: (ids) => ({ commandId: commandId(), accountId: ids.accountId, disabled: false }),
    optional: [],
    big: { mutate: (p) => ({ ...p, accountId: TWO_MB }), label: '账号', field: 'accountId' },
  },
  'displayLink:revoke': {
    valid: (ids) => ({ commandId: commandId(), displayLinkId: ids.displayLinkId }),
    optional: [],
    big: { mutate: (p) => ({ ...p, displayLinkId: TWO_MB }), label: '大屏链接', field: 'displayLinkId' },
  },
  'account:create': {
    valid: () => ({ commandId: commandId(), username: 'newoperator', displayName: '新导播', role: 'operator', unitId: null, password: 'password-1234' }),
    optional: ['unitId'],
    big: { mutate: (p) => ({ ...p, displayName: TWO_MB }), label: '显示名称', field: 'displayName' },
    nested: [
      {
        name: 'a unit liaison without a unit',
        mutate: (p) => ({ ...p, role: 'unit', unitId: null }),
        field: 'unitId',
        // The rule's own sentence already says what is wrong; no field label in front of it.
        sentence: '单位联络员必须绑定一个单位，其他角色不能绑定单位。',
      },
      { name: 'an unknown role', mutate: (p) => ({ ...p, role: 'superuser' }), field: 'role', sentence: '角色不在可选范围内。' },
    ],
  },
  'displayLink:create': {
    valid: () => ({ commandId: commandId(), label: '演播室大屏' }),
    optional: [],
    big: { mutate: (p) => ({ ...p, label: TWO_MB }), label: '名称', field: 'label' },
  },
  'apiKey:create': {
    valid: () => ({ commandId: commandId(), label: '12345平台', role: 'followup', unitId: null, scope: ['supervision:list'] }),
    optional: ['unitId'],
    big: { mutate: (p) => ({ ...p, label: TWO_MB }), label: '名称', field: 'label' },
    nested: [
      { name: 'a unit key without a unit', mutate: (p) => ({ ...p, role: 'unit', unitId: null }), field: 'unitId', sentence: '单位联络员必须绑定一个单位，其他角色不能绑定单位。' },
      { name: 'a key for the big screen', mutate: (p) => ({ ...p, role: 'screen' }), field: 'role', sentence: '角色不在可选范围内。' },
      { name: 'an empty scope', mutate: (p) => ({ ...p, scope: [] }), field: 'scope', sentence: '可用操作至少选择 1 项。' },
      { name: 'a command twice', mutate: (p) => ({ ...p, scope: ['supervision:list', 'supervision:list'] }), field: 'scope', sentence: '可用操作里同一项出现了两次。' },
      {
        name: 'a command the role may not run',
        mutate: (p) => ({ ...p, scope: ['appeal:create'] }),
        field: 'scope',
        sentence: '身份“督办 / 回访”不能执行这些操作：appeal:create。',
      },
      { name: 'a command no key may run', mutate: (p) => ({ ...p, role: 'admin', scope: ['apiKey:create'] }), field: 'scope', sentence: '可用操作里有系统不认识或不能通过接口执行的操作（apiKey:create）。' },
    ],
  },
  'apiKey:revoke': {
    valid: () => ({ commandId: commandId(), apiKeyId: 'some-api-key' }),
    optional: [],
    big: { mutate: (p) => ({ ...p, apiKeyId: TWO_MB }), label: '接口密钥', field: 'apiKeyId' },
  },
  'apiKey:list': {
    valid: () => ({}),
    optional: [],
    big: { mutate: (p) => ({ ...p, filler: TWO_MB }), label: '提交内容', field: '' },
  },
  'episode:plan': {
    valid: (ids) => ({
      commandId: commandId(),
      year: 2025,
      number: 99,
      date: '2025-12-02',
      slot: { start: '09:00', end: '10:00' },
      theme: '交通出行',
      host: '李主持',
      unitIds: [ids.unitId],
      leaderIds: [ids.personId],
    }),
    optional: ['year', 'number'],
    big: { mutate: (p) => ({ ...p, theme: TWO_MB }), label: '节目主题', field: 'theme' },
    nested: [
      { name: 'a slot ending before it starts', mutate: (p) => ({ ...p, slot: { start: '10:00', end: '09:00' } }), field: 'slot.end', sentence: '结束时间必须晚于开始时间。' },
      { name: 'a slot without its end', mutate: (p) => ({ ...p, slot: { start: '10:00' } }), field: 'slot.end', sentence: '结束时间必须填写。' },
      { name: 'an impossible date', mutate: (p) => ({ ...p, date: '2025-13-45' }), field: 'date', sentence: '播出日期不符合要求。' },
    ],
  },
  'episode:update': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, expectedVersion: ids.episodeVersion, patch: { theme: '新主题' } }),
    optional: [],
    big: { mutate: (p) => ({ ...p, patch: { theme: TWO_MB } }), label: '节目主题', field: 'patch.theme' },
    nested: [
      { name: 'a patch that tries to set the status', mutate: (p) => ({ ...p, patch: { status: 'ended' } }), field: 'patch', sentence: '修改内容含有系统不认识的字段（status）。' },
    ],
  },
  'episode:start': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId }),
    optional: [],
    big: { mutate: (p) => ({ ...p, episodeId: TWO_MB }), label: '节目', field: 'episodeId' },
  },
  'episode:end': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId }),
    optional: [],
    big: { mutate: (p) => ({ ...p, episodeId: TWO_MB }), label: '节目', field: 'episodeId' },
  },
  'episode:sync': {
    valid: (ids) => ({ episodeId: ids.episodeId, sinceSeq: 0 }),
    optional: ['sinceSeq'],
    big: { mutate: (p) => ({ ...p, episodeId: TWO_MB }), label: '节目', field: 'episodeId' },
  },
  'appeal:create': {
    valid: (ids) => appealInput(ids.episodeId, { caller: { anonymous: false, name: '王建华', title: '先生', phone: FULL_PHONE } }),
    optional: ['operatorNotes'],
    big: { mutate: (p) => ({ ...p, summary: TWO_MB }), label: '诉求摘要', field: 'summary' },
    nested: [
      { name: 'a caller without a phone field', mutate: (p) => ({ ...p, caller: { anonymous: false, name: '王建华', title: '先生' } }), field: 'caller.phone', sentence: '联系电话必须填写。' },
      { name: 'a caller with an unknown key', mutate: (p) => ({ ...p, caller: { ...p.caller, idCard: '320300199001011234' } }), field: 'caller', sentence: '来电人含有系统不认识的字段（idCard）。' },
      { name: 'a caller title outside 先生/女士', mutate: (p) => ({ ...p, caller: { ...p.caller, title: '小姐' } }), field: 'caller.title', sentence: '称呼不在可选范围内。' },
      { name: 'a phone with letters', mutate: (p) => ({ ...p, caller: { ...p.caller, phone: '138abc' } }), field: 'caller.phone', sentence: '联系电话格式不对：请填写 11 位手机号，或带区号的座机号（如 0516-83901234），分机号写在“转”字后面。' },
      { name: 'a summary of blanks', mutate: (p) => ({ ...p, summary: '   ' }), field: 'summary', sentence: '诉求摘要不能为空。' },
      { name: 'a summary one character too long', mutate: (p) => ({ ...p, summary: '长'.repeat(C.LIMITS.summary + 1) }), field: 'summary', sentence: `诉求摘要不能超过 ${C.LIMITS.summary} 个字。` },
      { name: 'an unknown channel', mutate: (p) => ({ ...p, channel: 'fax' }), field: 'channel', sentence: '来源渠道不在可选范围内。' },
    ],
  },
  'appeal:update': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.appealId, expectedVersion: ids.appealVersion, patch: { summary: '更正后的摘要' } }),
    optional: [],
    big: { mutate: (p) => ({ ...p, patch: { summary: TWO_MB } }), label: '诉求摘要', field: 'patch.summary' },
    nested: [
      { name: 'a patch that tries to set the status', mutate: (p) => ({ ...p, patch: { status: 'answered_on_air' } }), field: 'patch', sentence: '修改内容含有系统不认识的字段（status）。' },
      { name: 'a negative expected version', mutate: (p) => ({ ...p, expectedVersion: -1 }), field: 'expectedVersion', sentence: '版本号不能小于 0。' },
    ],
  },
  'appeal:screen': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.appealId, expectedVersion: ids.appealVersion }),
    optional: [],
    big: { mutate: (p) => ({ ...p, appealId: TWO_MB }), label: '诉求', field: 'appealId' },
    nested: [
      { name: 'a commandId too short to be unique', mutate: (p) => ({ ...p, commandId: 'abc' }), field: 'commandId', sentence: '操作编号至少 8 个字。' },
      { name: 'an id with a path in it', mutate: (p) => ({ ...p, episodeId: '../catalogue' }), field: 'episodeId', sentence: '节目格式不正确。' },
    ],
  },
  'appeal:putOnAir': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.appealId, expectedVersion: ids.appealVersion }),
    optional: [],
    big: { mutate: (p) => ({ ...p, appealId: TWO_MB }), label: '诉求', field: 'appealId' },
  },
  'appeal:answerOnAir': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.appealId, expectedVersion: ids.appealVersion, points: '本周内派人检修', commitment: '两周内答复' }),
    optional: ['commitment'],
    big: { mutate: (p) => ({ ...p, points: TWO_MB }), label: '答复要点', field: 'points' },
  },
  'appeal:handOver': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.appealId, expectedVersion: ids.appealVersion, reason: '需要现场核实', points: '', commitment: '' }),
    optional: ['points', 'commitment'],
    big: { mutate: (p) => ({ ...p, reason: TWO_MB }), label: '原因', field: 'reason' },
  },
  'appeal:markInvalid': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.appealId, expectedVersion: ids.appealVersion, reason: '与节目主题无关' }),
    optional: [],
    big: { mutate: (p) => ({ ...p, reason: TWO_MB }), label: '原因', field: 'reason' },
    nested: [{ name: 'an empty reason', mutate: (p) => ({ ...p, reason: '' }), field: 'reason', sentence: '原因不能为空。' }],
  },
  'appeal:history': {
    valid: (ids) => ({ episodeId: ids.episodeId, appealId: ids.appealId, phone: FULL_PHONE, area: '云龙区', category: '物业管理' }),
    optional: ['episodeId', 'appealId', 'phone', 'area', 'category'],
    big: { mutate: (p) => ({ ...p, category: TWO_MB }), label: '诉求类别', field: 'category' },
    nested: [
      { name: 'an appeal without its episode', mutate: ({ episodeId: _e, ...p }) => p, field: 'episodeId', sentence: '查询某条诉求的历史时，节目和诉求必须同时提供。' },
      { name: 'a query with no key at all', mutate: () => ({ area: '云龙区' }), field: 'phone', sentence: '请提供诉求、电话或诉求类别中的一项。' },
    ],
  },
  'queue:reorder': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, order: [] }),
    optional: [],
    big: { mutate: (p) => ({ ...p, order: [TWO_MB] }), label: '待播顺序', field: 'order.0' },
  },
  'message:send': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, text: '下一位来电人已在线', appealId: null }),
    optional: ['appealId'],
    big: { mutate: (p) => ({ ...p, text: TWO_MB }), label: '消息内容', field: 'text' },
  },
  'message:markRead': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, messageId: ids.messageId }),
    optional: [],
    big: { mutate: (p) => ({ ...p, messageId: TWO_MB }), label: '消息', field: 'messageId' },
  },
  'supervision:list': {
    valid: (ids) => ({ unitId: ids.unitId, episodeId: ids.episodeId, status: 'with_unit', due: 'overdue', summaryOnly: false }),
    optional: ['unitId', 'episodeId', 'status', 'due', 'summaryOnly'],
    big: { mutate: (p) => ({ ...p, unitId: TWO_MB }), label: '所属单位', field: 'unitId' },
    nested: [
      { name: 'an unknown due filter', mutate: (p) => ({ ...p, due: 'tomorrow' }), field: 'due', sentence: '期限筛选不在可选范围内。' },
      { name: 'an unknown status', mutate: (p) => ({ ...p, status: 'open' }), field: 'status', sentence: '状态不在可选范围内。' },
    ],
  },
  'supervision:detail': {
    valid: (ids) => ({ episodeId: ids.episodeId, appealId: ids.supervisedId }),
    optional: [],
    big: { mutate: (p) => ({ ...p, appealId: TWO_MB }), label: '诉求', field: 'appealId' },
  },
  'supervision:assign': {
    valid: (ids) => ({ ...supervisedRef(ids), unitId: ids.unitId, reason: '属本单位职责' }),
    optional: [],
    big: { mutate: (p) => ({ ...p, reason: TWO_MB }), label: '原因', field: 'reason' },
    nested: [{ name: 'a blank reason', mutate: (p) => ({ ...p, reason: '   ' }), field: 'reason', sentence: '原因不能为空。' }],
  },
  'supervision:setDeadline': {
    valid: (ids) => ({ ...supervisedRef(ids), complexity: 'complex', deadline: '2026-01-30', reason: '涉及多个部门' }),
    optional: ['complexity', 'deadline'],
    big: { mutate: (p) => ({ ...p, reason: TWO_MB }), label: '原因', field: 'reason' },
    nested: [
      { name: 'neither a date nor a complexity', mutate: ({ complexity: _c, deadline: _d, ...p }) => p, field: 'deadline', sentence: '请选择新的办理期限或复杂程度。' },
      { name: 'an impossible date', mutate: (p) => ({ ...p, deadline: '2026-02-30' }), field: 'deadline', sentence: '办理期限不符合要求。' },
      { name: 'an unknown complexity', mutate: (p) => ({ ...p, complexity: 'urgent' }), field: 'complexity', sentence: '复杂程度不在可选范围内。' },
    ],
  },
  'supervision:remind': {
    valid: (ids) => ({ ...supervisedRef(ids), note: '市民再次来电催问' }),
    optional: ['note'],
    big: { mutate: (p) => ({ ...p, note: TWO_MB }), label: '说明', field: 'note' },
  },
  'supervision:requestExtension': {
    valid: (ids) => ({ ...supervisedRef(ids), workdays: 3, reason: '需等待配件到货' }),
    optional: [],
    big: { mutate: (p) => ({ ...p, reason: TWO_MB }), label: '原因', field: 'reason' },
    nested: [
      { name: 'zero working days', mutate: (p) => ({ ...p, workdays: 0 }), field: 'workdays', sentence: '延期工作日数不能小于 1。' },
      { name: 'more than 30 working days', mutate: (p) => ({ ...p, workdays: 31 }), field: 'workdays', sentence: '延期工作日数不能大于 30。' },
      { name: 'half a working day', mutate: (p) => ({ ...p, workdays: 1.5 }), field: 'workdays', sentence: '延期工作日数格式不对。' },
    ],
  },
  'supervision:decideExtension': {
    valid: (ids) => ({ ...supervisedRef(ids), requestId: ids.requestId, granted: true, note: '同意' }),
    optional: ['note'],
    big: { mutate: (p) => ({ ...p, note: TWO_MB }), label: '说明', field: 'note' },
  },
  'supervision:reply': {
    valid: (ids) => ({ ...supervisedRef(ids), text: '已安排维修，本周内完成' }),
    optional: [],
    big: { mutate: (p) => ({ ...p, text: TWO_MB }), label: labelFor('supervision:reply', 'text'), field: 'text' },
    nested: [{ name: 'an onBehalf flag (the server decides it from the sender)', mutate: (p) => ({ ...p, onBehalf: false }), field: '', sentence: '提交内容含有系统不认识的字段（onBehalf）。' }],
  },
  'supervision:callBack': {
    valid: (ids) => ({ ...supervisedRef(ids), outcome: 'reached', rating: 'satisfied', note: '市民表示满意' }),
    optional: ['rating', 'note'],
    big: { mutate: (p) => ({ ...p, note: TWO_MB }), label: '说明', field: 'note' },
    nested: [
      { name: 'a reached callback without a rating', mutate: (p) => ({ ...p, rating: null }), field: 'rating', sentence: '联系上市民时必须记录满意度评价。' },
      { name: 'an unreachable callback with a rating', mutate: (p) => ({ ...p, outcome: 'unreachable' }), field: 'rating', sentence: '联系不上市民时不能记录满意度评价。' },
      { name: 'a rating outside 满意/基本满意/不满意', mutate: (p) => ({ ...p, rating: 'very_satisfied' }), field: 'rating', sentence: '满意度不在可选范围内。' },
      { name: 'an unknown outcome', mutate: (p) => ({ ...p, outcome: 'busy' }), field: 'outcome', sentence: '回访结果不在可选范围内。' },
    ],
  },
  'supervision:close': {
    valid: (ids) => ({ ...supervisedRef(ids), note: '市民满意，办结' }),
    optional: ['note'],
    big: { mutate: (p) => ({ ...p, note: TWO_MB }), label: '说明', field: 'note' },
  },
  'appeal:callBack': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.appealId, expectedVersion: ids.appealVersion, outcome: 'reached', rating: 'satisfied', note: '现场答复后已解决' }),
    optional: ['rating', 'note'],
    big: { mutate: (p) => ({ ...p, note: TWO_MB }), label: '说明', field: 'note' },
    nested: [
      { name: 'a reached callback without a rating', mutate: (p) => ({ ...p, rating: null }), field: 'rating', sentence: '联系上市民时必须记录满意度评价。' },
      { name: 'an unreachable callback with a rating', mutate: (p) => ({ ...p, outcome: 'unreachable' }), field: 'rating', sentence: '联系不上市民时不能记录满意度评价。' },
      { name: 'a rating outside 满意/基本满意/不满意', mutate: (p) => ({ ...p, rating: 'very_satisfied' }), field: 'rating', sentence: '满意度不在可选范围内。' },
    ],
  },
  'appeal:callBackList': {
    valid: (ids) => ({ status: 'all', episodeId: ids.episodeId, from: '2025-01-01', to: '2025-12-31' }),
    optional: ['status', 'episodeId', 'from', 'to'],
    big: { mutate: (p) => ({ ...p, episodeId: TWO_MB }), label: '节目', field: 'episodeId' },
    nested: [
      { name: 'a filter that is neither awaiting nor all', mutate: (p) => ({ ...p, status: 'rated' }), field: 'status', sentence: '状态不在可选范围内。' },
      { name: 'a period ending before it starts', mutate: (p) => ({ ...p, from: '2025-03-01', to: '2025-02-28' }), field: 'to', sentence: '结束日期不能早于开始日期。' },
      { name: 'an impossible date', mutate: (p) => ({ ...p, from: '2025-02-29' }), field: 'from', sentence: '开始日期不符合要求。' },
    ],
  },
  'calendar:setDay': {
    valid: () => ({ commandId: commandId(), date: '2025-10-09', dayType: 'off', reason: '台风停工' }),
    optional: [],
    big: { mutate: (p) => ({ ...p, reason: TWO_MB }), label: '原因', field: 'reason' },
    nested: [
      { name: 'an unknown day type', mutate: (p) => ({ ...p, dayType: 'holiday' }), field: 'dayType', sentence: '日期类型不在可选范围内。' },
      { name: 'an empty reason', mutate: (p) => ({ ...p, reason: '' }), field: 'reason', sentence: '原因不能为空。' },
    ],
  },
  'calendar:importYear': {
    valid: () => ({ commandId: commandId(), year: 2027, source: 'notice', days: [{ date: '2027-02-05', dayType: 'off', name: '春节' }, { date: '2027-01-31', dayType: 'work', name: '春节' }] }),
    optional: [],
    big: { mutate: (p) => ({ ...p, days: [{ date: '2027-02-05', dayType: 'off', name: TWO_MB }] }), label: '节日名称', field: 'days.0.name' },
    nested: [
      { name: 'a date of another year', mutate: (p) => ({ ...p, days: [{ date: '2028-01-01', dayType: 'off', name: '元旦' }] }), field: 'days.0.date', sentence: '节假日安排里有不属于该年份的日期。' },
      { name: 'a date twice', mutate: (p) => ({ ...p, days: [...p.days, { date: '2027-02-05', dayType: 'work', name: '春节' }] }), field: 'days.2.date', sentence: '节假日安排里同一天出现了两次。' },
      { name: 'a day that is neither off nor work', mutate: (p) => ({ ...p, days: [{ date: '2027-02-05', dayType: 'holiday', name: '春节' }] }), field: 'days.0.dayType', sentence: '节假日安排中的放假/上班不在可选范围内。' },
      { name: 'an empty schedule', mutate: (p) => ({ ...p, days: [] }), field: 'days', sentence: '节假日安排至少选择 1 项。' },
      { name: 'an unknown source', mutate: (p) => ({ ...p, source: 'excel' }), field: 'source', sentence: '来源不在可选范围内。' },
    ],
  },
  'category:save': {
    valid: () => ({ commandId: commandId(), categoryId: null, expectedVersion: null, name: '新增类别', retired: false }),
    optional: ['categoryId', 'expectedVersion', 'retired'],
    big: { mutate: (p) => ({ ...p, name: TWO_MB }), label: '类别名称', field: 'name' },
  },
  'callerFlag:list': {
    valid: () => ({ phone: '13812345678' }),
    optional: [],
    big: { mutate: (p) => ({ ...p, phone: TWO_MB }), label: '联系电话', field: 'phone' },
  },
  'callerFlag:set': {
    valid: () => ({ commandId: commandId(), phone: '13812345678', flag: 'care', reason: '独居老人' }),
    optional: [],
    big: { mutate: (p) => ({ ...p, reason: TWO_MB }), label: '原因', field: 'reason' },
  },
  'callerFlag:clear': {
    valid: () => ({ commandId: commandId(), phone: '13812345678', flag: 'care', reason: '已不需要' }),
    optional: [],
    big: { mutate: (p) => ({ ...p, reason: TWO_MB }), label: '原因', field: 'reason' },
  },
  'feedback:putOnAir': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, sourceEpisodeId: ids.episodeId, appealId: ids.supervisedId }),
    optional: [],
    big: { mutate: (p) => ({ ...p, appealId: TWO_MB }), label: '诉求', field: 'appealId' },
  },
  'feedback:takeOffAir': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId }),
    optional: [],
    big: { mutate: (p) => ({ ...p, episodeId: TWO_MB }), label: '节目', field: 'episodeId' },
  },
  'wall:setHidden': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, hidden: true, reason: 'personal_info' }),
    optional: ['reason'],
    big: { mutate: (p) => ({ ...p, episodeId: TWO_MB }), label: '节目', field: 'episodeId' },
  },
  'publication:draft': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, kind: 'qa', title: '电梯坏了找谁？', body: '由物业服务企业负责维修。', appealIds: [ids.supervisedId] }),
    optional: [],
    big: { mutate: (p) => ({ ...p, body: TWO_MB }), label: '正文', field: 'body' },
    nested: [
      { name: 'a title one character too long', mutate: (p) => ({ ...p, title: '长'.repeat(101) }), field: 'title', sentence: '标题不能超过 100 个字。' },
      { name: 'a kind other than hotspot or Q&A', mutate: (p) => ({ ...p, kind: 'news' }), field: 'kind', sentence: '类型不在可选范围内。' },
      { name: 'no linked appeal', mutate: (p) => ({ ...p, appealIds: [] }), field: 'appealIds', sentence: '关联诉求至少选择 1 项。' },
      { name: 'more than 50 linked appeals', mutate: (p) => ({ ...p, appealIds: Array.from({ length: 51 }, (_, i) => `appeal-${i}`) }), field: 'appealIds', sentence: '关联诉求最多 50 项。' },
      { name: 'a body of blanks', mutate: (p) => ({ ...p, body: '   ' }), field: 'body', sentence: '正文不能为空。' },
      { name: 'a status set by the client', mutate: (p) => ({ ...p, status: 'published' }), field: '', sentence: '提交内容含有系统不认识的字段（status）。' },
    ],
  },
  'publication:edit': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, publicationId: 'publication-1', expectedVersion: 1, title: '电梯坏了找谁？', body: '由物业服务企业负责维修。', appealIds: [ids.supervisedId] }),
    optional: [],
    big: { mutate: (p) => ({ ...p, body: TWO_MB }), label: '正文', field: 'body' },
    nested: [{ name: 'a linked appeal id with a path in it', mutate: (p) => ({ ...p, appealIds: ['../catalogue'] }), field: 'appealIds.0', sentence: '关联诉求格式不正确。' }],
  },
  'publication:publish': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, publicationId: 'publication-1', expectedVersion: 1 }),
    optional: [],
    big: { mutate: (p) => ({ ...p, publicationId: TWO_MB }), label: '发布内容', field: 'publicationId' },
  },
  'publication:withdraw': {
    valid: (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, publicationId: 'publication-1', expectedVersion: 2 }),
    optional: [],
    big: { mutate: (p) => ({ ...p, publicationId: TWO_MB }), label: '发布内容', field: 'publicationId' },
  },
  'reports:summary': {
    valid: () => ({ from: '2025-01-01', to: '2025-12-31', satisfaction: 'resolved' }),
    optional: ['satisfaction'],
    // Dates have no length limit of their own: a huge payload is tested as an unknown field.
    big: { mutate: (p) => ({ ...p, filler: TWO_MB }), label: '提交内容', field: '' },
    nested: [
      { name: 'a period ending before it starts', mutate: () => ({ from: '2025-03-01', to: '2025-02-28' }), field: 'to', sentence: '结束日期不能早于开始日期。' },
      { name: 'an impossible date', mutate: (p) => ({ ...p, from: '2025-02-29' }), field: 'from', sentence: '开始日期不符合要求。' },
      { name: 'a 2 MB date', mutate: (p) => ({ ...p, to: TWO_MB }), field: 'to', sentence: '结束日期格式不正确。' },
      { name: 'a satisfaction basis that is neither callback nor resolved', mutate: (p) => ({ ...p, satisfaction: 'survey' }), field: 'satisfaction', sentence: '满意率口径不在可选范围内。' },
    ],
  },
  'reports:annual': {
    valid: () => ({ year: 2025, satisfaction: 'callback' }),
    optional: ['satisfaction'],
    big: { mutate: (p) => ({ ...p, filler: TWO_MB }), label: '提交内容', field: '' },
    nested: [
      { name: 'a year before 2000', mutate: () => ({ year: 1999 }), field: 'year', sentence: '年份不能小于 2000。' },
      { name: 'a year after 2100', mutate: () => ({ year: 2101 }), field: 'year', sentence: '年份不能大于 2100。' },
    ],
  },
};

/** The reference to the supervised appeal every supervision command names. */
function supervisedRef(ids: Ids) {
  return { commandId: commandId(), episodeId: ids.episodeId, appealId: ids.supervisedId, expectedVersion: ids.supervisedVersion };
}

const COMMANDS = Object.keys(COMMAND_ROLES) as CommandName[];

/** A value of the wrong type for whatever a field holds. */
function wrongTypeFor(value: unknown): unknown {
  if (value === null) return true;
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'x';
  if (typeof value === 'boolean') return 'yes';
  return 'not-an-object';
}

/** Send any event with any payload (bypassing the typed map) and wait for the ack. */
function raw(socket: ClientSocket, event: string, payload: unknown): Promise<Ack<any>> {
  return (socket.timeout(10_000) as any).emitWithAck(event, payload);
}

/** True when a text looks like it carries a stack trace or a source path. */
function hasStackTrace(text: string): boolean {
  return /\.(?:ts|tsx|js|mjs|cjs):\d+/.test(text) || /\n\s*at\s/.test(text) || /\bat\s+\S*[\\/]\S+/.test(text) || text.includes('node_modules');
}

/** Send a payload that must be refused with `code`; returns the error half. */
async function refused(socket: ClientSocket, event: string, payload: unknown, code: ErrorCode) {
  const response = await raw(socket, event, payload);
  const text = JSON.stringify(response);
  expect(hasStackTrace(text), `stack trace in ack of ${event}: ${text.slice(0, 300)}`).toBe(false);
  expect(response.ok, `${event} should be refused with ${code}, got ${text.slice(0, 300)}`).toBe(false);
  if (response.ok) throw new Error('unreachable');
  expect(response.error.code, `${event}: ${response.error.message}`).toBe(code);
  return { ...response.error, size: text.length };
}

interface Snapshot {
  episodeFile: string;
  catalogueFile: string;
  seq: number;
  state: unknown;
  catalogue: unknown;
}

async function snapshot(server: TestServer, episodeId: string): Promise<Snapshot> {
  return {
    episodeFile: episodeBytes(server.dataDir, episodeId),
    catalogueFile: await readFile(join(server.dataDir, 'catalogue.json'), 'utf8'),
    seq: server.app.studio.state(episodeId).seq,
    state: structuredClone(server.app.studio.state(episodeId)),
    catalogue: structuredClone(server.app.catalogue.data),
  };
}

async function expectUnchanged(server: TestServer, episodeId: string, before: Snapshot): Promise<void> {
  // Give a (wrongly) accepted write a moment to reach the disk before comparing.
  await new Promise((r) => setTimeout(r, 50));
  const after = await snapshot(server, episodeId);
  expect(after.seq, 'in-memory seq moved').toBe(before.seq);
  expect(after.episodeFile === before.episodeFile, 'episode file on disk changed').toBe(true);
  expect(after.catalogueFile === before.catalogueFile, 'catalogue.json on disk changed').toBe(true);
  expect(after.state).toEqual(before.state);
  expect(after.catalogue).toEqual(before.catalogue);
}

/** Sockets of roles the studio does not bring along (the unit liaison), set up by the describe that needs them. */
const extraSockets: Partial<Record<Role, ClientSocket>> = {};

function senderFor(studio: Studio, command: CommandName): ClientSocket {
  const roles = COMMAND_ROLES[command];
  if (roles.includes('operator')) return studio.operator;
  if (roles.includes('admin')) return studio.admin;
  if (roles.includes('unit') && extraSockets.unit) return extraSockets.unit;
  return studio.leader;
}

describe('malformed payloads: every command refuses them with VALIDATION_FAILED and a Chinese message, changing nothing', () => {
  let studio: Studio;
  let ids: Ids;

  beforeAll(async () => {
    studio = await buildStudio();
    const { operator, admin, episodeId } = studio;
    const { appeal } = await ok(operator, 'appeal:create', SPECS['appeal:create'].valid({ episodeId } as Ids) as any);
    const { message } = await ok(operator, 'message:send', { commandId: commandId(), episodeId, text: '请准备', appealId: appeal.id });
    const { person } = await ok(admin, 'person:save', { commandId: commandId(), name: '赵副局长', title: '副局长', unitId: studio.unitId, principal: false });
    const { account } = await ok(admin, 'account:create', { commandId: commandId(), username: 'spare01', displayName: '备用', role: 'operator', unitId: null, password: 'password-1234' });
    const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: '备用大屏' });
    // A supervised appeal (screened and handed over) with an extension request from its unit.
    extraSockets.unit = await connectAs(studio.server, admin, 'unit', studio.unitId);
    const { appeal: toHandOver } = await ok(operator, 'appeal:create', appealInput(episodeId, { summary: '会后督办' }));
    const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: toHandOver.id, expectedVersion: toHandOver.version });
    const handed = await ok(operator, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: toHandOver.id, expectedVersion: queued.appeal.version, reason: '会后办理' });
    const { appeal: supervised } = await ok(extraSockets.unit, 'supervision:requestExtension', { commandId: commandId(), episodeId, appealId: handed.appeal.id, expectedVersion: handed.appeal.version, workdays: 3, reason: '需要时间' });
    ids = {
      accountId: account.id,
      displayLinkId: link.id,
      episodeId,
      episodeVersion: studio.server.app.studio.state(episodeId).episode.version,
      appealId: appeal.id,
      appealVersion: appeal.version,
      messageId: message.id,
      unitId: studio.unitId,
      personId: person.id,
      supervisedId: supervised.id,
      supervisedVersion: supervised.version,
      requestId: supervised.supervision.extensionRequests[0].id,
    };
  });
  afterAll(async () => {
    extraSockets.unit?.disconnect();
    delete extraSockets.unit;
    await studio?.close();
  });

  it('every command of the event map has a payload description here', () => {
    expect(COMMANDS.filter((c) => !SPECS[c])).toEqual([]);
  });

  it('the base payloads used below are valid, so each refusal is caused by the one thing changed', () => {
    for (const command of COMMANDS) {
      const result = SCHEMAS.get(command).safeParse(SPECS[command].valid(ids));
      expect(result.success, `${command}: ${result.success ? '' : JSON.stringify(result.error.issues)}`).toBe(true);
    }
  });

  it('a payload that is not an object is refused by every command', async () => {
    const before = await snapshot(studio.server, ids.episodeId);
    for (const command of COMMANDS) {
      for (const payload of [null, 'episode', 42, [SPECS[command].valid(ids)]]) {
        const error = await refused(senderFor(studio, command), command, payload, 'VALIDATION_FAILED');
        expect(error.field, command).toBe('');
        expect(error.message.startsWith(`${VALIDATION_PREFIX}提交内容`), error.message).toBe(true);
      }
    }
    await expectUnchanged(studio.server, ids.episodeId, before);
  });

  it('a field that was filled in with the wrong type is reported as 「格式不对」, not as missing (「必须填写」)', async () => {
    const before = await snapshot(studio.server, ids.episodeId);
    const { operator } = studio;
    const cases: Array<[CommandName, Payload, string]> = [
      ['appeal:create', null as never, '提交内容格式不对。'],
      ['appeal:create', { ...SPECS['appeal:create'].valid(ids), summary: 12345 }, '诉求摘要格式不对。'],
      ['appeal:create', { ...SPECS['appeal:create'].valid(ids), caller: 'anonymous' }, '来电人格式不对。'],
      ['appeal:putOnAir', { ...SPECS['appeal:putOnAir'].valid(ids), expectedVersion: 1.5 }, '版本号格式不对。'],
      ['queue:reorder', { ...SPECS['queue:reorder'].valid(ids), order: 'all' }, '待播顺序格式不对。'],
    ];
    for (const [command, payload, sentence] of cases) {
      const error = await refused(operator, command, payload, 'VALIDATION_FAILED');
      expect(error.message, JSON.stringify(payload)?.slice(0, 80)).toBe(`${VALIDATION_PREFIX}${sentence}`);
    }
    await expectUnchanged(studio.server, ids.episodeId, before);
  });

  it.each(COMMANDS)('%s: a field of the wrong type is refused, naming the field in Chinese', async (command) => {
    const socket = senderFor(studio, command);
    const before = await snapshot(studio.server, ids.episodeId);
    const valid = SPECS[command].valid(ids);
    for (const key of Object.keys(valid)) {
      const error = await refused(socket, command, { ...valid, [key]: wrongTypeFor(valid[key]) }, 'VALIDATION_FAILED');
      expect(error.field, `${command}.${key}`).toBe(key);
      expect(error.message.startsWith(VALIDATION_PREFIX), error.message).toBe(true);
      expect(error.message, `${command}.${key}`).toContain(labelFor(command, key));
      expect(error.message).not.toContain(key);
    }
    await expectUnchanged(studio.server, ids.episodeId, before);
  });

  it.each(COMMANDS)('%s: a missing required field is refused with 「…必须填写」', async (command) => {
    const socket = senderFor(studio, command);
    const before = await snapshot(studio.server, ids.episodeId);
    const valid = SPECS[command].valid(ids);
    for (const key of Object.keys(valid).filter((k) => !SPECS[command].optional.includes(k))) {
      const { [key]: _left, ...payload } = valid;
      const error = await refused(socket, command, payload, 'VALIDATION_FAILED');
      expect(error.field).toBe(key);
      expect(error.message).toBe(`${VALIDATION_PREFIX}${labelFor(command, key)}必须填写。`);
    }
    await expectUnchanged(studio.server, ids.episodeId, before);
  });

  it.each(COMMANDS)('%s: an unknown extra key is refused, and the message names the key', async (command) => {
    const socket = senderFor(studio, command);
    const before = await snapshot(studio.server, ids.episodeId);
    const error = await refused(socket, command, { ...SPECS[command].valid(ids), isAdmin: true }, 'VALIDATION_FAILED');
    expect(error.message).toBe(`${VALIDATION_PREFIX}提交内容含有系统不认识的字段（isAdmin）。`);
    expect(error.field).toBe('');
    await expectUnchanged(studio.server, ids.episodeId, before);
  });

  it.each(COMMANDS)('%s: a 2 MB string is refused with the field label, and the answer does not echo it', async (command) => {
    const socket = senderFor(studio, command);
    const before = await snapshot(studio.server, ids.episodeId);
    const { big } = SPECS[command];
    const error = await refused(socket, command, big.mutate(SPECS[command].valid(ids)), 'VALIDATION_FAILED');
    expect(error.field).toBe(big.field);
    expect(error.message.startsWith(`${VALIDATION_PREFIX}${big.label}`), error.message).toBe(true);
    expect(error.message).toMatch(big.field === '' ? /含有系统不认识的字段（filler）/ : /不能超过 \d+ 个字。$/);
    expect(error.size).toBeLessThan(2000);
    await expectUnchanged(studio.server, ids.episodeId, before);
  });

  const nestedCases = COMMANDS.flatMap((command) => (SPECS[command]?.nested ?? []).map((c) => ({ command, ...c })));
  it.each(nestedCases)('$command: $name is refused with 「$sentence」', async ({ command, mutate, field, sentence }) => {
    const socket = senderFor(studio, command);
    const before = await snapshot(studio.server, ids.episodeId);
    const error = await refused(socket, command, mutate(SPECS[command].valid(ids)), 'VALIDATION_FAILED');
    expect(error.field).toBe(field);
    expect(error.message).toBe(`${VALIDATION_PREFIX}${sentence}`);
    await expectUnchanged(studio.server, ids.episodeId, before);
  });
});

describe('well-formed commands the domain refuses', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  /** Create appeals (received), screen some of them (queued). Returns their current versions. */
  async function appeals(count: number, screened: number) {
    const { operator, episodeId } = studio;
    const out: Array<{ id: string; no: number; version: number }> = [];
    for (let i = 0; i < count; i++) {
      const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId, { caller: { anonymous: false, name: '王建华', title: '先生', phone: FULL_PHONE }, summary: `诉求${i + 1}` }));
      out.push({ id: appeal.id, no: appeal.no, version: appeal.version });
    }
    for (const a of out.slice(0, screened)) {
      const { appeal } = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: a.id, expectedVersion: a.version });
      a.version = appeal.version;
    }
    return out;
  }

  it('an unknown command name with an ack is answered UNKNOWN_COMMAND, changes nothing, and the socket keeps working', async () => {
    studio = await buildStudio();
    const { operator, admin, episodeId } = studio;
    const before = await snapshot(studio.server, episodeId);
    for (const [socket, event] of [
      [operator, 'appeal:delete'],
      [operator, 'episode:delete'],
      [admin, 'account:setRole'],
      [operator, 'constructor'],
      [operator, '__proto__'],
      [admin, 'catalogue:Get'],
    ] as const) {
      const response = await raw(socket, event, { commandId: commandId(), episodeId });
      expect(response).toEqual({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: ERROR_MESSAGES.UNKNOWN_COMMAND } });
    }
    // Without an ack nothing can be answered, and nothing happens either.
    operator.emit('appeal:delete' as any, { commandId: commandId(), episodeId });
    await expectUnchanged(studio.server, episodeId, before);
    const catalogue = await ok(operator, 'catalogue:get', {});
    expect(catalogue.episodes.map((e: any) => e.id)).toEqual([episodeId]);
    expect(operator.connected).toBe(true);
  });

  it('a command naming an unknown episode is refused with EPISODE_NOT_FOUND by every episode command', async () => {
    studio = await buildStudio();
    const { operator, leader, admin, episodeId } = studio;
    const [a] = await appeals(1, 0);
    const { message } = await ok(operator, 'message:send', { commandId: commandId(), episodeId, text: '请准备', appealId: null });
    const liaison = await connectAs(studio.server, admin, 'unit', studio.unitId);
    const before = await snapshot(studio.server, episodeId);
    const ghost = 'no-such-episode';
    const ref = { episodeId: ghost, appealId: a.id, expectedVersion: a.version };
    const cases: Array<[ClientSocket, CommandName, Payload]> = [
      [admin, 'episode:update', { commandId: commandId(), episodeId: ghost, expectedVersion: 1, patch: { theme: '新主题' } }],
      [operator, 'episode:start', { commandId: commandId(), episodeId: ghost }],
      [operator, 'episode:end', { commandId: commandId(), episodeId: ghost }],
      [leader, 'episode:sync', { episodeId: ghost, sinceSeq: null }],
      [operator, 'appeal:create', appealInput(ghost)],
      [operator, 'appeal:update', { commandId: commandId(), ...ref, patch: { summary: '改' } }],
      [operator, 'appeal:screen', { commandId: commandId(), ...ref }],
      [operator, 'appeal:putOnAir', { commandId: commandId(), ...ref }],
      [leader, 'appeal:answerOnAir', { commandId: commandId(), ...ref, points: '答复' }],
      [leader, 'appeal:handOver', { commandId: commandId(), ...ref, reason: '核实' }],
      [operator, 'appeal:markInvalid', { commandId: commandId(), ...ref, reason: '无关' }],
      [leader, 'appeal:history', { episodeId: ghost, appealId: a.id }],
      [operator, 'queue:reorder', { commandId: commandId(), episodeId: ghost, order: [] }],
      [operator, 'message:send', { commandId: commandId(), episodeId: ghost, text: '你好', appealId: null }],
      [leader, 'message:markRead', { commandId: commandId(), episodeId: ghost, messageId: message.id }],
      [admin, 'supervision:detail', { episodeId: ghost, appealId: a.id }],
      [admin, 'supervision:assign', { commandId: commandId(), ...ref, unitId: studio.unitId, reason: '改派' }],
      [admin, 'supervision:setDeadline', { commandId: commandId(), ...ref, deadline: '2026-01-30', reason: '延后' }],
      [admin, 'supervision:remind', { commandId: commandId(), ...ref, note: '催办' }],
      [liaison, 'supervision:requestExtension', { commandId: commandId(), ...ref, workdays: 3, reason: '需要时间' }],
      [admin, 'supervision:decideExtension', { commandId: commandId(), ...ref, requestId: 'some-request', granted: true }],
      [liaison, 'supervision:reply', { commandId: commandId(), ...ref, text: '已处理' }],
      [admin, 'supervision:callBack', { commandId: commandId(), ...ref, outcome: 'reached', rating: 'satisfied' }],
      [admin, 'supervision:close', { commandId: commandId(), ...ref, note: '办结' }],
      [admin, 'appeal:callBack', { commandId: commandId(), ...ref, outcome: 'reached', rating: 'satisfied' }],
      [operator, 'feedback:putOnAir', { commandId: commandId(), episodeId: ghost, sourceEpisodeId: episodeId, appealId: a.id }],
      [operator, 'feedback:takeOffAir', { commandId: commandId(), episodeId: ghost }],
      [operator, 'wall:setHidden', { commandId: commandId(), episodeId: ghost, hidden: true }],
      [admin, 'publication:draft', { commandId: commandId(), episodeId: ghost, kind: 'qa', title: '问题', body: '答复', appealIds: [a.id] }],
      [admin, 'publication:edit', { commandId: commandId(), episodeId: ghost, publicationId: 'some-publication', expectedVersion: 1, title: '问题', body: '答复', appealIds: [a.id] }],
      [admin, 'publication:publish', { commandId: commandId(), episodeId: ghost, publicationId: 'some-publication', expectedVersion: 1 }],
      [admin, 'publication:withdraw', { commandId: commandId(), episodeId: ghost, publicationId: 'some-publication', expectedVersion: 2 }],
    ];
    const covered = new Set(cases.map(([, command]) => command));
    // Every command whose payload names an episode is covered, except the lists, where the episode is only a filter.
    const dummy = { episodeId: 'e', episodeVersion: 1, appealId: 'a', appealVersion: 1, messageId: 'm', unitId: 'u', personId: 'p', accountId: 'c', displayLinkId: 'd', supervisedId: 's', supervisedVersion: 1, requestId: 'r' };
    expect([...covered].sort()).toEqual(COMMANDS.filter((c) => c !== 'supervision:list' && c !== 'appeal:callBackList' && 'episodeId' in SPECS[c].valid(dummy)).sort());
    for (const [socket, command, payload] of cases) {
      const error = await refused(socket, command, payload, 'EPISODE_NOT_FOUND');
      expect(error.message).toBe(ERROR_MESSAGES.EPISODE_NOT_FOUND);
      expect(error.field).toBe('episodeId');
    }
    // Filtering the list by an episode that does not exist finds nothing.
    const filtered = await ok(admin, 'supervision:list', { episodeId: ghost });
    expect(filtered.items).toEqual([]);
    expect(filtered.counts.total).toBe(0);
    const onAir = await ok(admin, 'appeal:callBackList', { status: 'all', episodeId: ghost });
    expect(onAir).toMatchObject({ items: [], total: 0, answered: 0, awaiting: 0 });
    liaison.disconnect();
    await expectUnchanged(studio.server, episodeId, before);
    expect(studio.server.app.studio.summaries().map((s) => s.id)).toEqual([episodeId]);
  });

  it('a command naming an unknown appeal is refused with APPEAL_NOT_FOUND', async () => {
    studio = await buildStudio();
    const { operator, leader, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    await appeals(2, 1);
    const before = await snapshot(studio.server, episodeId);
    const ref = { episodeId, appealId: 'no-such-appeal', expectedVersion: 1 };
    const cases: Array<[ClientSocket, CommandName, Payload]> = [
      [operator, 'appeal:update', { commandId: commandId(), ...ref, patch: { summary: '改' } }],
      [operator, 'appeal:screen', { commandId: commandId(), ...ref }],
      [operator, 'appeal:putOnAir', { commandId: commandId(), ...ref }],
      [leader, 'appeal:answerOnAir', { commandId: commandId(), ...ref, points: '答复' }],
      [leader, 'appeal:handOver', { commandId: commandId(), ...ref, reason: '核实' }],
      [operator, 'appeal:markInvalid', { commandId: commandId(), ...ref, reason: '无关' }],
      [operator, 'appeal:history', { episodeId, appealId: 'no-such-appeal' }],
      [leader, 'appeal:history', { episodeId, appealId: 'no-such-appeal' }],
      [operator, 'message:send', { commandId: commandId(), episodeId, text: '请关注这条', appealId: 'no-such-appeal' }],
      [studio.admin, 'supervision:detail', { episodeId, appealId: 'no-such-appeal' }],
      [studio.admin, 'supervision:assign', { commandId: commandId(), ...ref, unitId: studio.unitId, reason: '改派' }],
      [studio.admin, 'supervision:setDeadline', { commandId: commandId(), ...ref, deadline: '2026-01-30', reason: '延后' }],
      [studio.admin, 'supervision:remind', { commandId: commandId(), ...ref, note: '催办' }],
      [studio.admin, 'supervision:decideExtension', { commandId: commandId(), ...ref, requestId: 'some-request', granted: true }],
      [studio.admin, 'supervision:reply', { commandId: commandId(), ...ref, text: '已处理' }],
      [studio.admin, 'supervision:callBack', { commandId: commandId(), ...ref, outcome: 'reached', rating: 'satisfied' }],
      [studio.admin, 'supervision:close', { commandId: commandId(), ...ref, note: '办结' }],
      [studio.admin, 'appeal:callBack', { commandId: commandId(), ...ref, outcome: 'reached', rating: 'satisfied' }],
    ];
    for (const [socket, command, payload] of cases) {
      const error = await refused(socket, command, payload, 'APPEAL_NOT_FOUND');
      expect(error.message).toBe(ERROR_MESSAGES.APPEAL_NOT_FOUND);
      expect(error.field).toBe('appealId');
    }
    await expectUnchanged(studio.server, episodeId, before);
  });

  it('references to units, people or messages that do not exist are refused with NOT_FOUND', async () => {
    studio = await buildStudio();
    const { operator, leader, admin, episodeId, unitId } = studio;
    const before = await snapshot(studio.server, episodeId);
    const plan = { commandId: commandId(), date: '2025-12-02', slot: { start: '09:00', end: '10:00' }, theme: '交通出行', host: '', unitIds: [unitId], leaderIds: [] as string[] };
    const cases: Array<[ClientSocket, CommandName, Payload, string]> = [
      [operator, 'appeal:create', appealInput(episodeId, { targetUnitId: 'no-such-unit' }), 'targetUnitId'],
      [admin, 'episode:plan', { ...plan, unitIds: [unitId, 'no-such-unit'] }, 'unitIds.1'],
      [admin, 'episode:plan', { ...plan, commandId: commandId(), leaderIds: ['no-such-person'] }, 'leaderIds.0'],
      [admin, 'person:save', { commandId: commandId(), name: '钱某', title: '处长', unitId: 'no-such-unit', principal: false }, 'unitId'],
      [admin, 'unit:save', { commandId: commandId(), unitId: 'no-such-unit', expectedVersion: 1, name: '改名', kind: 'county' }, 'unitId'],
      [admin, 'account:create', { commandId: commandId(), username: 'liaison1', displayName: '联络员', role: 'unit', unitId: 'no-such-unit', password: 'password-1234' }, 'unitId'],
      [leader, 'message:markRead', { commandId: commandId(), episodeId, messageId: 'no-such-message' }, 'messageId'],
    ];
    for (const [socket, command, payload, field] of cases) {
      const error = await refused(socket, command, payload, 'NOT_FOUND');
      expect(error.field, command).toBe(field);
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    await expectUnchanged(studio.server, episodeId, before);
    expect(studio.server.app.studio.summaries()).toHaveLength(1);
  });

  it('hotspots and policy Q&A: each refusal has its own code and sentence, and changes nothing', async () => {
    studio = await buildStudio();
    const { operator, admin, episodeId } = studio;
    const [received, toAnswer] = await appeals(2, 0);
    const draft = (appealIds: string[], overrides: Payload = {}) => ({ commandId: commandId(), episodeId, kind: 'qa' as const, title: '电梯坏了找谁？', body: '由物业服务企业负责维修。', appealIds, ...overrides });

    // Before the broadcast there is nothing to publish from.
    let before = await snapshot(studio.server, episodeId);
    let error = await refused(admin, 'publication:draft', draft([received.id]), 'EPISODE_NOT_LIVE');
    expect(error.message).toBe('节目尚未播出，不能起草发布内容。');
    await expectUnchanged(studio.server, episodeId, before);

    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const { appeal: queued } = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: toAnswer.id, expectedVersion: toAnswer.version });
    const { appeal: onAir } = await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: queued.id, expectedVersion: queued.version });
    const { appeal: answered } = await ok(operator, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: onAir.id, expectedVersion: onAir.version, points: '由物业维修' });

    before = await snapshot(studio.server, episodeId);
    error = await refused(admin, 'publication:draft', draft([answered.id, received.id]), 'ILLEGAL_TRANSITION');
    expect(error.message).toBe(`第${received.no}号诉求尚未现场回应或转督办，不能作为发布依据。`);
    expect(error.field).toBe('appealIds.1');
    error = await refused(admin, 'publication:draft', draft([answered.id, 'no-such-appeal']), 'APPEAL_NOT_FOUND');
    expect(error.field).toBe('appealIds.1');
    for (const body of [`请拨打${FULL_PHONE}`, '联系电话 138-1234-5678', '联系电话 138 1234 5678']) {
      error = await refused(admin, 'publication:draft', draft([answered.id], { body }), 'VALIDATION_FAILED');
      expect(error.message, body).toBe('发布内容不能包含来电人的电话号码。');
      expect(error.field).toBe('body');
    }
    error = await refused(admin, 'publication:draft', draft([answered.id], { title: '王建华反映电梯问题' }), 'VALIDATION_FAILED');
    expect(error.message).toBe('发布内容不能包含来电人的姓名。');
    await expectUnchanged(studio.server, episodeId, before);

    const { publication } = await ok(admin, 'publication:draft', draft([answered.id]));
    before = await snapshot(studio.server, episodeId);
    const ref = (overrides: Payload = {}) => ({ commandId: commandId(), episodeId, publicationId: publication.id, expectedVersion: publication.version, ...overrides });
    error = await refused(admin, 'publication:publish', ref({ publicationId: 'no-such-publication' }), 'NOT_FOUND');
    expect(error.field).toBe('publicationId');
    error = await refused(admin, 'publication:edit', ref({ expectedVersion: publication.version + 1, title: '改', body: '改', appealIds: [answered.id] }), 'CONFLICT');
    expect(error.message).toBe(ERROR_MESSAGES.CONFLICT);
    expect(error.fresh).toEqual(publication);
    error = await refused(admin, 'publication:withdraw', ref(), 'ILLEGAL_TRANSITION');
    expect(error.message).toBe('只能撤回已发布的内容。');
    await expectUnchanged(studio.server, episodeId, before);

    const { publication: published } = await ok(admin, 'publication:publish', ref());
    before = await snapshot(studio.server, episodeId);
    error = await refused(admin, 'publication:publish', ref({ expectedVersion: published.version }), 'ILLEGAL_TRANSITION');
    expect(error.message).toBe('这条内容已经发布。');
    error = await refused(admin, 'publication:edit', ref({ expectedVersion: published.version, title: '改', body: '改', appealIds: [answered.id] }), 'ILLEGAL_TRANSITION');
    expect(error.message).toBe('只能修改草稿；已发布的内容请先撤回。');
    await expectUnchanged(studio.server, episodeId, before);

    const { publication: withdrawn } = await ok(admin, 'publication:withdraw', ref({ expectedVersion: published.version }));
    expect(withdrawn.status).toBe('withdrawn');
    error = await refused(admin, 'publication:publish', ref({ expectedVersion: withdrawn.version }), 'ILLEGAL_TRANSITION');
    expect(error.message).toBe('已撤回的内容不能再发布，请重新起草。');
  });

  it('on a planned episode: putting on air is refused with EPISODE_NOT_LIVE, answering a merely received appeal with ILLEGAL_TRANSITION', async () => {
    studio = await buildStudio();
    const { operator, leader, episodeId } = studio;
    const [received, second] = await appeals(2, 0);
    const { appeal: queued } = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: second.id, expectedVersion: second.version });
    const before = await snapshot(studio.server, episodeId);

    let error = await refused(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: queued.id, expectedVersion: queued.version }, 'EPISODE_NOT_LIVE');
    expect(error.message).toBe(ERROR_MESSAGES.EPISODE_NOT_LIVE);
    error = await refused(operator, 'episode:end', { commandId: commandId(), episodeId }, 'EPISODE_NOT_LIVE');
    expect(error.message).toBe(ERROR_MESSAGES.EPISODE_NOT_LIVE);

    error = await refused(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: received.id, expectedVersion: received.version, points: '马上处理' }, 'ILLEGAL_TRANSITION');
    expect(error.message).toBe(`第${received.no}号诉求当前为「待筛选」，不能改为「现场回应」。`);
    error = await refused(operator, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: queued.id, expectedVersion: queued.version, points: '马上处理' }, 'ILLEGAL_TRANSITION');
    expect(error.message).toBe(`第${queued.no}号诉求当前为「待播」，不能改为「现场回应」。`);
    error = await refused(leader, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: received.id, expectedVersion: received.version, reason: '核实' }, 'ILLEGAL_TRANSITION');
    expect(error.message).toBe(`第${received.no}号诉求当前为「待筛选」，不能改为「直播后督办」。`);
    error = await refused(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: queued.id, expectedVersion: queued.version }, 'ILLEGAL_TRANSITION');
    expect(error.message).toBe(`第${queued.no}号诉求当前为「待播」，不能改为「待播」。`);

    await expectUnchanged(studio.server, episodeId, before);
    const state = studio.server.app.studio.state(episodeId);
    expect(state.episode.status).toBe('planned');
    expect(state.episode.onAirAppealId).toBeNull();
    expect(state.appeals[received.id].status).toBe('received');
    expect(state.episode.queue).toEqual([queued.id]);
  });

  it('on a live episode: a second appeal on air is refused with ANOTHER_ON_AIR, starting again with EPISODE_ALREADY_LIVE', async () => {
    studio = await buildStudio();
    const { operator, leader, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const [first, second] = await appeals(3, 2);
    const { appeal: onAir } = await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: first.id, expectedVersion: first.version });
    const before = await snapshot(studio.server, episodeId);

    let error = await refused(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: second.id, expectedVersion: second.version }, 'ANOTHER_ON_AIR');
    expect(error.message).toBe(`第${first.no}号诉求正在播出，请先记录它的现场回应或转督办。`);
    error = await refused(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: onAir.id, expectedVersion: onAir.version }, 'ILLEGAL_TRANSITION');
    error = await refused(operator, 'appeal:markInvalid', { commandId: commandId(), episodeId, appealId: onAir.id, expectedVersion: onAir.version, reason: '串线' }, 'ILLEGAL_TRANSITION');
    expect(error.message).toBe(`第${first.no}号诉求当前为「正在播出」，不能改为「无效」。`);
    error = await refused(operator, 'episode:start', { commandId: commandId(), episodeId }, 'EPISODE_ALREADY_LIVE');
    expect(error.message).toBe(ERROR_MESSAGES.EPISODE_ALREADY_LIVE);
    await expectUnchanged(studio.server, episodeId, before);

    // Once answered, the appeal is history: its content can no longer be edited.
    const { appeal: answered } = await ok(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: onAir.id, expectedVersion: onAir.version, points: '本周内处理' });
    const afterAnswer = await snapshot(studio.server, episodeId);
    error = await refused(operator, 'appeal:update', { commandId: commandId(), episodeId, appealId: answered.id, expectedVersion: answered.version, patch: { summary: '改写历史' } }, 'ILLEGAL_TRANSITION');
    expect(error.message).toBe(`第${first.no}号诉求已「现场回应」，不能再修改内容。`);
    await expectUnchanged(studio.server, episodeId, afterAnswer);
    expect(studio.server.app.studio.state(episodeId).appeals[second.id].status).toBe('queued');
  });

  it('on an ended episode every studio command is refused with EPISODE_ENDED', async () => {
    studio = await buildStudio();
    const { operator, leader, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const list = await appeals(3, 2);
    await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: list[0].id, expectedVersion: list[0].version });
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });
    const before = await snapshot(studio.server, episodeId);
    const state = studio.server.app.studio.state(episodeId);
    const current = (i: number) => ({ episodeId, appealId: list[i].id, expectedVersion: state.appeals[list[i].id].version });

    const cases: Array<[ClientSocket, CommandName, Payload]> = [
      [operator, 'episode:start', { commandId: commandId(), episodeId }],
      [operator, 'episode:end', { commandId: commandId(), episodeId }],
      [operator, 'appeal:create', appealInput(episodeId)],
      [operator, 'appeal:update', { commandId: commandId(), ...current(1), patch: { summary: '补充' } }],
      [operator, 'appeal:screen', { commandId: commandId(), ...current(2) }],
      [operator, 'appeal:putOnAir', { commandId: commandId(), ...current(1) }],
      [leader, 'appeal:answerOnAir', { commandId: commandId(), ...current(0), points: '补答' }],
      [leader, 'appeal:handOver', { commandId: commandId(), ...current(0), reason: '补交' }],
      [operator, 'appeal:markInvalid', { commandId: commandId(), ...current(2), reason: '无关' }],
      [operator, 'queue:reorder', { commandId: commandId(), episodeId, order: [] }],
      [operator, 'message:send', { commandId: commandId(), episodeId, text: '还有一位', appealId: null }],
    ];
    for (const [socket, command, payload] of cases) {
      const error = await refused(socket, command, payload, 'EPISODE_ENDED');
      expect(error.message).toBe(ERROR_MESSAGES.EPISODE_ENDED);
    }
    await expectUnchanged(studio.server, episodeId, before);
    expect(studio.server.app.studio.state(episodeId).episode.status).toBe('ended');
  });

  it('a commandId reused with different content is refused with COMMAND_ID_REUSED; the same content returns the first result', async () => {
    studio = await buildStudio();
    const { operator, episodeId } = studio;
    const first = appealInput(episodeId);
    const created = await ok(operator, 'appeal:create', first);
    const before = await snapshot(studio.server, episodeId);
    const error = await refused(operator, 'appeal:create', { ...first, summary: '另一件事' }, 'COMMAND_ID_REUSED');
    expect(error.message).toBe(ERROR_MESSAGES.COMMAND_ID_REUSED);
    expect(await ok(operator, 'appeal:create', first)).toEqual(created);
    await expectUnchanged(studio.server, episodeId, before);

    // screen and putOnAir share a payload shape: the same id for the other command is a reuse, not a retry.
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const screenId = commandId();
    const ref = { episodeId, appealId: created.appeal.id, expectedVersion: created.appeal.version };
    const screened = await ok(operator, 'appeal:screen', { commandId: screenId, ...ref });
    const afterScreen = await snapshot(studio.server, episodeId);
    const reused = await refused(operator, 'appeal:putOnAir', { commandId: screenId, ...ref }, 'COMMAND_ID_REUSED');
    expect(reused.message).toBe(ERROR_MESSAGES.COMMAND_ID_REUSED);
    await expectUnchanged(studio.server, episodeId, afterScreen);
    expect(studio.server.app.studio.state(episodeId).appeals[created.appeal.id]).toEqual(screened.appeal);
  });
});

describe('HTTP: bad login requests', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await buildStudio();
  });
  afterAll(async () => studio?.close());

  async function post(path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
    const response = await fetch(`${studio.server.url}${path}`, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, text, json: safeJson(text), setCookie: response.headers.get('set-cookie'), type: response.headers.get('content-type') };
  }

  function safeJson(text: string): any {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }

  it('a malformed login body is refused with 400 VALIDATION_FAILED, naming the field in Chinese', async () => {
    const before = await snapshot(studio.server, studio.episodeId);
    const cases: Array<[string, string]> = [
      [JSON.stringify({ username: 42, password: 'x' }), '用户名'],
      [JSON.stringify({ username: 'admin' }), '密码'],
      [JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD, role: 'admin' }), '提交内容'],
      [JSON.stringify({ username: 'a'.repeat(65), password: 'x' }), '用户名'],
      [JSON.stringify(['admin', ADMIN_PASSWORD]), '提交内容'],
    ];
    for (const [body, label] of cases) {
      const response = await post('/api/login', body);
      expect(response.status, body).toBe(400);
      expect(response.json.ok).toBe(false);
      expect(response.json.error.code).toBe('VALIDATION_FAILED');
      expect(response.json.error.message).toContain(label);
      expect(response.setCookie).toBeNull();
    }
    // Not JSON at all.
    for (const [body, headers] of [
      ['{"username": "admin", ', { 'content-type': 'application/json' }],
      [`username=admin&password=${ADMIN_PASSWORD}`, { 'content-type': 'application/x-www-form-urlencoded' }],
    ] as const) {
      const response = await post('/api/login', body, headers);
      expect(response.status, body).toBe(400);
      expect(response.json.error.code).toBe('VALIDATION_FAILED');
      expect(response.setCookie).toBeNull();
    }
    await expectUnchanged(studio.server, studio.episodeId, before);
  });

  it('a wrong password or an unknown user is refused with 401 LOGIN_FAILED, the same answer for both, and no session is opened', async () => {
    const before = await snapshot(studio.server, studio.episodeId);
    const wrong = await post('/api/login', JSON.stringify({ username: 'admin', password: 'not-the-password' }));
    const unknown = await post('/api/login', JSON.stringify({ username: 'nobody', password: 'not-the-password' }));
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.json).toEqual({ ok: false, error: { code: 'LOGIN_FAILED', message: ERROR_MESSAGES.LOGIN_FAILED } });
      expect(response.setCookie).toBeNull();
    }
    await expectUnchanged(studio.server, studio.episodeId, before);
  });

  it('a JSON body over 16 kB is refused with 413 PAYLOAD_TOO_LARGE', async () => {
    const before = await snapshot(studio.server, studio.episodeId);
    for (const path of ['/api/login', '/api/logout']) {
      const response = await post(path, JSON.stringify({ username: 'admin', password: 'p'.repeat(17 * 1024) }));
      expect(response.status, path).toBe(413);
      expect(response.json).toEqual({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: ERROR_MESSAGES.PAYLOAD_TOO_LARGE } });
    }
    await expectUnchanged(studio.server, studio.episodeId, before);
  });

  it('no error response carries a stack trace or a source path', async () => {
    const responses = [
      await post('/api/login', '{"username":'),
      await post('/api/login', JSON.stringify({ username: 'admin', password: 'p'.repeat(20 * 1024) })),
      await post('/api/login', JSON.stringify({ username: { $ne: null }, password: { $ne: null } })),
      await post('/api/login', JSON.stringify({ username: 'admin', password: 'wrong' })),
      await post('/api/login', '\u0000\u0001garbage', { 'content-type': 'application/json; charset=utf-8' }),
      await post('/api/login', '{}', { 'content-type': 'application/json; charset=klingon' }),
      await post('/api/logout', '{"a":'),
    ];
    for (const path of ['/api/me', '/api/nothing-here', '/display/not-a-real-key', '/socket.io/?EIO=4&transport=polling&sid=forged']) {
      const response = await fetch(`${studio.server.url}${path}`);
      responses.push({ status: response.status, text: await response.text(), json: null, setCookie: null, type: response.headers.get('content-type') });
    }
    for (const response of responses) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(hasStackTrace(response.text), response.text.slice(0, 500)).toBe(false);
      expect(response.text).not.toContain(studio.server.dataDir);
    }
  });
});
