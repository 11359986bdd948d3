import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { episodeOnDisk } from '../helpers/onDisk';
import { ADMIN_PASSWORD, buildStudio, commandId, connectAs, connectWithCookie, eventually, login, ok, recordEvents, removeDataDir, startServer, type Studio } from '../helpers/testServer';

// Cheap proof-of-work and small limits for the test; the real defaults are in server/services/onlineMessages.ts.
process.env.ALTCHA_COST = '5';
process.env.ALTCHA_MAX_COUNTER = '40';
process.env.MESSAGES_PER_PHONE = '3';
process.env.MESSAGES_PER_IP = '1000';
process.env.RECEIPT_FAILED_LOOKUPS_PER_IP = '1000';

type Json = Record<string, any>;

async function getJson(url: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  return { status: response.status, body: (await response.json()) as Json };
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
}

/** Solve a fresh challenge as the page's worker does, and return the payload the form sends. */
async function proof(base: string): Promise<string> {
  const { body } = await getJson(`${base}/api/public/messages/altcha/challenge`);
  const challenge = body.data as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('no solution');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

let phoneNo = 0;
/** A distinct valid mobile number per call. */
const nextPhone = () => `1391234${String(1000 + ++phoneNo).slice(-4)}`;

async function message(base: string, overrides: Json = {}): Promise<Json> {
  return { title: '女士', name: '王芳', phone: nextPhone(), area: '鼓楼区', category: '物业管理', text: '小区电梯长期故障，物业不维修', consent: true, altcha: await proof(base), ...overrides };
}

describe('citizens leave messages through the public page (issue 16)', () => {
  let studio: Studio;
  let base: string;
  beforeAll(async () => {
    studio = await buildStudio();
    base = studio.server.url;
  });
  afterAll(async () => studio?.close());

  it('shows the episode and the controlled category list, and says which episode the short address means', async () => {
    const form = await getJson(`${base}/api/public/messages/${studio.episodeId}`);
    expect(form.status).toBe(200);
    expect(form.body.data.episode).toMatchObject({ theme: '老旧小区改造与物业服务', unitNames: ['市住房和城乡建设局'], leaders: [{ name: '张建国', title: '局长' }], status: 'planned' });
    expect(form.body.data.open).toBe(true);
    expect(form.body.data.categories).toContain('物业管理');
    // Nothing of the crew's or the callers' data is in the public answer.
    expect(JSON.stringify(form.body)).not.toMatch(/host|李主持|phone|appeals/);
    expect((await getJson(`${base}/api/public/messages/nope`)).status).toBe(404);
  });

  it('answers the receipt only once the message is in the episode file on disk, and lists it for the operator at once', async () => {
    const events = recordEvents(studio.operator);
    await ok(studio.operator, 'episode:sync', { episodeId: studio.episodeId, sinceSeq: null });
    const body = await message(base, { text: '落盘后才给回执的留言' });
    const answer = await postJson(`${base}/api/public/messages/${studio.episodeId}`, body);
    // Read the real file the moment the answer arrives.
    const onDisk = episodeOnDisk(studio.server.dataDir, studio.episodeId);
    expect(answer.status).toBe(201);
    expect(answer.body.data.receipt).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    expect(answer.body.data.duplicate).toBe(false);
    const stored = Object.values(onDisk.state.appeals).find((a) => a.summary === '落盘后才给回执的留言');
    expect(stored).toMatchObject({ channel: 'online', status: 'received', caller: { anonymous: false, name: '王芳', title: '女士', phone: body.phone }, area: '鼓楼区', category: '物业管理' });
    expect(onDisk.events.find((e) => e.appeal?.id === stored!.id)?.actor).toMatchObject({ accountId: 'citizen' });
    await eventually(() => events.some((e) => e.type === 'appeal.received' && e.appeal.id === stored!.id));
  });

  it('gives the same message sent again (in sequence or at once) its first receipt and stores it once', async () => {
    const phone = nextPhone();
    const first = await postJson(`${base}/api/public/messages/${studio.episodeId}`, await message(base, { phone, text: '同一条留言  发了两遍' }));
    // Spaces and line breaks do not make a message new; name and area may differ.
    const again = await postJson(`${base}/api/public/messages/${studio.episodeId}`, await message(base, { phone, text: '同一条留言\n发了两遍', name: '' }));
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual({ ...first.body.data, duplicate: true });
    const concurrentPhone = nextPhone();
    const [a, b] = await Promise.all([
      postJson(`${base}/api/public/messages/${studio.episodeId}`, await message(base, { phone: concurrentPhone, text: '同时点了两次提交' })),
      postJson(`${base}/api/public/messages/${studio.episodeId}`, await message(base, { phone: concurrentPhone, text: '同时点了两次提交' })),
    ]);
    expect(a.body.data.receipt).toBe(b.body.data.receipt);
    // A retry carrying the very same solved challenge is the same message: its receipt, not a refusal.
    const retryBody = await message(base, { phone: nextPhone(), text: '网络断了又重发' });
    const r1 = await postJson(`${base}/api/public/messages/${studio.episodeId}`, retryBody);
    const r2 = await postJson(`${base}/api/public/messages/${studio.episodeId}`, retryBody);
    expect(r2.body.data.receipt).toBe(r1.body.data.receipt);
    const onDisk = episodeOnDisk(studio.server.dataDir, studio.episodeId);
    for (const text of ['同一条留言  发了两遍', '同时点了两次提交', '网络断了又重发']) {
      expect(Object.values(onDisk.state.appeals).filter((x) => x.summary.replace(/\s+/g, ' ') === text.replace(/\s+/g, ' '))).toHaveLength(1);
    }
  });

  it('refuses bad input field by field in Chinese, and stores nothing for it', async () => {
    const before = JSON.stringify(episodeOnDisk(studio.server.dataDir, studio.episodeId).state.appeals);
    const url = `${base}/api/public/messages/${studio.episodeId}`;
    const cases: Array<[string, Json | null, string, RegExp]> = [
      ['no phone', { phone: '' }, 'phone', /请填写联系电话/],
      ['bad phone', { phone: '12345' }, 'phone', /联系电话格式不对/],
      ['no title', { title: '同志' }, 'title', /请选择称呼/],
      ['empty text', { text: '   ' }, 'text', /请填写留言内容/],
      ['invisible text', { text: '\u200b\u202e' }, 'text', /看不见的字符/],
      ['text too long', { text: '长'.repeat(2001) }, 'text', /不能超过 2000 个字/],
      ['name too long', { name: '名'.repeat(51) }, 'name', /姓名不能超过 50 个字/],
      ['area too long', { area: '区'.repeat(51) }, 'area', /所在区域不能超过 50 个字/],
      ['category not on the list', { category: '随便写的类别' }, 'category', /不在类别列表中/],
      ['no consent', { consent: false }, 'consent', /个人信息使用说明/],
      ['missing challenge', { altcha: '' }, 'altcha', /安全验证尚未完成/],
      ['wrong challenge', { altcha: Buffer.from('{"challenge":{"parameters":{},"signature":"x"},"solution":{"counter":1,"derivedKey":"00"}}').toString('base64') }, 'altcha', /安全验证未通过/],
      ['unknown key', { extra: 1 }, 'form', /页面之外的字段/],
    ];
    for (const [label, overrides, field, sentence] of cases) {
      const answer = await postJson(url, await message(base, overrides ?? {}));
      expect(answer.status, label).toBe(400);
      expect(answer.body.ok, label).toBe(false);
      if (field === 'form') expect(answer.body.error.message, label).toMatch(sentence);
      else expect(answer.body.error.fields?.[field], label).toMatch(sentence);
    }
    // Several problems at once: one sentence per field.
    const many = await postJson(url, await message(base, { phone: 'abc', text: '', consent: false }));
    expect(Object.keys(many.body.error.fields).sort()).toEqual(['consent', 'phone', 'text']);
    // A challenge solved once cannot carry a second, different message.
    const spent = await message(base, { text: '第一条用掉了验证' });
    expect((await postJson(url, spent)).status).toBe(201);
    const reused = await postJson(url, { ...spent, text: '第二条想蹭同一个验证' });
    expect(reused.status).toBe(400);
    expect(reused.body.error.fields.altcha).toMatch(/安全验证未通过/);
    // Not JSON at all.
    const notJson = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(notJson.status).toBe(400);
    const after = episodeOnDisk(studio.server.dataDir, studio.episodeId).state.appeals;
    const added = Object.values(after).filter((a) => !before.includes(a.id));
    expect(added.map((a) => a.summary)).toEqual(['第一条用掉了验证']);
  });

  it('limits messages per phone, and says so on the phone field', async () => {
    const phone = nextPhone();
    for (let i = 1; i <= 3; i++) expect((await postJson(`${base}/api/public/messages/${studio.episodeId}`, await message(base, { phone, text: `第${i}条不同的留言` }))).status).toBe(201);
    const fourth = await postJson(`${base}/api/public/messages/${studio.episodeId}`, await message(base, { phone, text: '第4条不同的留言' }));
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.fields.phone).toMatch(/这个电话号码留言次数过多，请 \d+ 分钟后再试/);
    expect(fourth.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Object.values(studio.server.app.studio.state(studio.episodeId).appeals).some((a) => a.summary === '第4条不同的留言')).toBe(false);
  });

  it('looks a receipt up with the last four digits: the status and nothing else', async () => {
    const phone = nextPhone();
    const { body } = await postJson(`${base}/api/public/messages/${studio.episodeId}`, await message(base, { phone, text: '查询状态的留言' }));
    const receipt = body.data.receipt as string;
    const look = (code: string, last4: string) => postJson(`${base}/api/public/receipts`, { code, last4 });
    const found = await look(receipt.toLowerCase().replace('-', ' '), phone.slice(-4));
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ ok: true, data: { status: 'received', label: '已收到' } });
    const wrongDigits = await look(receipt, '0000');
    const unknown = await look('ZZZZZ-ZZZZZ', phone.slice(-4));
    expect(wrongDigits.status).toBe(404);
    expect(unknown.body).toEqual(wrongDigits.body);
    const bad = await look('abc', '12');
    expect(bad.body.error.fields).toMatchObject({ code: expect.stringMatching(/回执编号格式不对/), last4: expect.stringMatching(/后四位/) });

    // The studio works it: the status follows.
    const appeal = Object.values(studio.server.app.studio.state(studio.episodeId).appeals).find((a) => a.summary === '查询状态的留言')!;
    await ok(studio.admin, 'episode:start', { commandId: commandId(), episodeId: studio.episodeId });
    await ok(studio.operator, 'appeal:screen', { commandId: commandId(), episodeId: studio.episodeId, appealId: appeal.id, expectedVersion: 1 });
    expect((await look(receipt, phone.slice(-4))).body.data.label).toBe('已收到');
    await ok(studio.operator, 'appeal:putOnAir', { commandId: commandId(), episodeId: studio.episodeId, appealId: appeal.id, expectedVersion: 2 });
    expect((await look(receipt, phone.slice(-4))).body.data.label).toBe('已接入直播');
    await ok(studio.operator, 'appeal:answerOnAir', { commandId: commandId(), episodeId: studio.episodeId, appealId: appeal.id, expectedVersion: 3, points: '本周内修复电梯' });
    expect((await look(receipt, phone.slice(-4))).body.data).toEqual({ status: 'answered_on_air', label: '已现场回应' });
  });

  it('the short address means the live episode; an ended episode takes no message', async () => {
    const current = await getJson(`${base}/api/public/messages/current`);
    expect(current.body.data.episodeId).toBe(studio.episodeId);
    await ok(studio.admin, 'episode:end', { commandId: commandId(), episodeId: studio.episodeId });
    const before = Object.keys(studio.server.app.studio.state(studio.episodeId).appeals).length;
    const closed = await postJson(`${base}/api/public/messages/${studio.episodeId}`, await message(base, { text: '节目结束后的留言' }));
    expect(closed.status).toBe(409);
    expect(closed.body.error.message).toMatch(/本期节目已经结束/);
    expect(Object.keys(studio.server.app.studio.state(studio.episodeId).appeals)).toHaveLength(before);
    expect((await getJson(`${base}/api/public/messages/${studio.episodeId}`)).body.data.open).toBe(false);
    expect((await getJson(`${base}/api/public/messages/current`)).status).toBe(404);
  });
});

