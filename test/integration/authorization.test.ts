import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../shared/domain/errors';
import { ROLES, type Role } from '../../shared/domain/types';
import type { Ack, CommandName } from '../../shared/protocol/events';
import { COMMAND_ROLES } from '../../shared/protocol/permissions';
import { episodeBytes } from '../helpers/onDisk';
import {
  appealInput,
  buildStudio,
  commandId,
  connectAs,
  connectWithCookie,
  eventually,
  login,
  ok,
  type ClientSocket,
  type Studio,
  type TestServer,
} from '../helpers/testServer';

/*
 * Who may do what: the whole COMMAND_ROLES matrix against every role, enforced by the real server;
 * sessions (no cookie, forged cookie, logout), masking for the screen and the leader, and the Origin check.
 */

const COMMANDS = Object.keys(COMMAND_ROLES) as CommandName[];
const FULL_PHONE = '13812345678';
const OTHER_FULL_PHONE = '13987654321';
const PASSWORD = 'password-1234';

type Payload = Record<string, unknown>;

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
  /** A second unit, to reassign supervised items to. */
  otherUnitId: string;
  /** A supervised item with the unit, no extension request open. */
  supervisedId: string;
  supervisedVersion: number;
  /** A supervised item with an open extension request. */
  pendingId: string;
  pendingVersion: number;
  requestId: string;
  /** An appeal answered on air, not yet called back. */
  answeredId: string;
  answeredVersion: number;
  /** A supervised item the unit replied to and the citizen rated 满意 on callback (ready to close). */
  repliedId: string;
  repliedVersion: number;
  /** A live feedback episode (回访节目) with a follow-up report on air. */
  feedbackEpisodeId: string;
  /** A hotspot draft (not yet published) and a published Q&A pair of the episode. */
  draftId: string;
  draftVersion: number;
  publishedId: string;
  publishedVersion: number;
}

/**
 * A payload each command would accept (and act on) if the sender were allowed: a refusal that
 * only came from validation or a missing record would not prove the role check.
 */
