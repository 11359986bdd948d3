import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { ERROR_DETAILS, type CommandError, type ErrorCode } from '../../../shared/domain/errors';
import { CommandId } from '../../../shared/protocol/commands';
import type { Ack } from '../../../shared/protocol/events';
import { API_COMMAND_NAMES, type CommandName } from '../../../shared/protocol/registry';
import type { Metrics } from '../../metrics/metrics';
import type { CommandDefinition } from '../../realtime/command';
import { EncodedReply } from '../../realtime/encodedAck';
import type { ApiKeyRecord, ApiKeyService } from '../../services/apiKeys';
import type { Clock } from '../../services/clock';
import { API_PREFIX, API_READS, buildOpenApi, isChangeCommand, type ApiRead } from './openapi';

/** The HTTP status of every refusal code (the body is the socket's ack envelope, as it is). */
export const STATUS_OF: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  LOGIN_FAILED: 401,
  FORBIDDEN: 403,
  UNKNOWN_COMMAND: 404,
  NOT_FOUND: 404,
  EPISODE_NOT_FOUND: 404,
  APPEAL_NOT_FOUND: 404,
  PROTOCOL_OUTDATED: 409,
  EPISODE_NOT_LIVE: 409,
  EPISODE_ENDED: 409,
  EPISODE_ALREADY_LIVE: 409,
  ILLEGAL_TRANSITION: 409,
  ANOTHER_ON_AIR: 409,
  QUEUE_MISMATCH: 409,
  CONFLICT: 409,
  DUPLICATE: 409,
  COMMAND_ID_REUSED: 409,
  RATE_LIMITED: 429,
  TOO_MANY_PENDING: 429,
  SYNC_TOO_FREQUENT: 429,
  STORAGE_FAILED: 503,
  STORAGE_FULL: 503,
  BUSY: 503,
  CONNECTION_TOO_SLOW: 503,
  INTERNAL: 500,
};

function statusOf(code: string): number {
  return (STATUS_OF as Record<string, number>)[code] ?? 409;
}

export interface ApiDeps {
  commands: readonly CommandDefinition[];
  apiKeys: ApiKeyService;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
}

/**
 * /api/v1: the commands of the registry over HTTP, for other systems with an API key
 * (docs/integration.md). Each call runs the very command definition the socket runs (role, schema,
 * durable and idempotent handling, projection): only the transport differs. Order of checks: the
 * key (401), its throttle (429), the route (404), the key's scope (403), the Idempotency-Key of a
 * change (400), then the command itself (400 bad body, 403 role, 404, 409, 503…).
 */