describe('a message left before the show, across a restart', () => {
  it('is kept durably in the planned episode, its receipt still answers after a restart, and it waits in the screening list when the show starts', async () => {
    let studio = await buildStudio();
    try {
      const phone = '13912349876';
      const answer = await postJson(`${studio.server.url}/api/public/messages/${studio.episodeId}`, await message(studio.server.url, { phone, text: '节目开始前留的言' }));
      expect(answer.status).toBe(201);
      const server = await studio.server.restart();
      studio = { ...studio, server, close: async () => server.stop() } as Studio;
      const look = await postJson(`${server.url}/api/public/receipts`, { code: answer.body.data.receipt, last4: '9876' });
      expect(look.body.data?.label).toBe('已收到');
      // After the restart, the same message again is still a duplicate (found in the episode, not in memory).
      const again = await postJson(`${server.url}/api/public/messages/${studio.episodeId}`, await message(server.url, { phone, text: '节目开始前留的言' }));
      expect(again.body.data).toMatchObject({ receipt: answer.body.data.receipt, duplicate: true });
      const admin = await connectWithCookie(server.url, await login(server.url, 'admin', ADMIN_PASSWORD));
      const operator = await connectAs(server, admin, 'operator');
      await ok(admin, 'episode:start', { commandId: commandId(), episodeId: studio.episodeId });
      const sync = await ok(operator, 'episode:sync', { episodeId: studio.episodeId, sinceSeq: null });
      const appeals = Object.values(sync.snapshot?.appeals ?? {}) as any[];
      expect(appeals.filter((a) => a.summary === '节目开始前留的言')).toMatchObject([{ channel: 'online', status: 'received' }]);
      admin.disconnect();
      operator.disconnect();
    } finally {
      await studio.server.stop().catch(() => undefined);
      await removeDataDir(studio.server.dataDir);
    }
  });
});

describe('limits per address', () => {
  it('refuses an address that sends too many messages, with a sentence and Retry-After', async () => {
    const server = await startServer();
    try {
      const studio = await buildStudio({ server });
      for (let i = 0; i < 70; i++) {
        const lookup = await postJson(`${server.url}/api/public/receipts`, { code: 'ZZZZZ-ZZZZZ', last4: '1234' });
        if (lookup.status === 429) {
          expect(lookup.body.error.message).toMatch(/查询次数过多，请 \d+ 分钟后再试/);
          expect(i).toBeGreaterThanOrEqual(10);
          await studio.close();
          return;
        }
      }
      throw new Error('lookups were never limited');
    } finally {
      await server.stop().catch(() => undefined);
    }
  });
});
