import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { displayCallerName, maskCaller, maskPhone } from '../../shared/domain/masking';
import { normalisePhone, parseChinesePhone } from '../../shared/domain/phone';
import { cleanLongText, cleanName, hasVisibleText } from '../../shared/domain/text';
import { planYear } from '../../server/cli/demo/yearPlan';
import {
  AccountCreate,
  AppealCreate,
  CallerInput,
  AppealHistory,
  AppealUpdate,
  DisplayLinkCreate,
  EpisodePlan,
  MessageSend,
  PersonSave,
  SupervisionReply,
  UnitSave,
} from '../../shared/protocol/commands';
import { parsePayload } from '../../shared/protocol/validationMessage';
import { buildCaller } from './builders';

/*
 * Input hygiene (issue 13, item 7): text is NFC, names carry no invisible or bidi characters, text
 * that shows nothing is refused, phone numbers are Chinese numbers stored in one form.
 */

const CMD = 'cmd-00000001';
const RLO = '\u202E';
const ZWSP = '\u200B';
const PHONE_SENTENCE = '联系电话格式不对：请填写 11 位手机号，或带区号的座机号（如 0516-83901234），分机号写在“转”字后面。';

const create = {
  commandId: CMD,
  episodeId: 'ep-2025-37',
  channel: 'hotline',
  caller: { anonymous: false, name: '王五', title: '先生', phone: '13812341234' },
  area: '城关区',
  category: '市容环境',
  targetUnitId: null,
  summary: '小区门口占道经营，夜间噪音扰民',
};
const withCaller = (caller: Partial<typeof create.caller>) => ({ ...create, caller: { ...create.caller, ...caller } });

function accepted<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = parsePayload(schema, payload);
  if (!result.ok) throw new Error(`refused: ${result.message} (${result.field})`);
  return result.data;
}

function refusal(schema: z.ZodType, payload: unknown): { message: string; field: string } {
  const result = parsePayload(schema, payload);
  expect(result.ok, 'the payload should have been refused').toBe(false);
  if (result.ok) throw new Error('unreachable');
  return { message: result.message, field: result.field };
}

describe('text that shows nothing', () => {
  it.each([
    ['zero-width spaces', `${ZWSP}${ZWSP}${ZWSP}`],
    ['a word joiner and a BOM', '\u2060\uFEFF'],
    ['bidi controls', `${RLO}\u202C\u2066\u2069\u200F`],
    ['zero-width characters between spaces', ` ${ZWSP} \u200D `],
    ['a Hangul filler', '\u3164'],
    ['the blank Braille pattern', '\u2800\u2800'],
  ])('a summary of only %s is refused, naming 诉求摘要', (_, summary) => {
    expect(refusal(AppealCreate, { ...create, summary })).toEqual({
      message: '诉求摘要不能只包含看不见的字符（如零宽空格、文字方向控制符），请填写内容。',
      field: 'summary',
    });
  });

  it('a summary of only spaces still says 不能为空', () => {
    expect(refusal(AppealCreate, { ...create, summary: '  \n ' })).toEqual({ message: '诉求摘要不能为空。', field: 'summary' });
  });

  it.each([
    ['a unit name', UnitSave, { commandId: CMD, name: ZWSP, kind: 'department' }, 'name', '名称'],
    ['a person name', PersonSave, { commandId: CMD, name: `${ZWSP}${RLO}`, title: '局长', unitId: 'u1', principal: false }, 'name', '名称'],
    ['an account display name', AccountCreate, { commandId: CMD, username: 'op01', displayName: '\u2060', role: 'operator', unitId: null, password: 'password-1234' }, 'displayName', '显示名称'],
    ['a display link label', DisplayLinkCreate, { commandId: CMD, label: '\uFEFF' }, 'label', '名称'],
    ['a studio message', MessageSend, { commandId: CMD, episodeId: 'ep1', text: ZWSP }, 'text', '消息内容'],
    ['a unit reply', SupervisionReply, { commandId: CMD, episodeId: 'ep1', appealId: 'a1', expectedVersion: 1, text: `${ZWSP}\n${ZWSP}` }, 'text', '消息内容'],
    ['an episode theme', EpisodePlan, { commandId: CMD, date: '2025-06-25', slot: { start: '10:00', end: '11:00' }, theme: ZWSP, host: '李明', unitIds: ['u1'], leaderIds: [] }, 'theme', '节目主题'],
  ] as const)('%s of only invisible characters is refused, naming the field', (_, schema, payload, field, label) => {
    expect(refusal(schema, payload)).toEqual({ message: `${label}不能只包含看不见的字符（如零宽空格、文字方向控制符），请填写内容。`, field });
  });

  it('an optional name or note of only invisible characters is stored as empty, like one of spaces', () => {
    const parsed = accepted(AppealCreate, { ...withCaller({ name: `${ZWSP}${RLO}` }), operatorNotes: ZWSP, area: '\u2060' });
    expect(parsed.caller.name).toBe('');
    expect(parsed.operatorNotes).toBe('');
    expect(parsed.area).toBe('');
  });

  it('a NUL is still refused with its own sentence, even among invisible characters', () => {
    expect(refusal(AppealCreate, { ...create, summary: `${ZWSP}\u0000` })).toEqual({ message: '诉求摘要含有无法保存的不可见字符（NUL），请删除后重试。', field: 'summary' });
    expect(refusal(AppealCreate, withCaller({ name: '王\u0000五' })).field).toBe('caller.name');
  });

  it('the length limit counts what is stored, not the invisible characters sent', () => {
    const name = `${'名'.repeat(50)}${ZWSP.repeat(20)}`;
    expect(accepted(AppealCreate, withCaller({ name })).caller.name).toBe('名'.repeat(50));
  });
});

