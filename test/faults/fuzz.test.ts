import { API_COMMAND_NAMES, apiCommandsFor, COMMANDS as REGISTRY } from '../../shared/protocol/registry';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Role } from '../../shared/domain/types';
import { ROLES } from '../../shared/domain/types';
import type { Ack, CommandName } from '../../shared/protocol/events';
import { COMMAND_ROLES } from '../../shared/protocol/permissions';
import { episodeOnDisk } from '../helpers/onDisk';
import {
  ADMIN_PASSWORD,
  appealInput,
  buildStudio,
  commandId,
  connectWithCookie,
  login,
  ok,
  type ClientSocket,
  type Studio,
} from '../helpers/testServer';

/*
 * Fuzzing the wire: thousands of generated malformed payloads over Socket.IO (every command, every
 * role) and over the HTTP routes. Every one is answered with a refusal in Chinese, none with a stack
 * trace; an over-size message drops its socket; afterwards the server still works and its data
 * folder is byte-identical to before.
 *
 * FAULTS_FULL=true runs 10,000+ socket payloads; otherwise 2,000 keep `npm test` fast.
 * FUZZ_SEED=<n> replays one run.
 *
 * Each test runs one phase (socket payloads, HTTP requests) and checks its own answers, the server
 * and the data folder afterwards: it fails on its own, and `-t` can run it alone.
 */

const FULL = process.env.FAULTS_FULL === 'true';
/** Socket payloads to send; a few more are generated, since the odd one happens to be valid and is skipped. */
const SOCKET_RUNS = FULL ? 10_000 : 2_000;
const SOCKET_SAMPLES = Math.ceil(SOCKET_RUNS * 1.02);
const HTTP_RUNS_PER_ROUTE = FULL ? 1_000 : 150;
const OVERSIZE_RUNS = FULL ? 6 : 3;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2_147_483_647;
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
const ACK_TIMEOUT_MS = 10_000;
const PASSWORD = 'password-1234';

const COMMANDS = Object.keys(COMMAND_ROLES) as CommandName[];
const KNOWN = new Set<string>(COMMANDS);
/** Commands that only read: a well-formed one may be answered ok:true. */
const READ_ONLY = new Set<CommandName>(['catalogue:get', 'episode:sync', 'appeal:history', 'supervision:list', 'supervision:detail', 'appeal:callBackList', 'reports:summary', 'reports:annual']);
/** Event names socket.io-client refuses to emit. */
const RESERVED_EVENTS = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
/** Keys and ids that name something on every object's prototype chain. */
const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];

// Each command's schema, read off the registry the server validates with.
const SCHEMAS = { get: (command: CommandName) => REGISTRY[command].schema };

type Payload = Record<string, any>;

interface Ids {
  episodeId: string;
  episodeVersion: number;
  receivedId: string;
  receivedVersion: number;
  queuedId: string;
  queuedVersion: number;
  answeredId: string;
  supervisedId: string;
  supervisedVersion: number;
  requestId: string;
  messageId: string;
  unitId: string;
  personId: string;
  accountId: string;
  displayLinkId: string;
  publicationId: string;
  publicationVersion: number;
}

const supervisedRef = (ids: Ids) => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.supervisedId, expectedVersion: ids.supervisedVersion });
const receivedRef = (ids: Ids) => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.receivedId, expectedVersion: ids.receivedVersion });
const queuedRef = (ids: Ids) => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.queuedId, expectedVersion: ids.queuedVersion });