function validPayload(command: CommandName, ids: Ids): Payload {
  const ref = { commandId: commandId(), episodeId: ids.episodeId, appealId: ids.appealId, expectedVersion: ids.appealVersion };
  const supervised = { commandId: commandId(), episodeId: ids.episodeId, appealId: ids.supervisedId, expectedVersion: ids.supervisedVersion };
  const replied = { commandId: commandId(), episodeId: ids.episodeId, appealId: ids.repliedId, expectedVersion: ids.repliedVersion };
  const payloads: Record<CommandName, () => Payload> = {
    'catalogue:get': () => ({}),
    'unit:save': () => ({ commandId: commandId(), name: `越权单位${commandId()}`, kind: 'county', level: '县级' }),
    'person:save': () => ({ commandId: commandId(), name: '越权人员', title: '科员', unitId: ids.unitId, principal: false }),
    'account:create': () => ({ commandId: commandId(), username: `intruder${Math.floor(Math.random() * 1e9)}`, displayName: '越权账号', role: 'admin', unitId: null, password: PASSWORD }),
    'displayLink:create': () => ({ commandId: commandId(), label: '越权大屏' }),
    'account:setDisabled': () => ({ commandId: commandId(), accountId: ids.accountId, disabled: true }),
    'displayLink:revoke': () => ({ commandId: commandId(), displayLinkId: ids.displayLinkId }),
    'apiKey:create': () => ({ commandId: commandId(), label: '越权密钥', role: 'admin', unitId: null, scope: ['account:create'] }),
    'apiKey:revoke': () => ({ commandId: commandId(), apiKeyId: 'some-api-key' }),
    'apiKey:list': () => ({}),
    'episode:plan': () => ({ commandId: commandId(), date: '2025-12-09', slot: { start: '09:00', end: '10:00' }, theme: '越权节目', host: '', unitIds: [ids.unitId], leaderIds: [] }),
    'episode:update': () => ({ commandId: commandId(), episodeId: ids.episodeId, expectedVersion: ids.episodeVersion, patch: { theme: '被改掉的主题' } }),
    'episode:start': () => ({ commandId: commandId(), episodeId: ids.episodeId }),
    'episode:end': () => ({ commandId: commandId(), episodeId: ids.episodeId }),
    'episode:sync': () => ({ episodeId: ids.episodeId, sinceSeq: null }),
    'appeal:create': () => appealInput(ids.episodeId),
    'appeal:update': () => ({ ...ref, patch: { summary: '被改掉的摘要' } }),
    'appeal:screen': () => ref,
    'appeal:putOnAir': () => ref,
    'appeal:answerOnAir': () => ({ ...ref, points: '越权答复' }),
    'appeal:handOver': () => ({ ...ref, reason: '越权转办' }),
    'appeal:markInvalid': () => ({ ...ref, reason: '越权作废' }),
    'appeal:history': () => ({ episodeId: ids.episodeId, appealId: ids.appealId }),
    'queue:reorder': () => ({ commandId: commandId(), episodeId: ids.episodeId, order: [] }),
    'message:send': () => ({ commandId: commandId(), episodeId: ids.episodeId, text: '越权消息', appealId: null }),
    'message:markRead': () => ({ commandId: commandId(), episodeId: ids.episodeId, messageId: ids.messageId }),
    'supervision:list': () => ({ unitId: ids.unitId }),
    'supervision:detail': () => ({ episodeId: ids.episodeId, appealId: ids.supervisedId }),
    'supervision:assign': () => ({ ...supervised, unitId: ids.otherUnitId, reason: '越权改派' }),
    'supervision:setDeadline': () => ({ ...supervised, deadline: '2026-06-30', reason: '越权改期限' }),
    'supervision:remind': () => ({ ...supervised, note: '越权催办' }),
    'supervision:requestExtension': () => ({ ...supervised, workdays: 3, reason: '越权申请延期' }),
    'supervision:decideExtension': () => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.pendingId, expectedVersion: ids.pendingVersion, requestId: ids.requestId, granted: true, note: '越权批准' }),
    'supervision:reply': () => ({ ...supervised, text: '越权答复' }),
    'supervision:callBack': () => ({ ...replied, outcome: 'reached', rating: 'satisfied', note: '越权回访' }),
    'supervision:close': () => ({ ...replied, note: '越权办结' }),
    'appeal:callBack': () => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.answeredId, expectedVersion: ids.answeredVersion, outcome: 'reached', rating: 'satisfied', note: '越权回访' }),
    'appeal:callBackList': () => ({ status: 'all', episodeId: ids.episodeId }),
    'calendar:setDay': () => ({ commandId: commandId(), date: '2025-10-09', dayType: 'off', reason: '越权改日历' }),
    'calendar:importYear': () => ({ commandId: commandId(), year: 2027, source: 'notice', days: [{ date: '2027-02-05', dayType: 'off', name: '春节' }, { date: '2027-01-31', dayType: 'work', name: '春节' }] }),
    'category:save': () => ({ commandId: commandId(), categoryId: null, expectedVersion: null, name: '越权类别', retired: false }),
    'callerFlag:list': () => ({ phone: '13812345678' }),
    'callerFlag:set': () => ({ commandId: commandId(), phone: '13812345678', flag: 'malicious', reason: '越权标记' }),
    'callerFlag:clear': () => ({ commandId: commandId(), phone: '13812345678', flag: 'malicious', reason: '越权取消' }),
    'feedback:putOnAir': () => ({ commandId: commandId(), episodeId: ids.feedbackEpisodeId, sourceEpisodeId: ids.episodeId, appealId: ids.repliedId }),
    'feedback:takeOffAir': () => ({ commandId: commandId(), episodeId: ids.feedbackEpisodeId }),
    'wall:setHidden': () => ({ commandId: commandId(), episodeId: ids.episodeId, hidden: true }),
    'publication:draft': () => ({ commandId: commandId(), episodeId: ids.episodeId, kind: 'qa', title: '越权问答', body: '越权起草的答复', appealIds: [ids.supervisedId] }),
    'publication:edit': () => ({ commandId: commandId(), episodeId: ids.episodeId, publicationId: ids.draftId, expectedVersion: ids.draftVersion, title: '被改掉的标题', body: '被改掉的正文', appealIds: [ids.supervisedId] }),
    'publication:publish': () => ({ commandId: commandId(), episodeId: ids.episodeId, publicationId: ids.draftId, expectedVersion: ids.draftVersion }),
    'publication:withdraw': () => ({ commandId: commandId(), episodeId: ids.episodeId, publicationId: ids.publishedId, expectedVersion: ids.publishedVersion }),
    'reports:summary': () => ({ from: '2025-01-01', to: '2025-12-31' }),
    'reports:annual': () => ({ year: 2025 }),
  };
  return payloads[command]();
}

