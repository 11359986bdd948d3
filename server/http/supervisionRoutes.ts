import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { DomainError, ERROR_MESSAGES } from '../../shared/domain/errors';
import { SupervisionDetail, SupervisionList } from '../../shared/protocol/commands';
import type { Role } from '../../shared/domain/types';
import type { CommandName } from '../../shared/protocol/registry';
import { mayRun } from '../../shared/protocol/permissions';
import { parsePayload } from '../../shared/protocol/validationMessage';
import { audienceOf, projectResult } from '../realtime/projection';
import type { SessionService } from '../services/sessionService';
import type { SupervisionService } from '../services/supervisionService';
import { sessionTokenFrom } from './cookies';

const STATUS_OF: Partial<Record<string, number>> = { UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, APPEAL_NOT_FOUND: 404, EPISODE_NOT_FOUND: 404, VALIDATION_FAILED: 400, INTERNAL: 500, STORAGE_FAILED: 503 };

/**
 * Read access to supervised items over HTTP (exports, links from other systems), with exactly the
 * rules of the socket commands: the same schemas, role table, unit scope and projection.
 */
export function supervisionRoutes({ sessions, supervision, logger }: { sessions: SessionService; supervision: SupervisionService; logger: Logger }): Router {
  const router = Router();

  const handle = (command: CommandName, read: (actor: { role: Role; unitId: string | null; name: string }, req: Request) => unknown) => async (req: Request, res: Response) => {
    const found = await sessions.findSession(sessionTokenFrom(req.headers.cookie));
    const fail = (code: keyof typeof ERROR_MESSAGES, message?: string) => res.status(STATUS_OF[code] ?? 409).json({ ok: false, error: { code, message: message ?? ERROR_MESSAGES[code] } });
    if (!found) return fail('UNAUTHORIZED');
    const { account } = found;
    if (!mayRun(account.role, command)) return fail('FORBIDDEN');
    try {
      const data = await read({ role: account.role, unitId: account.unitId, name: account.displayName }, req);
      res.json({ ok: true, data: projectResult(command, audienceOf(account.role), data) });
    } catch (error) {
      if (error instanceof DomainError) return fail(error.code, error.message);
      logger.error({ err: error }, 'supervision read failed');
      fail('INTERNAL');
    }
  };

  router.get(
    '/api/supervision',
    handle('supervision:list', (actor, req) => {
      // A query string carries text only: the one flag is turned back into a boolean before the shared schema sees it.
      const query = { ...req.query, ...(req.query.summaryOnly !== undefined ? { summaryOnly: req.query.summaryOnly === 'true' } : {}) };
      const parsed = parsePayload(SupervisionList, query);
      if (!parsed.ok) throw new DomainError('VALIDATION_FAILED', parsed.message, { field: parsed.field });
      return supervision.list(parsed.data, actor);
    }),
  );
  router.get(
    '/api/supervision/:episodeId/:appealId',
    handle('supervision:detail', (actor, req) => {
      const parsed = parsePayload(SupervisionDetail, { episodeId: req.params.episodeId, appealId: req.params.appealId });
      if (!parsed.ok) throw new DomainError('VALIDATION_FAILED', parsed.message, { field: parsed.field });
      return supervision.detail(parsed.data, actor);
    }),
  );
  return router;
}