/** A payload each command's schema accepts, naming the populated episode's records. */
const VALID: Record<CommandName, (ids: Ids) => Payload> = {
  'catalogue:get': () => ({}),
  'unit:save': () => ({ commandId: commandId(), unitId: null, expectedVersion: null, name: '市交通运输局', kind: 'department', level: '市级' }),
  'person:save': (ids) => ({ commandId: commandId(), personId: null, expectedVersion: null, name: '李卫东', title: '副局长', unitId: ids.unitId, principal: false }),
  'account:create': () => ({ commandId: commandId(), username: 'newoperator', displayName: '新导播', role: 'operator', unitId: null, password: PASSWORD }),
  'account:setDisabled': (ids) => ({ commandId: commandId(), accountId: ids.accountId, disabled: true }),
  'displayLink:create': () => ({ commandId: commandId(), label: '演播室大屏' }),
  'displayLink:revoke': (ids) => ({ commandId: commandId(), displayLinkId: ids.displayLinkId }),
  'apiKey:create': () => ({ commandId: commandId(), label: '12345平台', role: 'followup', unitId: null, scope: ['supervision:list', 'supervision:callBack'] }),
  'apiKey:revoke': () => ({ commandId: commandId(), apiKeyId: 'no-such-key' }),
  'apiKey:list': () => ({}),
  'episode:plan': (ids) => ({ commandId: commandId(), year: 2025, number: 99, date: '2025-12-02', slot: { start: '09:00', end: '10:00' }, theme: '交通出行', host: '李主持', unitIds: [ids.unitId], leaderIds: [ids.personId], feedback: false }),
  'episode:update': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, expectedVersion: ids.episodeVersion, patch: { theme: '新主题', slot: { start: '09:00', end: '10:00' } } }),
  'episode:start': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId }),
  'episode:end': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId }),
  'episode:sync': (ids) => ({ episodeId: ids.episodeId, sinceSeq: 0 }),
  'appeal:create': (ids) => appealInput(ids.episodeId),
  'appeal:update': (ids) => ({ ...receivedRef(ids), patch: { summary: '补充说明', caller: { anonymous: false, name: '王建华', title: '先生', phone: '13812341234' } } }),
  'appeal:screen': (ids) => receivedRef(ids),
  'appeal:putOnAir': (ids) => queuedRef(ids),
  'appeal:answerOnAir': (ids) => ({ ...queuedRef(ids), points: '本周内派人检修', commitment: '两周内答复' }),
  'appeal:handOver': (ids) => ({ ...queuedRef(ids), reason: '需要现场核实', unitId: ids.unitId, complexity: 'normal', points: '', commitment: '' }),
  'appeal:markInvalid': (ids) => ({ ...receivedRef(ids), reason: '与节目主题无关' }),
  'appeal:history': (ids) => ({ episodeId: ids.episodeId, appealId: ids.receivedId, phone: '13812341234', area: '云龙区', category: '物业管理' }),
  'queue:reorder': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, order: [ids.queuedId] }),
  'message:send': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, text: '下一位来电人已在线', appealId: ids.receivedId }),
  'message:markRead': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, messageId: ids.messageId }),
  'supervision:list': (ids) => ({ unitId: ids.unitId, episodeId: ids.episodeId, status: 'with_unit', due: 'overdue', summaryOnly: false }),
  'supervision:detail': (ids) => ({ episodeId: ids.episodeId, appealId: ids.supervisedId }),
  'supervision:assign': (ids) => ({ ...supervisedRef(ids), unitId: ids.unitId, reason: '属本单位职责' }),
  'supervision:setDeadline': (ids) => ({ ...supervisedRef(ids), complexity: 'complex', deadline: '2026-01-30', reason: '涉及多个部门' }),
  'supervision:remind': (ids) => ({ ...supervisedRef(ids), note: '市民再次来电催问' }),
  'supervision:requestExtension': (ids) => ({ ...supervisedRef(ids), workdays: 3, reason: '需等待配件到货' }),
  'supervision:decideExtension': (ids) => ({ ...supervisedRef(ids), requestId: ids.requestId, granted: true, note: '同意' }),
  'supervision:reply': (ids) => ({ ...supervisedRef(ids), text: '已安排维修，本周内完成' }),
  'supervision:callBack': (ids) => ({ ...supervisedRef(ids), outcome: 'reached', rating: 'satisfied', note: '市民表示满意' }),
  'supervision:close': (ids) => ({ ...supervisedRef(ids), note: '市民满意，办结' }),
  'appeal:callBack': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, appealId: ids.answeredId, expectedVersion: 0, outcome: 'reached', rating: 'satisfied', note: '现场答复后问题已解决' }),
  'appeal:callBackList': (ids) => ({ status: 'all', episodeId: ids.episodeId, from: '2025-01-01', to: '2025-12-31' }),
  'calendar:setDay': () => ({ commandId: commandId(), date: '2025-10-09', dayType: 'off', reason: '台风停工' }),
  'calendar:importYear': () => ({ commandId: commandId(), year: 2027, source: 'notice', days: [{ date: '2027-02-05', dayType: 'off', name: '春节' }, { date: '2027-01-31', dayType: 'work', name: '春节' }] }),
  'category:save': () => ({ commandId: commandId(), categoryId: null, expectedVersion: null, name: '新增类别', retired: false }),
  'callerFlag:list': () => ({ phone: '13812345678' }),
  'callerFlag:set': () => ({ commandId: commandId(), phone: '13812345678', flag: 'care', reason: '独居老人' }),
  'callerFlag:clear': () => ({ commandId: commandId(), phone: '13812345678', flag: 'care', reason: '已不需要' }),
  'feedback:putOnAir': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, sourceEpisodeId: ids.episodeId, appealId: ids.supervisedId }),
  'feedback:takeOffAir': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId }),
  'wall:setHidden': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, hidden: true }),
  'publication:draft': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, kind: 'qa', title: '电梯坏了找谁？', body: '由物业服务企业负责维修。', appealIds: [ids.answeredId] }),
  'publication:edit': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, publicationId: ids.publicationId, expectedVersion: ids.publicationVersion, title: '电梯坏了找谁？', body: '由物业服务企业负责维修。', appealIds: [ids.answeredId] }),
  'publication:publish': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, publicationId: ids.publicationId, expectedVersion: ids.publicationVersion }),
  'publication:withdraw': (ids) => ({ commandId: commandId(), episodeId: ids.episodeId, publicationId: ids.publicationId, expectedVersion: ids.publicationVersion }),
  'reports:summary': () => ({ from: '2025-01-01', to: '2025-12-31', satisfaction: 'resolved' }),
  'reports:annual': () => ({ year: 2025, satisfaction: 'callback' }),
};

/* ------------------------------------------------------------------ generated cases */

type Kind = 'anything' | 'wrongType' | 'hugeString' | 'protoKey' | 'protoId' | 'unknownCommand' | 'forbidden' | 'oversize';