function raw(socket: ClientSocket, event: string, payload: unknown): Promise<Ack<any>> {
  return (socket.timeout(10_000) as any).emitWithAck(event, payload);
}

interface Snapshot {
  episodeFile: string;
  catalogueFile: string;
  seq: number;
  state: unknown;
  catalogue: unknown;
  episodes: number;
}

async function snapshot(server: TestServer, episodeId: string): Promise<Snapshot> {
  return {
    episodeFile: episodeBytes(server.dataDir, episodeId),
    catalogueFile: await readFile(join(server.dataDir, 'catalogue.json'), 'utf8'),
    seq: server.app.studio.state(episodeId).seq,
    state: structuredClone(server.app.studio.state(episodeId)),
    catalogue: structuredClone(server.app.catalogue.data),
    episodes: server.app.studio.summaries().length,
  };
}

async function expectUnchanged(server: TestServer, episodeId: string, before: Snapshot): Promise<void> {
  await new Promise((r) => setTimeout(r, 30));
  const after = await snapshot(server, episodeId);
  expect(after.seq, 'in-memory seq moved').toBe(before.seq);
  expect(after.episodes, 'an episode was added').toBe(before.episodes);
  expect(after.episodeFile === before.episodeFile, 'episode file on disk changed').toBe(true);
  expect(after.catalogueFile === before.catalogueFile, 'catalogue.json on disk changed').toBe(true);
  expect(after.state).toEqual(before.state);
  expect(after.catalogue).toEqual(before.catalogue);
}

/** Try to connect and return the connect_error (fails the test if the connection succeeds). */
function connectError(url: string, options: { cookie?: string; origin?: string; transport?: 'websocket' | 'polling' }): Promise<Error> {
  const extraHeaders: Record<string, string> = {};
  if (options.cookie) extraHeaders.cookie = options.cookie;
  if (options.origin) extraHeaders.origin = options.origin;
  const socket = connect(url, { transports: [options.transport ?? 'websocket'], extraHeaders, reconnection: false, forceNew: true, timeout: 5000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.disconnect();
      reject(new Error('the connection was accepted'));
    });
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve(error);
    });
  });
}