describe('names lose bidi and zero-width characters', () => {
  it.each([
    ['a right-to-left override in front', `${RLO}王五`, '王五'],
    ['an override and its pop around the name', `\u202D王${RLO}五\u202C`, '王五'],
    ['isolates and marks', '\u2067李\u200F四\u2069\u200E', '李四'],
    ['zero-width characters inside', `欧${ZWSP}阳\u200D娜\uFEFF娜`, '欧阳娜娜'],
    ['an Arabic letter mark and a word joiner', '\u061C赵\u2060六', '赵六'],
    ['line breaks and tabs', '王\n\t五', '王 五'],
  ])('a caller name with %s', (_, name, clean) => {
    expect(accepted(AppealCreate, withCaller({ name })).caller.name).toBe(clean);
  });

  it('person, unit, account and display link names, area and category are cleaned too', () => {
    expect(accepted(PersonSave, { commandId: CMD, name: `${RLO}张建国`, title: `局${ZWSP}长`, unitId: 'u1', principal: true })).toMatchObject({ name: '张建国', title: '局长' });
    expect(accepted(UnitSave, { commandId: CMD, name: `市${ZWSP}住建局${RLO}`, kind: 'department' }).name).toBe('市住建局');
    expect(accepted(AccountCreate, { commandId: CMD, username: 'op01', displayName: `\u2066导播${ZWSP}`, role: 'operator', unitId: null, password: 'password-1234' }).displayName).toBe('导播');
    expect(accepted(DisplayLinkCreate, { commandId: CMD, label: `演播室${RLO}大屏` }).label).toBe('演播室大屏');
    expect(accepted(AppealCreate, { ...create, area: `云龙${ZWSP}区`, category: `物业${RLO}管理` })).toMatchObject({ area: '云龙区', category: '物业管理' });
  });

  it('a patch of the caller is cleaned the same way', () => {
    const parsed = accepted(AppealUpdate, { commandId: CMD, episodeId: 'ep1', appealId: 'a1', expectedVersion: 1, patch: { caller: { anonymous: false, name: `${RLO}王五`, title: '先生', phone: '138 1234 1234' } } });
    expect(parsed.patch.caller).toEqual({ anonymous: false, name: '王五', title: '先生', phone: '13812341234' });
  });
});