interface Case {
  kind: Kind;
  event: string;
  role: Role;
  /** Built lazily (huge strings), from the ids of the populated episode. */
  build: (ids: Ids) => unknown;
  /** What the answer must be. */
  expect: 'validation' | 'forbidden' | 'unknown' | 'refusedOrRead' | 'dropped';
}

const commandArb = fc.constantFrom(...COMMANDS);
const allowedRoleArb = (command: CommandName) => fc.constantFrom(...COMMAND_ROLES[command]);

/** Paths of the leaves of a valid payload (objects one level down too: patch.theme, caller.phone, slot.start). */
function leafPaths(value: Payload, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [key, v] of Object.entries(value)) {
    out.push([...prefix, key]);
    if (v && typeof v === 'object' && !Array.isArray(v) && prefix.length < 2) out.push(...leafPaths(v, [...prefix, key]));
    if (Array.isArray(v) && v.length > 0) out.push([...prefix, key, '0']);
  }
  return out;
}

function setPath(payload: Payload, path: string[], value: unknown): Payload {
  const copy = structuredClone(payload);
  let target: any = copy;
  for (const key of path.slice(0, -1)) target = target[key];
  defineOwn(target, path[path.length - 1], value);
  return copy;
}

/** Set an own enumerable property, even one named __proto__ (JSON.stringify then sends it as a plain key). */
function defineOwn(target: any, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

const jsonValueArb = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 40 }),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

const anythingArb = fc.anything({ maxDepth: 3, maxKeys: 6, depthSize: 'small' });

/** A long string: a repeated unit (ASCII, CJK, emoji, control characters, quotes). */
const hugeStringArb = fc
  .tuple(fc.integer({ min: 10_000, max: 1_000_000 }), fc.constantFrom('x', '政', '😀', '\u0000', '"\\', '<script>', ' ', '\u202e'))
  .map(([length, unit]) => ({ length, unit }));

const anythingCase = commandArb.chain((command) =>
  fc.record({ role: allowedRoleArb(command), payload: anythingArb }).map(
    ({ role, payload }): Case => ({ kind: 'anything', event: command, role, build: () => payload, expect: 'validation' }),
  ),
);

const wrongTypeCase = commandArb.chain((command) =>
  fc.record({ role: allowedRoleArb(command), pick: fc.nat(), value: jsonValueArb }).map(({ role, pick, value }): Case => ({
    kind: 'wrongType',
    event: command,
    role,
    build: (ids) => {
      const valid = VALID[command](ids);
      const paths = leafPaths(valid);
      if (paths.length === 0) return { ...valid, [`field${pick % 7}`]: value };
      const path = paths[pick % paths.length];
      let current: any = valid;
      for (const key of path) current = current?.[key];
      // Wrong type: whatever the field holds, send something of another type.
      const replacement = typeOf(value) !== typeOf(current) ? value : typeOf(current) === 'string' ? 12345 : 'x';
      return setPath(valid, path, replacement);
    },
    expect: 'validation',
  })),
);

const hugeStringCase = commandArb.chain((command) =>
  fc.record({ role: allowedRoleArb(command), pick: fc.nat(), huge: hugeStringArb }).map(({ role, pick, huge }): Case => ({
    kind: 'hugeString',
    event: command,
    role,
    build: (ids) => {
      const valid = VALID[command](ids);
      // Stay under the message limit once JSON-escaped (a NUL travels as six bytes): over-size is its own kind.
      const wireBytesPerChar = (Buffer.byteLength(JSON.stringify(huge.unit)) - 2) / huge.unit.length;
      const length = Math.min(huge.length, Math.floor((MAX_MESSAGE_BYTES - 64 * 1024) / wireBytesPerChar));
      const big = huge.unit.repeat(Math.ceil(length / huge.unit.length)).slice(0, length);
      const paths = leafPaths(valid);
      // One in four: an unknown key carrying the string; otherwise an existing field.
      if (paths.length === 0 || pick % 4 === 0) return { ...valid, filler: big };
      return setPath(valid, paths[pick % paths.length], big);
    },
    expect: 'validation',
  })),
);

const protoValueArb = fc.oneof(
  fc.constant({ isAdmin: true, role: 'admin', polluted: 'yes' }),
  fc.constant({ prototype: { polluted: 'yes' } }),
  fc.constant(null).map(() => JSON.parse('{"__proto__":{"polluted":"yes"}}')),
  jsonValueArb,
);

const protoKeyCase = commandArb.chain((command) =>
  fc.record({ role: allowedRoleArb(command), key: fc.constantFrom(...PROTO_NAMES), value: protoValueArb, pick: fc.nat(), whole: fc.boolean() }).map(
    ({ role, key, value, pick, whole }): Case => ({
      kind: 'protoKey',
      event: command,
      role,
      build: (ids) => {
        const valid = VALID[command](ids);
        if (whole) {
          // The whole payload is the polluting object.
          const payload: Payload = {};
          defineOwn(payload, key, JSON.parse(JSON.stringify(value)));
          return payload;
        }
        const objects = [[] as string[], ...leafPaths(valid).filter((p) => typeOf(p.reduce((o: any, k) => o?.[k], valid)) === 'object')];
        const at = objects[pick % objects.length];
        return setPath(valid, [...at, key], JSON.parse(JSON.stringify(value)));
      },
      expect: 'validation',
    }),
  ),
);