describe('the role × command matrix', () => {
  let studio: Studio;
  let ids: Ids;
  const sockets = {} as Record<Role, ClientSocket>;

  beforeAll(async () => {
    studio = await buildStudio();
    const { admin, operator, leader, screen, episodeId, unitId } = studio;
    sockets.admin = admin;
    sockets.operator = operator;
    sockets.leader = leader;
    sockets.screen = screen;
    sockets.followup = await connectAs(studio.server, admin, 'followup');
    sockets.unit = await connectAs(studio.server, admin, 'unit', unitId);
    const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId));
    const { message } = await ok(operator, 'message:send', { commandId: commandId(), episodeId, text: '请准备', appealId: null });
    const { person } = await ok(admin, 'person:save', { commandId: commandId(), name: '孙副局长', title: '副局长', unitId, principal: false });
    const { account } = await ok(admin, 'account:create', { commandId: commandId(), username: 'victim01', displayName: '待停用', role: 'operator', unitId: null, password: PASSWORD });
    const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: '待停用大屏' });
    // Supervised items in each state a supervision command acts on, so every valid payload below would act if allowed.
    const { unit: otherUnit } = await ok(admin, 'unit:save', { commandId: commandId(), name: '市城市管理局', kind: 'department', level: '市级' });
    const supervisedItem = async (summary: string) => {
      const created = await ok(operator, 'appeal:create', appealInput(episodeId, { summary }));
      const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: created.appeal.id, expectedVersion: created.appeal.version });
      const handed = await ok(operator, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: created.appeal.id, expectedVersion: queued.appeal.version, reason: '会后办理' });
      return handed.appeal;
    };
    const supervised = await supervisedItem('督办中');
    const pendingHandedOver = await supervisedItem('延期申请待审');
    const pending = (await ok(sockets.unit, 'supervision:requestExtension', { commandId: commandId(), episodeId, appealId: pendingHandedOver.id, expectedVersion: pendingHandedOver.version, workdays: 3, reason: '需要时间' })).appeal;
    const repliedHandedOver = await supervisedItem('已答复已回访');
    const repliedOnce = (await ok(sockets.unit, 'supervision:reply', { commandId: commandId(), episodeId, appealId: repliedHandedOver.id, expectedVersion: repliedHandedOver.version, text: '已处理' })).appeal;
    const replied = (await ok(sockets.followup, 'supervision:callBack', { commandId: commandId(), episodeId, appealId: repliedOnce.id, expectedVersion: repliedOnce.version, outcome: 'reached', rating: 'satisfied', note: '' })).appeal;
    // A live feedback episode with a follow-up report on air, for feedback:putOnAir and feedback:takeOffAir.
    const { episode: feedbackEpisode } = await ok(admin, 'episode:plan', { commandId: commandId(), date: '2025-12-30', slot: { start: '09:00', end: '10:00' }, theme: '回头看', host: '', unitIds: [unitId], leaderIds: [], feedback: true });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId: feedbackEpisode.id });
    await ok(operator, 'feedback:putOnAir', { commandId: commandId(), episodeId: feedbackEpisode.id, sourceEpisodeId: episodeId, appealId: replied.id });
    // Hotspots and policy Q&A are drafted once the episode has gone on air: one left as a draft, one published.
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    // An appeal answered on air, for appeal:callBack (回访 of an on-air answer).
    const toAnswer = await ok(operator, 'appeal:create', appealInput(episodeId, { summary: '现场回应' }));
    const toAnswerQueued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: toAnswer.appeal.id, expectedVersion: toAnswer.appeal.version });
    const toAnswerOnAir = await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: toAnswer.appeal.id, expectedVersion: toAnswerQueued.appeal.version });
    const answered = (await ok(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: toAnswer.appeal.id, expectedVersion: toAnswerOnAir.appeal.version, points: '现场答复' })).appeal;
    const { publication: draft } = await ok(sockets.followup, 'publication:draft', { commandId: commandId(), episodeId, kind: 'hotspot', title: '老旧小区电梯维修', body: '多位市民反映电梯维修难', appealIds: [supervised.id] });
    const { publication: toPublish } = await ok(sockets.followup, 'publication:draft', { commandId: commandId(), episodeId, kind: 'qa', title: '电梯坏了找谁？', body: '由物业服务企业负责维修。', appealIds: [supervised.id] });
    const { publication: published } = await ok(admin, 'publication:publish', { commandId: commandId(), episodeId, publicationId: toPublish.id, expectedVersion: toPublish.version });
    ids = {
      accountId: account.id,
      displayLinkId: link.id,
      episodeId,
      episodeVersion: studio.server.app.studio.state(episodeId).episode.version,
      appealId: appeal.id,
      appealVersion: appeal.version,
      messageId: message.id,
      unitId,
      personId: person.id,
      otherUnitId: otherUnit.id,
      supervisedId: supervised.id,
      supervisedVersion: supervised.version,
      pendingId: pending.id,
      pendingVersion: pending.version,
      requestId: pending.supervision.extensionRequests[0].id,
      repliedId: replied.id,
      repliedVersion: replied.version,
      answeredId: answered.id,
      answeredVersion: answered.version,
      feedbackEpisodeId: feedbackEpisode.id,
      draftId: draft.id,
      draftVersion: draft.version,
      publishedId: published.id,
      publishedVersion: published.version,
    };
  });
  afterAll(async () => {
    sockets.followup?.disconnect();
    sockets.unit?.disconnect();
    await studio?.close();
  });

  const pairs = COMMANDS.flatMap((command) => ROLES.map((role) => ({ command, role, allowed: COMMAND_ROLES[command].includes(role) })));

  it('the matrix covers every command and every role, and each command is allowed to someone', () => {
    expect(pairs).toHaveLength(COMMANDS.length * ROLES.length);
    expect([...ROLES].sort()).toEqual(['admin', 'followup', 'leader', 'operator', 'screen', 'unit']);
    for (const command of COMMANDS) expect(COMMAND_ROLES[command].length, command).toBeGreaterThan(0);
  });

  it('the big screen may only read; a unit liaison may only read and work its own supervised items; only the operator may take calls and put them on air', () => {
    expect(COMMANDS.filter((c) => COMMAND_ROLES[c].includes('screen')).sort()).toEqual(['catalogue:get', 'episode:sync']);
    // After the broadcast the liaison lists and reads its unit's items, replies and asks for more time: nothing else.
    expect(COMMANDS.filter((c) => COMMAND_ROLES[c].includes('unit')).sort()).toEqual(['catalogue:get', 'supervision:detail', 'supervision:list', 'supervision:reply', 'supervision:requestExtension']);
    // Only the unit asks for an extension; only the follow-up desk (or an admin) decides, calls back, closes, reassigns and sets deadlines.
    expect(COMMAND_ROLES['supervision:requestExtension']).toEqual(['unit']);
    for (const command of ['supervision:assign', 'supervision:setDeadline', 'supervision:remind', 'supervision:decideExtension', 'supervision:callBack', 'supervision:close', 'appeal:callBack', 'appeal:callBackList'] as const) {
      expect([...COMMAND_ROLES[command]].sort(), command).toEqual(['admin', 'followup']);
    }
    expect(COMMAND_ROLES['calendar:setDay']).toEqual(['admin']);
    for (const command of ['appeal:create', 'appeal:screen', 'appeal:putOnAir', 'queue:reorder', 'appeal:markInvalid'] as const) {
      expect(COMMAND_ROLES[command], command).toEqual(['operator']);
    }
    for (const command of ['unit:save', 'person:save', 'account:create', 'displayLink:create', 'episode:plan'] as const) {
      expect(COMMAND_ROLES[command], command).toEqual(['admin']);
    }
  });

  it('reports are read by the admin and follow-up staff only; both draft hotspots and Q&A, only the admin publishes and withdraws', () => {
    for (const command of ['reports:summary', 'reports:annual', 'publication:draft', 'publication:edit'] as const) {
      expect([...COMMAND_ROLES[command]].sort(), command).toEqual(['admin', 'followup']);
    }
    for (const command of ['publication:publish', 'publication:withdraw'] as const) {
      expect(COMMAND_ROLES[command], command).toEqual(['admin']);
    }
  });

  it.each(pairs.filter((p) => !p.allowed))('$role may not send $command: refused with FORBIDDEN (valid or not), changing nothing', async ({ command, role }) => {
    const before = await snapshot(studio.server, ids.episodeId);
    for (const payload of [validPayload(command, ids), {}]) {
      const response = await raw(sockets[role], command, payload);
      expect(response).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN } });
    }
    await expectUnchanged(studio.server, ids.episodeId, before);
  });

  it.each(pairs.filter((p) => p.allowed))('$role may send $command: an invalid payload passes the role check and fails validation', async ({ command, role }) => {
    const before = await snapshot(studio.server, ids.episodeId);
    // `{}` is a valid catalogue:get, supervision:list, appeal:callBackList (no filter) and apiKey:list; an unknown key makes it invalid.
    const payload = command === 'catalogue:get' || command === 'supervision:list' || command === 'appeal:callBackList' || command === 'apiKey:list' ? { notAField: true } : {};
    const response = await raw(sockets[role], command, payload);
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('VALIDATION_FAILED');
    await expectUnchanged(studio.server, ids.episodeId, before);
  });

  it('a role refused episode:sync does not join the episode: it receives no events afterwards', async () => {
    const received: unknown[] = [];
    sockets.unit.on('episode:event', (event) => received.push(event));
    await raw(sockets.unit, 'episode:sync', { episodeId: ids.episodeId, sinceSeq: null });
    const followupEvents: unknown[] = [];
    sockets.followup.on('episode:event', (event) => followupEvents.push(event));
    await ok(sockets.followup, 'episode:sync', { episodeId: ids.episodeId, sinceSeq: null });
    await ok(studio.operator, 'message:send', { commandId: commandId(), episodeId: ids.episodeId, text: '广播测试', appealId: null });
    await eventually(() => followupEvents.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toEqual([]);
  });
});

