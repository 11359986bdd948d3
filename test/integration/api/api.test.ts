import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_DETAILS } from '../../../shared/domain/errors';
import type { Role } from '../../../shared/domain/types';
import { apiCommandsFor, COMMANDS, type CommandName } from '../../../shared/protocol/registry';
import { episodeBytes, episodeOnDisk } from '../../helpers/onDisk';
import { appealInput, buildStudio, commandId, connectAs, ok, removeDataDir, startServer, type ClientSocket, type Studio } from '../../helpers/testServer';
import { connectWithCookie, login } from '../../helpers/clientSession';
import { ADMIN_PASSWORD } from '../../helpers/testServer';

/**
 * /api/v1 for other systems (issue 18): real server, real HTTP, keys made by the admin over the
 * socket. Every route refuses a missing, wrong, revoked or out-of-scope key and a bad body, with a
 * Chinese sentence, changing nothing; a change is durable before its 200 and runs once per key.
 */

type Doc = { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };

interface Call {
  method: 'GET' | 'POST';
  path: string;
  key?: string;
  body?: unknown;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

async function call(url: string, { method, path, key, body, idempotencyKey, headers = {} }: Call): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(key !== undefined ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null, headers: response.headers };
}

async function createKey(admin: ClientSocket, role: Exclude<Role, 'screen'>, scope: readonly string[], unitId: string | null = null, label = `${role}系统`) {
  const created = await ok(admin, 'apiKey:create', { commandId: commandId(), label, role, unitId, scope: [...scope] });
  expect(created.key).toMatch(/^zfk_[A-Za-z0-9_-]{40,}$/);
  return { id: created.apiKey.id as string, key: created.key as string };
}

/** Every operation of the document with a concrete path (ids filled in) and the command it runs. */
function operations(doc: Doc, ids: Record<string, string>) {
  const out: { method: 'GET' | 'POST'; template: string; path: string; command: CommandName | null }[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) {
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? 'missing');
      const description = (item[method] as any).description as string | undefined;
      const command = template.startsWith('/api/v1/commands/') ? (template.slice('/api/v1/commands/'.length) as CommandName) : ((/对应命令 (\S+?)（/.exec(description ?? '')?.[1] as CommandName | undefined) ?? null);
      out.push({ method: method.toUpperCase() as 'GET' | 'POST', template, path, command });
    }
  }
  return out;
}

