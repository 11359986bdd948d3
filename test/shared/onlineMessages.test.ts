import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startEpisode, endEpisode } from '../../shared/domain/episodeRules';
import { seedCategories } from '../../shared/domain/categories';
import { DomainError } from '../../shared/domain/errors';
import {
  acceptsOnlineMessages,
  countBySource,
  currentProgramme,
  dedupeKey,
  findDuplicate,
  MESSAGE_STATUS_LABELS,
  messageStatusOf,
  messageTextKey,
  normaliseReceiptCode,
  phoneLastFour,
  receiptCodeFromDigest,
  receiveOnlineMessage,
  RECEIPT_ALPHABET,
  type OnlineMessage,
} from '../../shared/domain/onlineMessages';
import { describeMessageProblems, PublicMessageBody } from '../../shared/protocol/publicMessage';
import { buildAppeal, buildCaller, buildState, commit, ctx, EPISODE_ID, NOW } from './builders';

const message = (overrides: Partial<OnlineMessage> = {}): OnlineMessage => ({
  episodeId: EPISODE_ID,
  title: '女士',
  name: '王芳',
  phone: '13912345678',
  area: '鼓楼区',
  category: '物业管理',
  text: '电梯停运两周',
  ...overrides,
});

describe('which episodes take online messages', () => {
  it('planned and live do, ended does not', () => {
    expect(acceptsOnlineMessages('planned')).toBe(true);
    expect(acceptsOnlineMessages('live')).toBe(true);
    expect(acceptsOnlineMessages('ended')).toBe(false);
  });

  it('a message left before the show is a received online appeal of the planned episode, and still waits for screening once the show is live', () => {
    const state = buildState({ episode: { status: 'planned' } });
    const changes = receiveOnlineMessage(state, message(), ctx());
    commit(state, changes);
    const appeal = Object.values(state.appeals)[0];
    expect(appeal).toMatchObject({ channel: 'online', status: 'received', caller: { anonymous: false, name: '王芳', title: '女士', phone: '13912345678' }, summary: '电梯停运两周', targetUnitId: null, operatorNotes: '' });
    commit(state, startEpisode(state, ctx()));
    expect(state.episode.status).toBe('live');
    expect(state.appeals[appeal.id].status).toBe('received');
  });

  it('an ended episode refuses a message with a sentence for the citizen', () => {
    const state = buildState({ episode: { status: 'live' } });
    commit(state, endEpisode(state, ctx()));
    expect(() => receiveOnlineMessage(state, message(), ctx())).toThrow(DomainError);
    expect(() => receiveOnlineMessage(state, message(), ctx())).toThrow(/本期节目已经结束/);
  });

  it('the category must be on the controlled list, like a call', () => {
    const state = buildState({ episode: { status: 'live' } });
    let n = 0;
    const withList = () => {
      const c = ctx();
      return { ...c, catalogue: { ...c.catalogue, categories: seedCategories(() => `cat-${++n}`) } };
    };
    expect(() => receiveOnlineMessage(state, message({ category: '乱写的' }), withList())).toThrow(/不在类别列表中/);
    expect(() => receiveOnlineMessage(state, message({ category: '物业管理' }), withList())).not.toThrow();
    expect(() => receiveOnlineMessage(state, message({ category: '' }), withList())).not.toThrow();
  });
});

describe('the short address', () => {
  const ep = (id: string, status: 'planned' | 'live' | 'ended', date: string, number = 1) => ({ id, status, date, number });
  it('means the live episode, else the next planned one from today, else none', () => {
    expect(currentProgramme([ep('a', 'planned', '2025-06-20'), ep('b', 'live', '2025-06-18')], '2025-06-18')?.id).toBe('b');
    expect(currentProgramme([ep('a', 'planned', '2025-06-25', 3), ep('c', 'planned', '2025-06-20', 2), ep('old', 'planned', '2025-06-01')], '2025-06-18')?.id).toBe('c');
    expect(currentProgramme([ep('e', 'ended', '2025-06-18'), ep('old', 'planned', '2025-06-01')], '2025-06-18')).toBeNull();
    expect(currentProgramme([ep('t', 'planned', '2025-06-18')], '2025-06-18')?.id).toBe('t');
  });
});