describe('sessions', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  async function createAccount(role: Role) {
    const username = `${role}${Math.floor(Math.random() * 1e9)}`;
    await ok(studio.admin, 'account:create', { commandId: commandId(), username, displayName: `会话${role}`, role, unitId: null, password: PASSWORD });
    return username;
  }

  it('a socket without a cookie, or with a made-up one, cannot connect: connect_error UNAUTHORIZED', async () => {
    studio = await buildStudio();
    const { url } = studio.server;
    const connectedBefore = studio.server.app.io.sockets.sockets.size;
    const attempts = [
      {},
      { transport: 'polling' as const },
      { cookie: 'zfrx_session=made-up-token' },
      { cookie: 'zfrx_session=made-up-token', transport: 'polling' as const },
      { cookie: 'zfrx_session=' },
      { cookie: 'other_cookie=abc; session=def' },
    ];
    for (const attempt of attempts) {
      const error = await connectError(url, attempt);
      expect(error.message, JSON.stringify(attempt)).toBe('UNAUTHORIZED');
    }
    expect(studio.server.app.io.sockets.sockets.size).toBe(connectedBefore);
  });

  it('after POST /api/logout the live socket of that session is disconnected and told why; another session of the same account stays', async () => {
    studio = await buildStudio();
    const { url } = studio.server;
    const username = await createAccount('operator');
    const cookie = await login(url, username, PASSWORD);
    const otherCookie = await login(url, username, PASSWORD);
    const socket = await connectWithCookie(url, cookie);
    const sameSessionTab = await connectWithCookie(url, cookie);
    const otherSession = await connectWithCookie(url, otherCookie);
    const ended: unknown[] = [];
    socket.on('session:ended', (info) => ended.push(info));
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const tabDisconnected = new Promise<string>((resolve) => sameSessionTab.once('disconnect', (reason) => resolve(reason)));

    const response = await fetch(`${url}/api/logout`, { method: 'POST', headers: { cookie } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, data: null });
    expect(response.headers.get('set-cookie')).toMatch(/^zfrx_session=;.*Max-Age=0/i);

    expect(await disconnected).toBe('io server disconnect');
    expect(await tabDisconnected).toBe('io server disconnect');
    expect(ended).toEqual([{ reason: '您已退出登录。' }]);
    expect(socket.connected).toBe(false);

    // The cookie is dead: no reconnect, no /api/me.
    expect((await connectError(url, { cookie })).message).toBe('UNAUTHORIZED');
    const me = await fetch(`${url}/api/me`, { headers: { cookie } });
    expect(me.status).toBe(401);
    expect((await me.json()).error.code).toBe('UNAUTHORIZED');

    // The other session of the same account is untouched.
    expect(otherSession.connected).toBe(true);
    const catalogue = await ok(otherSession, 'catalogue:get', {});
    expect(catalogue.episodes).toHaveLength(1);
    otherSession.disconnect();
  });

  it('a Socket.IO connection from a foreign Origin is refused, even with a valid session cookie', async () => {
    studio = await buildStudio();
    const { url } = studio.server;
    const cookie = await login(url, await createAccount('operator'), PASSWORD);
    const connectedBefore = studio.server.app.io.sockets.sockets.size;
    for (const transport of ['websocket', 'polling'] as const) {
      for (const origin of ['http://evil.example', 'null', `http://127.0.0.1.evil.example`]) {
        await expect(connectError(url, { cookie, origin, transport }), `${transport} ${origin}`).resolves.toBeInstanceOf(Error);
      }
    }
    expect(studio.server.app.io.sockets.sockets.size).toBe(connectedBefore);
    // The same cookie from the server's own origin is accepted.
    const same = connect(url, { transports: ['websocket'], extraHeaders: { cookie, origin: new URL(url).origin }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      same.once('connect', () => resolve());
      same.once('connect_error', reject);
    });
    expect(same.connected).toBe(true);
    same.disconnect();
  });
});