describe('long text: NFC, no bidi controls, line breaks kept', () => {
  it('a summary loses its bidi controls and zero-width spaces but keeps its lines', () => {
    const summary = `电梯${RLO}故障\u202C${ZWSP}\n第二行\r\n第三行`;
    expect(accepted(AppealCreate, { ...create, summary }).summary).toBe('电梯故障\n第二行\n第三行');
  });

  it('an emoji sequence joined by U+200D in an online message stays whole', () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    expect(accepted(AppealCreate, { ...create, summary: `网友留言：${family}` }).summary).toBe(`网友留言：${family}`);
  });

  it('text is stored in NFC: a decomposed character becomes one', () => {
    const decomposed = 'Cafe\u0301 e\u0301';
    const parsed = accepted(AppealCreate, { ...create, summary: decomposed, caller: { ...create.caller, name: 'Zoe\u0308' } });
    expect(parsed.summary).toBe('Caf\u00e9 \u00e9');
    expect(parsed.caller.name).toBe('Zo\u00eb');
    expect(parsed.summary).toBe(parsed.summary.normalize('NFC'));
  });

  it('the clean functions are what the schemas use', () => {
    expect(cleanName(`  ${RLO}王${ZWSP}五  `)).toBe('王五');
    expect(cleanLongText(`${ZWSP}`)).toBe('');
    expect(hasVisibleText(`${ZWSP}${RLO} `)).toBe(false);
    expect(hasVisibleText('王')).toBe(true);
  });
});

describe('the big screen never takes a surname from an invisible character', () => {
  it('a name sent with U+202E in front is shown as the surname after it', () => {
    const caller = accepted(AppealCreate, withCaller({ name: `${RLO}王五` })).caller;
    expect(maskCaller(caller).name).toBe('王先生');
  });

  it.each([
    [`${RLO}王五`, '先生', '王先生'],
    [`${ZWSP}\u2066欧阳娜娜`, '女士', '欧阳女士'],
    [`\uFEFF李四`, null, '李姓市民'],
    [`(赵)六`, '先生', '赵先生'],
  ] as const)('a name stored before names were cleaned (%j) is still masked from its first letter: %s', (name, title, shown) => {
    expect(displayCallerName({ anonymous: false, name, title })).toBe(shown);
  });

  it.each([`${RLO}`, `${ZWSP}${RLO}\u2060`, '\u3164', '\u0007', '123'])('a stored name with no letter at all (%j) is 来电市民', (name) => {
    expect(displayCallerName({ anonymous: false, name, title: '先生' })).toBe('来电市民');
  });

  it('an anonymous caller is still 匿名市民', () => {
    expect(maskCaller(buildCaller({ anonymous: true, name: `${RLO}王五` })).name).toBe('匿名市民');
  });
});