/**
 * Well-formed payloads whose ids name prototype members: must be refused, or read as nothing. The catalogue and
 * episode state are plain objects looked up with `record[id]`, where `__proto__`, `constructor`, `toString`…
 * would find an inherited member instead of nothing; the id schema (docs/protocol.md §3, **id**) refuses them.
 */
const ID_FIELDS = new Set(['episodeId', 'appealId', 'unitId', 'personId', 'accountId', 'displayLinkId', 'messageId', 'requestId', 'publicationId', 'sourceEpisodeId', 'targetUnitId']);
const protoIdCase = commandArb.chain((command) =>
  fc.record({ role: allowedRoleArb(command), name: fc.constantFrom(...PROTO_NAMES), pick: fc.nat() }).map(({ role, name, pick }): Case => ({
    kind: 'protoId',
    event: command,
    role,
    build: (ids) => {
      const valid = VALID[command](ids);
      const idPaths = leafPaths(valid).filter((p) => ID_FIELDS.has(p[p.length - 1]) && typeof valid[p[0]] !== 'object');
      const arrays = Object.keys(valid).filter((k) => Array.isArray(valid[k]) && ['unitIds', 'leaderIds', 'order', 'appealIds'].includes(k));
      const targets = [...idPaths, ...arrays.map((k) => [k])];
      if (targets.length === 0) return { ...valid, [name]: name };
      const path = targets[pick % targets.length];
      return setPath(valid, path, Array.isArray(valid[path[0]]) && path.length === 1 ? [name] : name);
    },
    expect: 'refusedOrRead',
  })),
);

const unknownNameArb = fc
  .oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(...PROTO_NAMES, 'appeal:delete', 'episode:delete', 'account:setRole', 'admin:shell', 'session:ended', 'episode:event'),
    commandArb.map((c) => c.toUpperCase()),
    commandArb.map((c) => ` ${c}`),
    commandArb.map((c) => `${c}\u0000`),
  )
  .filter((name) => !KNOWN.has(name) && !RESERVED_EVENTS.has(name));

const unknownCommandCase = fc.record({ event: unknownNameArb, role: fc.constantFrom(...ROLES), payload: anythingArb }).map(
  ({ event, role, payload }): Case => ({ kind: 'unknownCommand', event, role, build: () => payload, expect: 'unknown' }),
);

const forbiddenPairs = COMMANDS.flatMap((command) => ROLES.filter((role) => !COMMAND_ROLES[command].includes(role)).map((role) => ({ command, role })));
const forbiddenCase = fc.record({ pair: fc.constantFrom(...forbiddenPairs), valid: fc.boolean(), payload: anythingArb }).map(
  ({ pair, valid, payload }): Case => ({
    kind: 'forbidden',
    event: pair.command,
    role: pair.role,
    // A payload the command would accept from the right role: only the role table stands in its way.
    build: (ids) => (valid ? VALID[pair.command](ids) : payload),
    expect: 'forbidden',
  }),
);

const oversizeCase = fc
  .record({ command: commandArb, extra: fc.integer({ min: 1, max: 200_000 }), unit: fc.constantFrom('x', '政') })
  .chain(({ command, extra, unit }) =>
    allowedRoleArb(command).map((role): Case => ({
      kind: 'oversize',
      event: command,
      role,
      build: (ids) => ({ ...VALID[command](ids), filler: unit.repeat(Math.ceil((MAX_MESSAGE_BYTES + extra) / Buffer.byteLength(unit))) }),
      expect: 'dropped',
    })),
  );

const socketCaseArb = fc.oneof(
  { arbitrary: anythingCase, weight: 25 },
  { arbitrary: wrongTypeCase, weight: 25 },
  { arbitrary: hugeStringCase, weight: 4 },
  { arbitrary: protoKeyCase, weight: 12 },
  { arbitrary: protoIdCase, weight: 8 },
  { arbitrary: unknownCommandCase, weight: 10 },
  { arbitrary: forbiddenCase, weight: 16 },
);

/* ------------------------------------------------------------------ checks */

const CJK = /[\u3400-\u9fff]/;

/** Problems with one refusal's error half (empty when it is a proper Chinese refusal). */
function refusalProblems(response: any): string[] {
  const problems: string[] = [];
  if (!response || typeof response !== 'object') return [`answer is not an object: ${String(response)}`];
  if (response.ok !== false) return [`answered ok:${String(response.ok)}`];
  const error = response.error;
  if (!error || typeof error.code !== 'string' || error.code === '') problems.push('no error code');
  if (!error || typeof error.message !== 'string' || error.message.trim() === '') problems.push('no error message');
  else {
    if (!CJK.test(error.message)) problems.push(`message is not Chinese: ${error.message.slice(0, 120)}`);
    if (error.message.includes('    at ') || error.message.includes('.ts:')) problems.push(`stack trace in message: ${error.message.slice(0, 200)}`);
  }
  if (error?.code === 'INTERNAL') problems.push('INTERNAL: an unexpected exception escaped the handler');
  return problems;
}