describe('duplicates', () => {
  const online = (overrides = {}) => buildAppeal({ channel: 'online', caller: buildCaller({ phone: '13912345678' }), summary: '电梯停运两周', receivedAt: '2025-06-18T02:00:00.000Z', ...overrides });
  it('the same phone and text within the window is the first message; spacing does not matter', () => {
    const first = online();
    expect(findDuplicate([first], '13912345678', '电梯停运  两周'.replace('  ', ''), NOW)).toBe(first);
    expect(findDuplicate([online({ summary: '电梯停运\n两周' })], '13912345678', '电梯停运 两周', NOW)).not.toBeNull();
    expect(messageTextKey(' a \n\n b ')).toBe('a b');
    expect(dedupeKey('e', '1', 'a  b')).toBe(dedupeKey('e', '1', 'a b'));
  });
  it('another phone, other text, a phoned-in appeal, or older than the window is not', () => {
    expect(findDuplicate([online()], '13912340000', '电梯停运两周', NOW)).toBeNull();
    expect(findDuplicate([online()], '13912345678', '电梯又坏了', NOW)).toBeNull();
    expect(findDuplicate([online({ channel: 'hotline' })], '13912345678', '电梯停运两周', NOW)).toBeNull();
    expect(findDuplicate([online({ receivedAt: '2025-06-18T01:00:00.000Z' })], '13912345678', '电梯停运两周', NOW, 30)).toBeNull();
    expect(findDuplicate([online({ receivedAt: '2025-06-18T01:40:00.000Z' })], '13912345678', '电梯停运两周', NOW, 30)).not.toBeNull();
  });
});

describe('receipt codes', () => {
  const code = (seed: string) => receiptCodeFromDigest(createHash('sha256').update(seed).digest());
  it('are 10 unambiguous characters in two groups, the same for the same digest', () => {
    const a = code('x');
    expect(a).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    expect(code('x')).toBe(a);
    expect(code('y')).not.toBe(a);
    expect(RECEIPT_ALPHABET).toHaveLength(32);
    expect(RECEIPT_ALPHABET).not.toMatch(/[01IO]/);
    const many = new Set(Array.from({ length: 5000 }, (_, i) => code(String(i))));
    expect(many.size).toBe(5000);
  });
  it('are read back however the citizen typed them', () => {
    expect(normaliseReceiptCode('k7mq2 xh4pd')).toBe('K7MQ2-XH4PD');
    expect(normaliseReceiptCode('ｋ７ｍｑ２－ｘｈ４ｐｄ')).toBe('K7MQ2-XH4PD');
    expect(normaliseReceiptCode('K7MQ2-XH4P')).toBeNull();
    expect(normaliseReceiptCode('K7MQ2-XH4P0')).toBeNull();
    expect(normaliseReceiptCode('')).toBeNull();
  });
  it('are checked against the last four digits of the number, without its extension', () => {
    expect(phoneLastFour('13912345678')).toBe('5678');
    expect(phoneLastFour('0516-83901234转123')).toBe('1234');
  });
});

describe('what the citizen may see', () => {
  it('one of five statuses, nothing of the crew’s judgement', () => {
    const seen = (status: any, supervision: any = null) => MESSAGE_STATUS_LABELS[messageStatusOf({ status, supervision })];
    expect(seen('received')).toBe('已收到');
    expect(seen('queued')).toBe('已收到');
    expect(seen('invalid')).toBe('已收到');
    expect(seen('on_air')).toBe('已接入直播');
    expect(seen('answered_on_air')).toBe('已现场回应');
    expect(seen('supervised', { status: 'with_unit' })).toBe('已转督办');
    expect(seen('supervised', { status: 'replied' })).toBe('已转督办');
    expect(seen('supervised', { status: 'closed' })).toBe('已办结');
  });
  it('counts by source as the reports do: 电话 = hotline + studio, 互联网 = online, invalid apart', () => {
    expect(
      countBySource([
        { channel: 'hotline', status: 'received' },
        { channel: 'studio', status: 'queued' },
        { channel: 'online', status: 'on_air' },
        { channel: 'online', status: 'invalid' },
      ]),
    ).toEqual({ phone: 2, internet: 1 });
  });
});

describe('the message body', () => {
  const valid = { title: '先生', name: '', phone: '+86 139-1234-5678', area: '', category: '', text: ' 有事 ', consent: true, altcha: 'x' };
  it('cleans and normalises like the operator card', () => {
    const parsed = PublicMessageBody.parse(valid);
    expect(parsed.phone).toBe('13912345678');
    expect(parsed.text).toBe('有事');
  });
  it('names every field at fault, in Chinese', () => {
    const result = PublicMessageBody.safeParse({ ...valid, title: null, phone: '', text: '', consent: false, altcha: '' }, { reportInput: true });
    expect(result.success).toBe(false);
    const problems = describeMessageProblems(result.error!);
    expect(problems).toMatchObject({ title: '请选择称呼（先生或女士）。', phone: expect.stringContaining('请填写联系电话'), text: '请填写留言内容。', consent: expect.stringContaining('个人信息使用说明'), altcha: expect.stringContaining('安全验证') });
    const landline = PublicMessageBody.safeParse({ ...valid, phone: '83901234' }, { reportInput: true });
    expect(describeMessageProblems(landline.error!).phone).toMatch(/联系电话格式不对/);
  });
});