describe('masking: the studio screen and the leader panel never receive a full phone number', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  /** Record everything a socket receives (every event) and every ack it gets. */
  function tap(socket: ClientSocket) {
    const seen: unknown[] = [];
    socket.onAny((event, ...args) => seen.push({ event, args }));
    return {
      seen,
      async ok(event: CommandName, payload: unknown) {
        const response = await raw(socket, event, payload);
        seen.push({ ack: event, response });
        if (!response.ok) throw new Error(`${event} failed: ${response.error.code}`);
        return response.data;
      },
      async send(event: CommandName, payload: unknown) {
        const response = await raw(socket, event, payload);
        seen.push({ ack: event, response });
        return response;
      },
    };
  }

  it('through a whole episode, nothing the screen or the leader receives contains the number or the full name; the operator receives both', async () => {
    studio = await buildStudio();
    const { episodeId } = studio;
    const operator = tap(studio.operator);
    const leader = tap(studio.leader);
    const screen = tap(studio.screen);
    for (const t of [operator, leader, screen]) await t.ok('episode:sync', { episodeId, sinceSeq: null });

    await operator.ok('episode:start', { commandId: commandId(), episodeId });
    const caller = { anonymous: false, name: '王建华', title: '先生', phone: FULL_PHONE };
    const a = (await operator.ok('appeal:create', appealInput(episodeId, { caller }))).appeal;
    const b = (await operator.ok('appeal:create', appealInput(episodeId, { caller, summary: '楼道灯坏了没人修' }))).appeal;
    const c = (await operator.ok('appeal:create', appealInput(episodeId, { caller: { ...caller, phone: '0516-8370 1234' }, summary: '噪音' }))).appeal;
    const a1 = (await operator.ok('appeal:screen', { commandId: commandId(), episodeId, appealId: a.id, expectedVersion: a.version })).appeal;
    const b1 = (await operator.ok('appeal:screen', { commandId: commandId(), episodeId, appealId: b.id, expectedVersion: b.version })).appeal;
    // A correction of the number: the audit diff of this change holds the old and the new number.
    const b2 = (await operator.ok('appeal:update', { commandId: commandId(), episodeId, appealId: b.id, expectedVersion: b1.version, patch: { caller: { ...caller, phone: OTHER_FULL_PHONE } } })).appeal;
    const a2 = (await operator.ok('appeal:putOnAir', { commandId: commandId(), episodeId, appealId: a.id, expectedVersion: a1.version })).appeal;
    const { message } = await operator.ok('message:send', { commandId: commandId(), episodeId, text: '来电人情绪激动，请耐心答复', appealId: a.id });

    // The leader works its panel: history of the call on air, read receipt, answer, hand over.
    await leader.ok('appeal:history', { episodeId, appealId: a.id });
    await leader.ok('message:markRead', { commandId: commandId(), episodeId, messageId: message.id });
    const answered = await leader.ok('appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: a.id, expectedVersion: a2.version, points: '本周内派人检修' });
    expect(answered.appeal.caller.phone).toBe('138****5678');
    const b3 = (await operator.ok('appeal:putOnAir', { commandId: commandId(), episodeId, appealId: b.id, expectedVersion: b2.version })).appeal;
    // A stale leader action: the CONFLICT's fresh appeal is masked too.
    const stale = await leader.send('appeal:handOver', { commandId: commandId(), episodeId, appealId: b.id, expectedVersion: b2.version, reason: '需要核实' });
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
    await leader.ok('appeal:handOver', { commandId: commandId(), episodeId, appealId: b.id, expectedVersion: b3.version, reason: '需要核实' });
    // Catch-up replies: events since 0, and a snapshot.
    await leader.ok('episode:sync', { episodeId, sinceSeq: 0 });
    await screen.ok('episode:sync', { episodeId, sinceSeq: 0 });
    await screen.ok('episode:sync', { episodeId, sinceSeq: null });
    await leader.ok('catalogue:get', {});
    await screen.ok('catalogue:get', {});
    await operator.ok('episode:end', { commandId: commandId(), episodeId });
    await eventually(() => [leader, screen].every((t) => t.seen.some((s: any) => s.event === 'episode:event' && s.args[0].type === 'episode.ended')));
    await leader.ok('episode:sync', { episodeId, sinceSeq: null });

    const leaderText = JSON.stringify(leader.seen);
    const screenText = JSON.stringify(screen.seen);
    const operatorText = JSON.stringify(operator.seen);
    for (const [who, text] of [['leader', leaderText], ['screen', screenText]] as const) {
      expect(text.includes(FULL_PHONE), `${who} received ${FULL_PHONE}`).toBe(false);
      expect(text.includes(OTHER_FULL_PHONE), `${who} received ${OTHER_FULL_PHONE}`).toBe(false);
      expect(text.includes('8370 1234') || text.includes('83701234'), `${who} received the landline`).toBe(false);
      expect(text.includes('王建华'), `${who} received the full name`).toBe(false);
      // What they do get is the masked form, so the check above is not vacuous.
      expect(text).toContain('138****5678');
      expect(text).toContain('王先生');
    }
    // The screen got the broadcasts of the whole episode (not just the acks).
    expect(screen.seen.filter((s: any) => s.event === 'episode:event').length).toBeGreaterThanOrEqual(10);
    // Positive control: the operator's side carries the full numbers and name.
    expect(operatorText).toContain(FULL_PHONE);
    expect(operatorText).toContain(OTHER_FULL_PHONE);
    expect(operatorText).toContain('王建华');
    // Stored in its one form (shared/domain/phone.ts): area code, a dash, the number.
    expect(c.caller.phone).toBe('0516-83701234');
  });
});