interface Failure {
  kind: string;
  event: string;
  role: string;
  payload: string;
  problems: string[];
  answer: string;
}

interface Tally {
  sent: number;
  answered: number;
  dropped: number;
  skippedValid: number;
  codes: Record<string, number>;
}

const newTally = (): Tally => ({ sent: 0, answered: 0, dropped: 0, skippedValid: 0, codes: {} });

/** What one test's phase sent and what went wrong: each test keeps its own, so each fails on its own. */
class Phase {
  readonly failures: Failure[] = [];
  readonly tallies: Record<string, Tally> = {};
  constructor(readonly name: string) {}
  tally(kind: string): Tally {
    return (this.tallies[kind] ??= newTally());
  }
  get sent(): number {
    return Object.values(this.tallies).reduce((n, t) => n + t.sent, 0);
  }
  /** Print the tallies and one line per kind of failure (with the seed to replay it); return those lines. */
  report(): string[] {
    const rows = Object.entries(this.tallies).map(([kind, t]) => ({ kind, sent: t.sent, answered: t.answered, dropped: t.dropped, 'skipped (valid)': t.skippedValid, answers: JSON.stringify(t.codes) }));
    console.log(`[fuzz] seed ${SEED}, ${this.name}: ${this.sent} sent, ${this.failures.length} failures (replay: FUZZ_SEED=${SEED})`);
    console.table(rows);
    const byProblem = new Map<string, Failure[]>();
    for (const f of this.failures) {
      const key = `${f.kind} ${f.event}: ${f.problems[0]}`;
      byProblem.set(key, [...(byProblem.get(key) ?? []), f]);
    }
    for (const [key, list] of byProblem) console.log(`[fuzz] FAILURE ×${list.length} ${key}\n  role: ${list[0].role}\n  payload: ${list[0].payload}\n  answer: ${list[0].answer}`);
    return [...byProblem.entries()].map(([key, list]) => `${key} ×${list.length} — e.g. ${list[0].payload}`);
  }
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}

/* ------------------------------------------------------------------ data folder */

/** A file's bytes; for an episode checkpoint, the state it and the log add up to (a quiet episode's checkpoint may be rewritten with the same meaning). */
async function fileContent(dir: string, path: string): Promise<Buffer | string> {
  const checkpoint = /^episodes\/([A-Za-z0-9_-]+)\.json$/.exec(relative(dir, path));
  return checkpoint ? JSON.stringify(episodeOnDisk(dir, checkpoint[1]).state) : readFile(path);
}

/** The sign-in log records every failed login by design (操作审计): checked apart, line by line. */
const SIGN_IN_LOG = /^auth-audit(\.1)?\.log$/;

async function hashFolder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (folder === dir && SIGN_IN_LOG.test(entry.name)) continue;
      if (entry.isDirectory()) await walk(path);
      else out[relative(dir, path)] = createHash('sha256').update(await fileContent(dir, path)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}

/* ------------------------------------------------------------------ the test */