describe('the HTTP API (/api/v1) for other systems', () => {
  let studio: Studio;
  let url: string;
  let doc: Doc;
  let followup: ClientSocket;
  const keys: Partial<Record<Role, { id: string; key: string }>> = {};
  let revoked: { id: string; key: string };
  let narrow: { id: string; key: string };
  let onlyCatalogue: { id: string; key: string };
  let ids: Record<string, string>;

  beforeAll(async () => {
    const server = await startServer({ config: { apiKeyLimits: { perSecond: 10_000, burst: 10_000 } } });
    studio = await buildStudio({ server });
    url = studio.server.url;
    followup = await connectAs(studio.server, studio.admin, 'followup');
    for (const role of ['admin', 'operator', 'leader', 'followup', 'unit'] as const) keys[role] = await createKey(studio.admin, role, apiCommandsFor(role), role === 'unit' ? studio.unitId : null);
    revoked = await createKey(studio.admin, 'followup', ['supervision:list', 'catalogue:get']);
    await ok(studio.admin, 'apiKey:revoke', { commandId: commandId(), apiKeyId: revoked.id });
    narrow = await createKey(studio.admin, 'followup', ['supervision:list'], null, '只读督办');
    onlyCatalogue = await createKey(studio.admin, 'followup', ['catalogue:get'], null, '只读节目');
    const { appeal } = await ok(studio.operator, 'appeal:create', appealInput(studio.episodeId));
    ids = { episodeId: studio.episodeId, appealId: appeal.id };
    doc = (await call(url, { method: 'GET', path: '/api/v1/openapi.json' })).json;
  });
  afterAll(async () => {
    followup?.disconnect();
    await studio?.close();
  });

  /** What a refused call must leave as it was: the episode on disk, the catalogue's commands and audit. */
  const unchanged = () => ({ episode: episodeBytes(studio.server.dataDir, studio.episodeId), commands: Object.keys(studio.server.app.catalogue.data.commands).length, audit: studio.server.app.catalogue.data.audit.length });

  it('serves a valid OpenAPI 3.1 document, without a key, generated from the registry', async () => {
    const response = await call(url, { method: 'GET', path: '/api/v1/openapi.json' });
    expect(response.status).toBe(200);
    expect(response.json.openapi).toMatch(/^3\.1\./);
    // Structure, every $ref and every schema (JSON Schema 2020-12) checked by a validator.
    await expect(SwaggerParser.validate(structuredClone(response.json))).resolves.toBeTruthy();
    const refs = JSON.stringify(response.json).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    const paths = Object.keys(response.json.paths);
    for (const name of apiCommandsFor('admin')) expect(paths).toContain(`/api/v1/commands/${name}`);
    expect(paths).toContain('/api/v1/commands/appeal:create');
    expect(paths.some((p) => p.includes('apiKey:'))).toBe(false);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/episodes', '/api/v1/episodes/{episodeId}', '/api/v1/supervision/items', '/api/v1/reports/annual']));
    expect(response.json.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('every route in the document answers a key allowed to use it (never 404 for the route, never 500)', async () => {
    expect(operations(doc, ids).length).toBeGreaterThan(50);
    for (const op of operations(doc, ids)) {
      const key = op.command ? Object.entries(keys).find(([role]) => COMMANDS[op.command!].roles.includes(role as Role))?.[1]?.key : undefined;
      const response = await call(url, { method: op.method, path: op.path, key, ...(op.method === 'POST' ? { body: {}, idempotencyKey: commandId() } : {}) });
      expect(response.status, `${op.method} ${op.path}`).not.toBe(500);
      expect(response.json?.error?.code, `${op.method} ${op.path}`).not.toBe('UNKNOWN_COMMAND');
      if (response.status >= 400) expect(response.json.error.message, `${op.method} ${op.path}`).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('every route refuses a missing, wrong, revoked or out-of-scope key and a bad body, changing nothing', async () => {
    const before = unchanged();
    for (const op of operations(doc, ids).filter((o) => o.command)) {
      const what = `${op.method} ${op.path}`;
      const body = op.method === 'POST' ? { body: {}, idempotencyKey: commandId() } : {};
      const missing = await call(url, { method: op.method, path: op.path, ...body });
      expect(missing.status, what).toBe(401);
      expect(missing.json, what).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: ERROR_DETAILS.apiKeyMissing } });
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
      for (const wrong of ['zfk_not-a-real-key-000000000000000000000000000', 'some-other-token', keys.admin!.key.slice(0, -1)]) {
        const response = await call(url, { method: op.method, path: op.path, key: wrong, ...body });
        expect(response.status, what).toBe(401);
        expect(response.json.error, what).toEqual({ code: 'UNAUTHORIZED', message: ERROR_DETAILS.apiKeyInvalid });
      }
      const gone = await call(url, { method: op.method, path: op.path, key: revoked.key, ...body });
      expect(gone.status, what).toBe(401);
      expect(gone.json.error, what).toEqual({ code: 'UNAUTHORIZED', message: ERROR_DETAILS.apiKeyRevoked });
      // A bad body (or query) from a key allowed to run it: 400, the field named in Chinese.
      const allowed = Object.entries(keys).find(([role]) => COMMANDS[op.command!].roles.includes(role as Role))![1]!.key;
      const bad =
        op.method === 'POST'
          ? await call(url, { method: 'POST', path: op.path, key: allowed, body: { notAField: true }, idempotencyKey: commandId() })
          : await call(url, { method: 'GET', path: `${op.path}?notAField=1`, key: allowed });
      expect(bad.status, what).toBe(400);
      // The first problem zod finds: the unknown field, or a required one missing before it.
      expect(bad.json.error.code, what).toBe('VALIDATION_FAILED');
      expect(bad.json.error.message, what).toMatch(/^提交的内容不完整或格式不对，请检查后重试：.*(含有系统不认识的字段（notAField）|必须填写)。$/);
      expect(typeof bad.json.error.field, what).toBe('string');
      const scopeKey = op.command === 'supervision:list' ? onlyCatalogue : narrow;
      const outside = await call(url, { method: op.method, path: op.path, key: scopeKey.key, ...body });
      expect(outside.status, what).toBe(403);
      expect(outside.json.error, what).toEqual({ code: 'FORBIDDEN', message: ERROR_DETAILS.apiKeyOutOfScope(op.command!) });
    }
    expect(unchanged()).toEqual(before);
  });

  it('bad bodies get 400 with a Chinese sentence and the field, changing nothing', async () => {
    const before = unchanged();
    const operator = keys.operator!.key;
    const path = '/api/v1/commands/appeal:create';
    const valid = appealInput(studio.episodeId);
    const { commandId: _ignored, ...body } = valid as Record<string, unknown>;

    const wrongType = await call(url, { method: 'POST', path, key: operator, idempotencyKey: commandId(), body: { ...body, summary: 12345 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'summary', message: '提交的内容不完整或格式不对，请检查后重试：诉求摘要格式不对。' });

    const { summary: _s, ...noSummary } = body;
    const missing = await call(url, { method: 'POST', path, key: operator, idempotencyKey: commandId(), body: noSummary });
    expect(missing.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'summary', message: '提交的内容不完整或格式不对，请检查后重试：诉求摘要必须填写。' });

    const extra = await call(url, { method: 'POST', path, key: operator, idempotencyKey: commandId(), body: { ...body, isAdmin: true } });
    expect(extra.json.error.message).toBe('提交的内容不完整或格式不对，请检查后重试：提交内容含有系统不认识的字段（isAdmin）。');

    const noIdempotencyKey = await call(url, { method: 'POST', path, key: operator, body });
    expect(noIdempotencyKey.status).toBe(400);
    expect(noIdempotencyKey.json.error).toEqual({ code: 'VALIDATION_FAILED', message: ERROR_DETAILS.apiIdempotencyKeyMissing, field: 'Idempotency-Key' });
    const badIdempotencyKey = await call(url, { method: 'POST', path, key: operator, idempotencyKey: 'x y', body });
    expect(badIdempotencyKey.json.error).toEqual({ code: 'VALIDATION_FAILED', message: ERROR_DETAILS.apiIdempotencyKeyBad, field: 'Idempotency-Key' });
    const mismatch = await call(url, { method: 'POST', path, key: operator, idempotencyKey: commandId(), body: { ...body, commandId: commandId() } });
    expect(mismatch.json.error).toEqual({ code: 'VALIDATION_FAILED', message: ERROR_DETAILS.apiCommandIdMismatch, field: 'commandId' });

    const notJson = await call(url, { method: 'POST', path, key: operator, idempotencyKey: commandId(), body: 'summary=x', headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error).toEqual({ code: 'VALIDATION_FAILED', message: ERROR_DETAILS.apiNotJson });
    const brokenJson = await call(url, { method: 'POST', path, key: operator, idempotencyKey: commandId(), body: '{"summary":' });
    expect(brokenJson.status).toBe(400);
    expect(brokenJson.json.error.code).toBe('VALIDATION_FAILED');

    const badQuery = await call(url, { method: 'GET', path: '/api/v1/reports/annual?year=1999', key: keys.followup!.key });
    expect(badQuery.status).toBe(400);
    expect(badQuery.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'year', message: '提交的内容不完整或格式不对，请检查后重试：年份不能小于 2000。' });

    const unknown = await call(url, { method: 'POST', path: '/api/v1/commands/apiKey:create', key: keys.admin!.key, idempotencyKey: commandId(), body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toEqual({ code: 'UNKNOWN_COMMAND', message: ERROR_DETAILS.apiUnknownRoute });
    expect((await call(url, { method: 'GET', path: '/api/v1/nothing-here', key: keys.admin!.key })).status).toBe(404);
    expect(unchanged()).toEqual(before);
  });

  it('a change is on disk when its 200 arrives; the same Idempotency-Key twice changes nothing twice and answers the same; the audit names the key', async () => {
    const key = commandId();
    const { commandId: _ignored, ...body } = appealInput(studio.episodeId, { summary: '接口录入：路灯不亮' }) as Record<string, unknown>;
    const first = await call(url, { method: 'POST', path: '/api/v1/commands/appeal:create', key: keys.operator!.key, idempotencyKey: key, body });
    // Read the disk the moment the answer is here.
    const onDisk = episodeOnDisk(studio.server.dataDir, studio.episodeId);
    expect(first.status).toBe(200);
    const appealId = first.json.data.appeal.id;
    expect(onDisk.state.appeals[appealId].summary).toBe('接口录入：路灯不亮');
    const event = onDisk.events.find((e) => e.commandId === key)!;
    expect(event.actor).toEqual({ accountId: `apikey:${keys.operator!.id}`, name: '接口：operator系统', role: 'operator' });

    const seqBefore = studio.server.app.studio.state(studio.episodeId).seq;
    const again = await call(url, { method: 'POST', path: '/api/v1/commands/appeal:create', key: keys.operator!.key, idempotencyKey: key, body });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(studio.server.app.studio.state(studio.episodeId).seq).toBe(seqBefore);
    expect(Object.values(studio.server.app.studio.state(studio.episodeId).appeals).filter((a: any) => a.summary === '接口录入：路灯不亮')).toHaveLength(1);
    // The same key for another body is a mistake, refused.
    const reused = await call(url, { method: 'POST', path: '/api/v1/commands/appeal:create', key: keys.operator!.key, idempotencyKey: key, body: { ...body, summary: '别的内容' } });
    expect(reused.status).toBe(409);
    expect(reused.json.error.code).toBe('COMMAND_ID_REUSED');

    // A catalogue change is audited under the key too.
    const unit = await call(url, { method: 'POST', path: '/api/v1/commands/unit:save', key: keys.admin!.key, idempotencyKey: commandId(), body: { name: '市水务局', kind: 'department', level: '市级' } });
    expect(unit.status).toBe(200);
    const entry = studio.server.app.catalogue.data.audit.at(-1)!;
    expect(entry).toMatchObject({ command: 'unit:save', actor: { accountId: `apikey:${keys.admin!.id}`, name: '接口：admin系统', role: 'admin' } });

    // The admin sees the calls and the last use.
    const { apiKeys } = await ok(studio.admin, 'apiKey:list', {});
    const operatorKey = apiKeys.find((k: any) => k.id === keys.operator!.id);
    expect(operatorKey.calls).toBeGreaterThanOrEqual(2);
    expect(operatorKey.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(apiKeys)).not.toContain(keys.operator!.key);
    expect(JSON.stringify(apiKeys)).not.toMatch(/keyHash/);
  });

  it('friendly reads answer what the socket commands answer, projected for the key role', async () => {
    const episodes = await call(url, { method: 'GET', path: '/api/v1/episodes', key: keys.followup!.key });
    expect(episodes.status).toBe(200);
    expect(episodes.json.data.episodes.map((e: any) => e.id)).toContain(studio.episodeId);
    const state = await call(url, { method: 'GET', path: `/api/v1/episodes/${studio.episodeId}`, key: keys.followup!.key });
    expect(state.status).toBe(200);
    expect(state.json.ok).toBe(true);
    const ghost = await call(url, { method: 'GET', path: '/api/v1/episodes/no-such-episode', key: keys.followup!.key });
    expect(ghost.status).toBe(404);
    expect(ghost.json.error.code).toBe('EPISODE_NOT_FOUND');
    const items = await call(url, { method: 'GET', path: '/api/v1/supervision/items?summaryOnly=true', key: keys.followup!.key });
    expect(items.status).toBe(200);
    const socketAnswer = await ok(followup, 'supervision:list', { summaryOnly: true });
    expect(items.json.data).toEqual(socketAnswer);
    const annual = await call(url, { method: 'GET', path: '/api/v1/reports/annual?year=2025', key: keys.followup!.key });
    expect(annual.status).toBe(200);
  });

  it('a key revoked on /admin is refused from its next call on', async () => {
    const key = await createKey(studio.admin, 'followup', ['catalogue:get'], null, '即将停用');
    expect((await call(url, { method: 'GET', path: '/api/v1/episodes', key: key.key })).status).toBe(200);
    const { apiKey } = await ok(studio.admin, 'apiKey:revoke', { commandId: commandId(), apiKeyId: key.id });
    expect(apiKey.revokedAt).not.toBeNull();
    const after = await call(url, { method: 'GET', path: '/api/v1/episodes', key: key.key });
    expect(after.status).toBe(401);
    expect(after.json.error.message).toBe(ERROR_DETAILS.apiKeyRevoked);
  });

  it('a key is shown once: a retried apiKey:create answers the same key record without the secret', async () => {
    const id = commandId();
    const payload = { commandId: id, label: '重试密钥', role: 'followup' as const, unitId: null, scope: ['catalogue:get'] };
    const first = await ok(studio.admin, 'apiKey:create', payload);
    const retry = await ok(studio.admin, 'apiKey:create', payload);
    expect(first.key).toMatch(/^zfk_/);
    expect(retry.key).toBeNull();
    expect(retry.apiKey.id).toBe(first.apiKey.id);
    const stored = studio.server.app.catalogue.data.apiKeys![first.apiKey.id]!;
    expect(JSON.stringify(studio.server.app.catalogue.data)).not.toContain(first.key);
    expect(stored.keyHash).not.toBe(first.key);
  });
});

describe('throttling per key', () => {
  it('answers 429 with Retry-After past the burst, and the key works again after waiting', async () => {
    const server = await startServer({ config: { apiKeyLimits: { perSecond: 2, burst: 3 } } });
    try {
      const admin = await connectWithCookie(server.url, await login(server.url, 'admin', ADMIN_PASSWORD));
      const { key, id } = await createKey(admin, 'followup', ['catalogue:get']);
      const statuses: number[] = [];
      let limited: Awaited<ReturnType<typeof call>> | null = null;
      for (let i = 0; i < 5; i++) {
        const response = await call(server.url, { method: 'GET', path: '/api/v1/episodes', key });
        statuses.push(response.status);
        if (response.status === 429) limited = response;
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses).toContain(429);
      expect(limited!.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(limited!.json.error).toEqual({ code: 'RATE_LIMITED', message: ERROR_DETAILS.apiThrottled(Number(limited!.headers.get('retry-after'))) });
      await new Promise((resolve) => setTimeout(resolve, Number(limited!.headers.get('retry-after')) * 1000));
      expect((await call(server.url, { method: 'GET', path: '/api/v1/episodes', key })).status).toBe(200);
      admin.disconnect();
      // The last use is kept in memory and written coarsely: at the latest when the server stops.
      expect(JSON.parse(readFileSync(join(server.dataDir, 'catalogue.json'), 'utf8')).apiKeys[id].lastUsedAt).toBeNull();
      await server.stop();
      expect(JSON.parse(readFileSync(join(server.dataDir, 'catalogue.json'), 'utf8')).apiKeys[id].lastUsedAt).toMatch(/^\d{4}-/);
    } finally {
      await server.stop().catch(() => undefined);
      await removeDataDir(server.dataDir);
    }
  });
});