export function apiRoutes({ commands, apiKeys, clock, logger, metrics }: ApiDeps): Router {
  const router = Router();
  const byName = new Map<string, CommandDefinition>(commands.filter((c) => (API_COMMAND_NAMES as string[]).includes(c.name)).map((c) => [c.name, c]));
  const document = JSON.stringify(buildOpenApi([...byName.keys()] as CommandName[]));

  // Public: an integrator reads it before having a key.
  router.get(`${API_PREFIX}/openapi.json`, (_req, res) => {
    res.type('application/json').send(document);
  });

  const refuse = (res: Response, status: number, error: CommandError, key?: ApiKeyRecord, command: CommandName | null = null) => {
    if (key) apiKeys.note(key, { method: res.req.method, path: res.req.path, command, status, code: error.code });
    res.status(status).json({ ok: false, error });
  };

  router.use(API_PREFIX, (req, res, next) => {
    const found = apiKeys.authenticate(req.get('authorization'));
    if (!found.ok) {
      const message = found.reason === 'missing' ? ERROR_DETAILS.apiKeyMissing : found.reason === 'revoked' ? ERROR_DETAILS.apiKeyRevoked : ERROR_DETAILS.apiKeyInvalid;
      res.set('WWW-Authenticate', 'Bearer realm="zfrx-api"');
      return refuse(res, 401, { code: 'UNAUTHORIZED', message });
    }
    const waitMs = apiKeys.take(found.key.id);
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      res.set('Retry-After', String(seconds));
      return refuse(res, 429, { code: 'RATE_LIMITED', message: ERROR_DETAILS.apiThrottled(seconds) }, found.key);
    }
    res.locals.apiKey = found.key;
    next();
  });

  /** Run one command for the key and answer with its envelope. */
  const answer = async (req: Request, res: Response, name: CommandName, payload: unknown, pick?: (data: any) => unknown) => {
    const key = res.locals.apiKey as ApiKeyRecord;
    const command = byName.get(name);
    if (!command) return refuse(res, 404, { code: 'UNKNOWN_COMMAND', message: ERROR_DETAILS.apiUnknownRoute }, key);
    if (!key.scope.includes(name)) return refuse(res, 403, { code: 'FORBIDDEN', message: ERROR_DETAILS.apiKeyOutOfScope(name) }, key, name);
    let body = payload;
    let commandId: string | undefined;
    if (isChangeCommand(name)) {
      // The rule: a change's commandId is the Idempotency-Key header (required); a body may repeat it, never differ.
      const header = req.get('idempotency-key');
      if (header === undefined) return refuse(res, 400, { code: 'VALIDATION_FAILED', message: ERROR_DETAILS.apiIdempotencyKeyMissing, field: 'Idempotency-Key' }, key, name);
      if (!CommandId.safeParse(header).success) return refuse(res, 400, { code: 'VALIDATION_FAILED', message: ERROR_DETAILS.apiIdempotencyKeyBad, field: 'Idempotency-Key' }, key, name);
      commandId = header;
      if (isPlainObject(body)) {
        if (body.commandId !== undefined && body.commandId !== header) return refuse(res, 400, { code: 'VALIDATION_FAILED', message: ERROR_DETAILS.apiCommandIdMismatch, field: 'commandId' }, key, name);
        body = { ...body, commandId: header };
      }
    }
    const response: Ack<unknown> | EncodedReply = await command.execute(apiKeys.callerOf(key), body, { clock, logger, metrics });
    const envelope = response instanceof EncodedReply ? response.envelope : response;
    const status = envelope.ok ? 200 : statusOf(envelope.error.code);
    apiKeys.note(key, { method: req.method, path: req.path, command: name, status, ...(envelope.ok ? {} : { code: envelope.error.code }), ...(commandId ? { commandId } : {}) });
    if (envelope.ok && pick) return res.status(200).json({ ok: true, data: pick(envelope.data) });
    // A shared snapshot is already encoded: sent as it is.
    if (response instanceof EncodedReply) return res.status(200).type('application/json').send(response.json);
    res.status(status).json(envelope);
  };

  router.post(`${API_PREFIX}/commands/:name`, async (req, res, next) => {
    try {
      // A body in another format is refused before the command sees "every field missing".
      const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
      if (hasBody && !req.is('application/json')) return refuse(res, 400, { code: 'VALIDATION_FAILED', message: ERROR_DETAILS.apiNotJson }, res.locals.apiKey);
      await answer(req, res, req.params.name as CommandName, req.body ?? {});
    } catch (error) {
      next(error);
    }
  });

  for (const read of API_READS) {
    router.get(`${API_PREFIX}${read.expressPath}`, async (req, res, next) => {
      try {
        await answer(req, res, read.command, payloadOf(read, req), read.pick);
      } catch (error) {
        next(error);
      }
    });
  }

  router.use(API_PREFIX, (req, res) => refuse(res, 404, { code: 'UNKNOWN_COMMAND', message: ERROR_DETAILS.apiUnknownRoute }, res.locals.apiKey));
  return router;
}

/** A read's payload from its path and query: text, with the schema's booleans and numbers turned back (the schema checks them). */
function payloadOf(read: ApiRead, req: Request): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(req.query)) {
    const kind = read.query[name];
    if (kind === 'boolean' && (value === 'true' || value === 'false')) payload[name] = value === 'true';
    else if (kind === 'number' && typeof value === 'string' && /^-?\d+$/.test(value)) payload[name] = Number(value);
    else payload[name] = value;
  }
  for (const [name, value] of Object.entries(req.params)) payload[name] = value;
  return payload;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