describe(`fuzz: malformed payloads over Socket.IO and HTTP (seed ${SEED})`, () => {
  let studio: Studio;
  let ids: Ids;
  const cookies = {} as Record<Role, string>;
  const sockets = {} as Record<Role, ClientSocket>;

  async function reconnect(role: Role): Promise<ClientSocket> {
    sockets[role]?.disconnect();
    sockets[role] = await connectWithCookie(studio.server.url, cookies[role]);
    return sockets[role];
  }

  beforeAll(async () => {
    studio = await buildStudio();
    const { admin, server, episodeId, unitId } = studio;
    // One account and one session cookie per role (kept, so a dropped socket can come back without a new login).
    cookies.admin = await login(server.url, 'admin', ADMIN_PASSWORD);
    let spareAccountId = '';
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const username = `fuzz_${role}`;
      const { account } = await ok(admin, 'account:create', { commandId: commandId(), username, displayName: `模糊测试${role}`, role, unitId: role === 'unit' ? unitId : null, password: PASSWORD });
      if (role === 'operator') spareAccountId = account.id;
      cookies[role] = await login(server.url, username, PASSWORD);
    }
    for (const role of ROLES) await reconnect(role);
    const { operator, leader, followup, unit } = sockets;

    // The episode goes live with an appeal in each status, a supervised item with an extension request, a message and a publication draft.
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const create = async (summary: string) => (await ok(operator, 'appeal:create', appealInput(episodeId, { summary }))).appeal;
    const step = async (event: any, appeal: any, extra: Payload = {}) =>
      (await ok(operator, event, { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version, ...extra })).appeal;

    const received = await create('小区门口路灯不亮');
    let queued = await create('楼道堆放杂物');
    queued = await step('appeal:screen', queued);
    let answered = await create('电梯长期故障');
    answered = await step('appeal:screen', answered);
    answered = await step('appeal:putOnAir', answered);
    answered = await step('appeal:answerOnAir', answered, { points: '本周内派人检修', commitment: '两周内答复' });
    let supervised = await create('物业费上涨不公示');
    supervised = await step('appeal:screen', supervised);
    supervised = await step('appeal:handOver', supervised, { reason: '会后办理' });
    let invalid = await create('与主题无关的咨询');
    invalid = await step('appeal:markInvalid', invalid, { reason: '与节目主题无关' });
    let onAir = await create('停车位被占用');
    onAir = await step('appeal:screen', onAir);
    onAir = await step('appeal:putOnAir', onAir);
    const extended = (await ok(unit, 'supervision:requestExtension', { ...supervisedRef({ episodeId, supervisedId: supervised.id, supervisedVersion: supervised.version } as Ids), workdays: 3, reason: '需要时间' })).appeal;
    const { message } = await ok(operator, 'message:send', { commandId: commandId(), episodeId, text: '请准备', appealId: received.id });
    const { publication } = await ok(followup, 'publication:draft', { commandId: commandId(), episodeId, kind: 'hotspot', title: '电梯维修责任', body: '由物业服务企业负责维修。', appealIds: [answered.id, supervised.id] });
    const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: '演播室大屏' });
    void leader;

    const state = server.app.studio.state(episodeId);
    expect(new Set(Object.values(state.appeals).map((a: any) => a.status))).toEqual(new Set(['received', 'queued', 'on_air', 'answered_on_air', 'supervised', 'invalid']));
    ids = {
      episodeId,
      episodeVersion: state.episode.version,
      receivedId: received.id,
      receivedVersion: state.appeals[received.id].version,
      queuedId: queued.id,
      queuedVersion: state.appeals[queued.id].version,
      answeredId: answered.id,
      supervisedId: extended.id,
      supervisedVersion: state.appeals[extended.id].version,
      requestId: extended.supervision.extensionRequests[0].id,
      messageId: message.id,
      unitId,
      personId: studio.leaderId,
      accountId: spareAccountId,
      displayLinkId: link.id,
      publicationId: publication.id,
      publicationVersion: publication.version,
    };
    for (const command of COMMANDS) {
      const parsed = SCHEMAS.get(command).safeParse(VALID[command](ids));
      expect(parsed.success, `base payload of ${command} must be valid: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`).toBe(true);
    }
    console.log(`[fuzz] seed ${SEED}; ${FULL ? 'full' : 'quick'} run (FUZZ_SEED=${SEED} replays it)`);
  }, 60_000);

  afterAll(async () => {
    for (const socket of Object.values(sockets)) socket?.disconnect();
    await studio?.close();
  });

  /** Send one event with an ack; the answer, or the error when none came (dropped socket, timeout). */
  async function emit(role: Role, event: string, payload: unknown): Promise<{ answer?: Ack<any>; error?: Error }> {
    const socket = sockets[role].connected ? sockets[role] : await reconnect(role);
    try {
      return { answer: await (socket.timeout(ACK_TIMEOUT_MS) as any).emitWithAck(event, payload) };
    } catch (error) {
      return { error: error as Error };
    }
  }

  /** The data folder as a phase finds it, once the last writes have settled. */
  async function fingerprint(): Promise<Record<string, string>> {
    await new Promise((r) => setTimeout(r, 200));
    return hashFolder(studio.server.dataDir);
  }

  /**
   * What every phase must leave behind: its own payloads all answered properly, the server still
   * working, and the data folder byte-identical to the one the phase started with.
   */
  async function expectUnharmed(phase: Phase, before: Record<string, string>): Promise<void> {
    const problems = phase.report();
    // Still up: a valid command works on a socket, and the health check answers.
    const catalogue = await ok(sockets.operator.connected ? sockets.operator : await reconnect('operator'), 'catalogue:get', {});
    expect(catalogue.episodes.map((e: any) => e.id)).toContain(ids.episodeId);
    expect((await fetch(`${studio.server.url}/healthz`)).status).toBe(200);
    // Give a (wrongly) accepted write time to reach the disk, then compare the whole folder.
    await new Promise((r) => setTimeout(r, 300));
    expect.soft(await hashFolder(studio.server.dataDir), 'data folder changed during the fuzzing').toEqual(before);
    // What the fuzzing may add to the sign-in log is failed logins, nothing else.
    const signIns = await readFile(join(studio.server.dataDir, 'auth-audit.log'), 'utf8').catch(() => '');
    const kinds = new Set(signIns.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { kind: string }).kind));
    expect.soft([...kinds].filter((kind) => kind !== 'login_failed' && kind !== 'login'), 'the fuzzing logged something other than sign-ins').toEqual([]);
    expect(problems).toEqual([]);
  }

  it(`answers ${SOCKET_RUNS} generated malformed socket payloads with a Chinese refusal, drops over-size ones, and changes nothing`, async () => {
    const phase = new Phase('socket payloads');
    const before = await fingerprint();
    const started = Date.now();
    const cases = fc.sample(socketCaseArb, { numRuns: SOCKET_SAMPLES, seed: SEED });
    const oversize = fc.sample(oversizeCase, { numRuns: OVERSIZE_RUNS, seed: SEED + 1 });
    // Spread the over-size messages through the run.
    oversize.forEach((c, i) => cases.splice(Math.floor(((i + 1) * cases.length) / (OVERSIZE_RUNS + 1)), 0, c));

    for (const c of cases) {
      const t = phase.tally(c.kind);
      // JSON is what travels: compare with the schema on what the server will actually see.
      const built = c.build(ids);
      const wire = c.kind === 'oversize' ? built : built === undefined ? undefined : JSON.parse(JSON.stringify(built) ?? 'null');
      if (c.expect === 'validation' && KNOWN.has(c.event) && SCHEMAS.get(c.event as CommandName).safeParse(wire).success) {
        // The generator happened to build an acceptable payload: not a malformed one, not sent.
        t.skippedValid++;
        continue;
      }
      t.sent++;
      if (c.kind === 'oversize') {
        const socket = sockets[c.role];
        const gone = new Promise<boolean>((resolve) => {
          if (!socket.connected) resolve(true);
          socket.once('disconnect', () => resolve(true));
          setTimeout(() => resolve(false), ACK_TIMEOUT_MS + 2_000);
        });
        const { answer } = await emit(c.role, c.event, wire);
        const dropped = await gone;
        if (dropped && !answer) t.dropped++;
        else phase.failures.push({ kind: c.kind, event: c.event, role: c.role, payload: `${c.event} with a ${(Buffer.byteLength(JSON.stringify(wire)) / 1048576).toFixed(2)} MiB payload`, problems: ['over-size message did not drop the socket'], answer: preview(answer) });
        await reconnect(c.role);
        continue;
      }
      const { answer, error } = await emit(c.role, c.event, wire);
      if (!answer) {
        phase.failures.push({ kind: c.kind, event: c.event, role: c.role, payload: preview(wire), problems: [`no answer: ${error?.message}`], answer: '' });
        continue;
      }
      t.answered++;
      const code = answer.ok ? 'ok:true' : String(answer.error?.code);
      t.codes[code] = (t.codes[code] ?? 0) + 1;
      let problems: string[];
      if (c.expect === 'refusedOrRead' && answer.ok === true) {
        // A well-formed payload naming a prototype member: only a read may answer, and only with data.
        problems = READ_ONLY.has(c.event as CommandName) ? [] : ['a write with a prototype-member id was accepted'];
      } else {
        problems = refusalProblems(answer);
        const wanted = { validation: 'VALIDATION_FAILED', forbidden: 'FORBIDDEN', unknown: 'UNKNOWN_COMMAND' }[c.expect as 'validation'];
        if (wanted && !answer.ok && answer.error.code !== wanted) problems.push(`expected ${wanted}, got ${answer.error.code}`);
      }
      if (({} as any).polluted !== undefined || ({} as any).isAdmin !== undefined) problems.push('Object.prototype was polluted');
      if (problems.length > 0) phase.failures.push({ kind: c.kind, event: c.event, role: c.role, payload: preview(wire), problems, answer: preview(answer) });
    }
    console.log(`[fuzz] socket phase: ${cases.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    expect(phase.sent).toBeGreaterThanOrEqual(SOCKET_RUNS);
    expect(phase.tallies.oversize?.dropped ?? 0, 'every over-size message drops its socket').toBe(OVERSIZE_RUNS);
    await expectUnharmed(phase, before);
  }, 900_000);

  it(`answers ${HTTP_RUNS_PER_ROUTE} generated requests per HTTP route with JSON and a status below 500, and changes nothing`, async () => {
    const phase = new Phase('HTTP requests');
    // A key for /api/v1 with every follow-up command in its scope (made before the fingerprint: the fuzzing must change nothing).
    const apiKey = (await ok(sockets.admin, 'apiKey:create', { commandId: commandId(), label: '模糊测试', role: 'followup', unitId: null, scope: apiCommandsFor('followup') })).key as string;
    const before = await fingerprint();
    const started = Date.now();
    const { url } = studio.server;
    const cookieArb = fc.constantFrom<Role | 'none'>('followup', 'admin', 'unit', 'operator', 'leader', 'none');
    const header = (who: Role | 'none'): Record<string, string> => (who === 'none' ? {} : { cookie: cookies[who] });

    const loginBodyArb = fc.oneof(
      fc.string({ maxLength: 200, unit: 'binary' }),
      fc.json({ maxDepth: 3 }),
      anythingArb.map((v) => JSON.stringify(v) ?? ''),
      fc.record({ username: fc.string({ maxLength: 80 }), password: fc.string({ maxLength: 220 }) }).map((v) => JSON.stringify(v)),
      fc.record({ username: fc.constantFrom('admin', 'fuzz_operator', ' admin ', ...PROTO_NAMES), password: fc.string({ maxLength: 30 }) }).map((v) => JSON.stringify(v)),
      fc.constantFrom(...PROTO_NAMES).map((k) => `{"${k}":{"username":"admin","password":"x"},"username":"admin","password":"wrong-password"}`),
      fc.integer({ min: 16_000, max: 40_000 }).map((n) => JSON.stringify({ username: 'admin', password: 'x'.repeat(n) })),
    );
    const contentTypeArb = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', '');
    const queryValueArb = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...PROTO_NAMES, '', 'true', 'false', '2025', ' 2025 ', '1e3', '0x7e9', 'NaN', '-0', '2025.5', '99999999999999999999'));
    const queryKeyArb = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...PROTO_NAMES, 'unitId', 'episodeId', 'status', 'due', 'summaryOnly', 'year', 'format', 'layout', 'year[]', 'year[a]', 'summaryOnly[]'));
    const queryArb = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.array(fc.tuple(queryKeyArb, queryValueArb), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
      fc.array(fc.tuple(queryKeyArb, queryValueArb), { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
    );
    // '.' and '..' are path segments the URL parser resolves before sending: not an id the server can see.
    const idArb = fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.constantFrom(...PROTO_NAMES, ids.episodeId, `${ids.episodeId}/x`, '../catalogue', '%', 'episode%00')).filter((s) => s !== '.' && s !== '..');

    type Request = { route: string; method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };
    const requests: Request[] = [
      ...fc.sample(fc.record({ body: loginBodyArb, type: contentTypeArb }), { numRuns: HTTP_RUNS_PER_ROUTE, seed: SEED + 2 }).map(
        ({ body, type }): Request => ({ route: 'POST /api/login', method: 'POST', path: '/api/login', headers: type ? { 'content-type': type } : {}, body }),
      ),
      ...fc.sample(fc.record({ query: queryArb, who: cookieArb }), { numRuns: HTTP_RUNS_PER_ROUTE, seed: SEED + 3 }).map(
        ({ query, who }): Request => ({ route: 'GET /api/supervision', method: 'GET', path: `/api/supervision?${query}`, headers: header(who) }),
      ),
      ...fc.sample(fc.record({ query: queryArb, who: cookieArb }), { numRuns: HTTP_RUNS_PER_ROUTE, seed: SEED + 4 }).map(
        ({ query, who }): Request => ({ route: 'GET /api/reports/annual', method: 'GET', path: `/api/reports/annual?${query}`, headers: header(who) }),
      ),
      ...fc
        .sample(
          fc.record({
            name: fc.oneof(fc.constantFrom(...API_COMMAND_NAMES, 'apiKey:create', 'episode:sync'), fc.string({ maxLength: 30 })),
            body: fc.oneof(fc.json({ maxDepth: 3 }), anythingArb.map((v) => JSON.stringify(v) ?? ''), fc.string({ maxLength: 200 })),
            auth: fc.constantFrom('valid', 'valid', 'valid', 'none', 'wrong'),
            idempotencyKey: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 120 }), fc.constantFrom(...PROTO_NAMES, 'fuzz-key-00000001')),
            type: contentTypeArb,
          }),
          { numRuns: HTTP_RUNS_PER_ROUTE, seed: SEED + 6 },
        )
        .map(({ name, body, auth, idempotencyKey, type }): Request => ({
          route: 'POST /api/v1/commands/:name',
          method: 'POST',
          path: `/api/v1/commands/${encodeURIComponent(name)}`,
          headers: {
            ...(auth === 'valid' ? { authorization: `Bearer ${apiKey}` } : auth === 'wrong' ? { authorization: 'Bearer zfk_wrong' } : {}),
            ...(idempotencyKey !== undefined && /^[\x21-\x7e]*$/.test(idempotencyKey) ? { 'idempotency-key': idempotencyKey } : {}),
            ...(type ? { 'content-type': type } : {}),
          },
          body,
        })),
      ...fc.sample(idArb, { numRuns: HTTP_RUNS_PER_ROUTE, seed: SEED + 5 }).map(
        (id): Request => ({ route: 'GET /api/public/episodes/:id', method: 'GET', path: `/api/public/episodes/${encodeURIComponent(id)}`, headers: {} }),
      ),
    ];

    for (const request of requests) {
      const t = phase.tally(request.route);
      t.sent++;
      let response: Response;
      try {
        response = await fetch(`${url}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
      } catch (error) {
        phase.failures.push({ kind: 'http', event: request.route, role: '', payload: preview(request.path + (request.body ? ` ${request.body}` : '')), problems: [`no answer: ${(error as Error).message}`], answer: '' });
        continue;
      }
      t.answered++;
      const problems: string[] = [];
      const type = response.headers.get('content-type') ?? '';
      const text = await response.text();
      t.codes[String(response.status)] = (t.codes[String(response.status)] ?? 0) + 1;
      if (response.status >= 500) problems.push(`status ${response.status}`);
      const isExport = request.route === 'GET /api/reports/annual' && response.status === 200 && !type.includes('json');
      if (!isExport) {
        let body: any;
        try {
          body = JSON.parse(text);
        } catch {
          problems.push(`not JSON (${type}): ${text.slice(0, 120)}`);
        }
        if (body !== undefined) {
          if (body.ok === true) {
            if (response.status !== 200 || !('data' in body)) problems.push('ok:true without data or with a non-200 status');
            if (request.route === 'POST /api/login') problems.push('a fuzzed login succeeded');
          } else problems.push(...refusalProblems(body));
        }
      }
      if (problems.length > 0) phase.failures.push({ kind: 'http', event: request.route, role: request.headers.cookie ? 'cookie' : 'none', payload: preview(request.path + (request.body !== undefined ? ` body=${request.body}` : '') + (request.headers['content-type'] ? ` [${request.headers['content-type']}]` : '')), problems, answer: `${response.status} ${text.slice(0, 200)}` });
    }
    console.log(`[fuzz] http phase: ${requests.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    expect(phase.sent).toBe(requests.length);
    await expectUnharmed(phase, before);
  }, 600_000);
});
