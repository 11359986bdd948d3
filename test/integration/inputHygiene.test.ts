import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appeal } from '../../shared/domain/types';
import type { Ack } from '../../shared/protocol/events';
import { episodeBytes } from '../helpers/onDisk';
import { appealInput, buildStudio, commandId, ok, send, type ClientSocket, type Studio } from '../helpers/testServer';

/*
 * Input hygiene over the real wire (issue 13, item 7): invisible-only text and numbers that are not
 * Chinese phone numbers are refused with their Chinese sentence and change nothing; a caller name
 * sent with U+202E is stored clean, and the big screen's masked caller never takes its surname from
 * an invisible character, not even for a name stored before names were cleaned.
 */

const PREFIX = '提交的内容不完整或格式不对，请检查后重试：';
const PHONE_SENTENCE = '联系电话格式不对：请填写 11 位手机号，或带区号的座机号（如 0516-83901234），分机号写在“转”字后面。';
const RLO = '\u202E';
const ZWSP = '\u200B';

describe('input hygiene over Socket.IO', () => {
  let studio: Studio;

  beforeAll(async () => {
    studio = await buildStudio();
  });
  afterAll(async () => studio?.close());

  const seqOf = () => studio.server.app.studio.state(studio.episodeId).seq;
  const appealsOf = () => Object.values(studio.server.app.studio.state(studio.episodeId).appeals) as Appeal[];

  /** Send a payload that must be refused; the episode's seq, its appeals and its file stay as they were. */
  async function refusedWithoutChange(socket: ClientSocket, event: 'appeal:create' | 'message:send', payload: any): Promise<{ message: string; field?: string }> {
    const before = { seq: seqOf(), file: episodeBytes(studio.server.dataDir, studio.episodeId), appeals: structuredClone(appealsOf()) };
    const response: Ack<unknown> = await send(socket, event, payload);
    expect(response.ok, JSON.stringify(response)).toBe(false);
    if (response.ok) throw new Error('unreachable');
    expect(response.error.code).toBe('VALIDATION_FAILED');
    expect(seqOf()).toBe(before.seq);
    expect(appealsOf()).toEqual(before.appeals);
    expect(episodeBytes(studio.server.dataDir, studio.episodeId) === before.file, 'episode file changed').toBe(true);
    return response.error;
  }

  it('a summary of only zero-width characters is refused with its sentence, naming 诉求摘要', async () => {
    const error = await refusedWithoutChange(studio.operator, 'appeal:create', appealInput(studio.episodeId, { summary: `${ZWSP}\u200D${ZWSP}` }));
    expect(error).toMatchObject({ message: `${PREFIX}诉求摘要不能只包含看不见的字符（如零宽空格、文字方向控制符），请填写内容。`, field: 'summary' });
  });

  it('a studio message of only bidi controls is refused, naming 消息内容', async () => {
    const error = await refusedWithoutChange(studio.operator, 'message:send', { commandId: commandId(), episodeId: studio.episodeId, text: `${RLO}\u202C`, appealId: null });
    expect(error).toMatchObject({ message: `${PREFIX}消息内容不能只包含看不见的字符（如零宽空格、文字方向控制符），请填写内容。`, field: 'text' });
  });

  it.each(['12', '999999999999999', '138abcd1234', '12345'])('a caller phone %s is refused with the sentence saying what a number looks like', async (phone) => {
    const error = await refusedWithoutChange(studio.operator, 'appeal:create', appealInput(studio.episodeId, { caller: { anonymous: false, name: '王建华', title: '先生', phone } }));
    expect(error).toMatchObject({ message: `${PREFIX}${PHONE_SENTENCE}`, field: 'caller.phone' });
  });

  it('a landline with an extension is stored in one form, and the big screen shows it without the extension', async () => {
    const caller = { anonymous: false, name: '李秀英', title: '女士', phone: '（0516）8390 1234 转 123' };
    const { appeal } = await ok(studio.operator, 'appeal:create', appealInput(studio.episodeId, { caller }));
    expect(appeal.caller.phone).toBe('0516-83901234转123');
    const sync = await ok(studio.screen, 'episode:sync', { episodeId: studio.episodeId, sinceSeq: null });
    expect(sync.mode).toBe('snapshot');
    expect(sync.snapshot.appeals[appeal.id].caller).toEqual({ anonymous: false, name: '李女士', title: '女士', phone: '0516****1234' });
  });

  it('a caller name sent with U+202E is stored without it, and the big screen shows the real surname', async () => {
    const caller = { anonymous: false, name: `${RLO}王${ZWSP}建华`, title: '先生', phone: '138 1234 1234' };
    const { appeal } = await ok(studio.operator, 'appeal:create', appealInput(studio.episodeId, { caller }));
    expect(appeal.caller).toEqual({ anonymous: false, name: '王建华', title: '先生', phone: '13812341234' });
    expect(episodeBytes(studio.server.dataDir, studio.episodeId)).not.toContain(RLO);

    const sync = await ok(studio.screen, 'episode:sync', { episodeId: studio.episodeId, sinceSeq: null });
    expect(sync.snapshot.appeals[appeal.id].caller).toEqual({ anonymous: false, name: '王先生', title: '先生', phone: '138****1234' });
  });

  it('a name stored before names were cleaned still reaches the big screen and the leader with a clean surname', async () => {
    // Straight to the service, past the schema: what an older server wrote to the log.
    const actor = { accountId: 'legacy', name: '导播', role: 'operator' as const };
    const input = { ...appealInput(studio.episodeId), caller: { anonymous: false, name: `${RLO}${ZWSP}欧阳娜娜`, title: '女士' as const, phone: '13900001111' }, operatorNotes: '' };
    const { appeal } = await studio.server.app.studio.createAppeal(input as any, { command: 'appeal:create', commandId: input.commandId, fingerprint: 'legacy', actor, at: new Date().toISOString() });
    expect(appeal.caller.name.startsWith(RLO)).toBe(true);

    for (const socket of [studio.screen, studio.leader]) {
      const sync = await ok(socket, 'episode:sync', { episodeId: studio.episodeId, sinceSeq: null });
      const shown = sync.snapshot.appeals[appeal.id].caller;
      expect(shown).toEqual({ anonymous: false, name: '欧阳女士', title: '女士', phone: '139****1111' });
      expect(JSON.stringify(sync.snapshot)).not.toContain(RLO);
    }
  });
});