describe('phone numbers are Chinese numbers', () => {
  it.each([
    ['13812341234', '13812341234'],
    ['138 1234 1234', '13812341234'],
    ['138-1234-1234', '13812341234'],
    ['+86 138 1234 1234', '13812341234'],
    ['0086 19900001111', '19900001111'],
    ['１３８１２３４１２３４', '13812341234'],
    [`138${RLO}1234${ZWSP}1234`, '13812341234'],
  ])('a mobile number %s is stored as %s', (phone, stored) => {
    expect(accepted(AppealCreate, withCaller({ phone })).caller.phone).toBe(stored);
  });

  it.each([
    ['0516-83901234', '0516-83901234'],
    ['0516 8390 1234', '0516-83901234'],
    ['051683901234', '0516-83901234'],
    ['(0516)83901234', '0516-83901234'],
    ['（０５１６）８３９０１２３４', '0516-83901234'],
    ['0931-8123456', '0931-8123456'],
    ['010-12345678', '010-12345678'],
    ['021 6666 8888', '021-66668888'],
    ['0516-8390-1234', '0516-83901234'],
  ])('a landline with area code %s is stored as %s', (phone, stored) => {
    expect(accepted(AppealCreate, withCaller({ phone })).caller.phone).toBe(stored);
  });

  it.each([
    ['0516-83901234转123', '0516-83901234转123'],
    ['0516-83901234 转 8', '0516-83901234转8'],
    ['0516-83901234-123', '0516-83901234转123'],
    ['0516 83901234 ext 123456', '0516-83901234转123456'],
    ['010-12345678 ext. 66', '010-12345678转66'],
    ['0516-83901234分机12', '0516-83901234转12'],
  ])('a landline with an extension %s is stored as %s', (phone, stored) => {
    expect(accepted(AppealCreate, withCaller({ phone })).caller.phone).toBe(stored);
  });

  it('no number at all is allowed for an explicitly anonymous caller only', () => {
    const anonymous = (phone: string) => ({ ...create, caller: { anonymous: true, name: '', title: null, phone } });
    expect(accepted(AppealCreate, anonymous('')).caller.phone).toBe('');
    expect(accepted(AppealCreate, anonymous('   ')).caller.phone).toBe('');
    expect(refusal(AppealCreate, withCaller({ phone: '' })).field).toBe('caller.phone');
  });

  it.each([
    ['two digits', '12'],
    ['fifteen nines', '999999999999999'],
    ['letters', '138abcd1234'],
    ['a word', '无'],
    ['a mobile one digit short', '1381234123'],
    ['a mobile one digit long', '138123412345'],
    ['a mobile starting 12', '12812341234'],
    ['a mobile with an extension', '13812341234转1'],
    ['a local number without area code', '83901234'],
    ['the 12345 hotline', '12345'],
    ['a 95 service number', '95588'],
    ['a Beijing number one digit short', '010-1234567'],
    ['a landline one digit short', '0516-839012'],
    ['an extension of seven digits', '0516-83901234转1234567'],
    ['a local number starting with 0', '0516-03901234'],
  ])('%s (%s) is refused with the sentence that says what a number looks like', (_, phone) => {
    expect(refusal(AppealCreate, withCaller({ phone }))).toEqual({ message: PHONE_SENTENCE, field: 'caller.phone' });
  });

  it('the stored form parses to itself, so checking it again changes nothing', () => {
    for (const phone of ['13812341234', '0516-83901234', '010-12345678转66', '']) expect(normalisePhone(phone)).toBe(phone);
  });

  it('every caller of the demo year is valid as generated and stored unchanged (the demo only generates mobile numbers)', () => {
    const callers = planYear(2025, 0.2).episodes.flatMap((e) => e.appeals.map((a) => a.caller));
    expect(callers.length).toBeGreaterThan(100);
    for (const caller of callers) expect(CallerInput.parse(caller)).toEqual(caller);
  });

  it('a history lookup accepts the digits typed so far and refuses letters with the same sentence', () => {
    expect(accepted(AppealHistory, { phone: '1381234' }).phone).toBe('1381234');
    expect(accepted(AppealHistory, { phone: '0516 8390 1234' }).phone).toBe('0516-83901234');
    expect(refusal(AppealHistory, { phone: '138abc' })).toEqual({ message: PHONE_SENTENCE, field: 'phone' });
  });
});

describe('masking a validated number on the big screen', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['0516-83901234', '0516****1234'],
    ['0931-8123456', '0931***3456'],
    ['010-12345678', '010****5678'],
    ['0516-83901234转123', '0516****1234'],
    ['010-12345678转66', '010****5678'],
  ])('%s is shown as %s: never the extension', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
    expect(maskPhone(maskPhone(phone))).toBe(masked);
  });

  it('parses what it masks the same way the schema stores it', () => {
    expect(parseChinesePhone('0516-83901234转123')).toEqual({ kind: 'landline', number: '0516-83901234', digits: '051683901234', extension: '123', normalised: '0516-83901234转123' });
    expect(parseChinesePhone('12')).toBeNull();
  });
});
