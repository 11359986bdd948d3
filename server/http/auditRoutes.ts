import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { auditCsv } from '../../shared/domain/auditTrail';
import { ERROR_MESSAGES, validationFailed } from '../../shared/domain/errors';
import { AuditSearch } from '../../shared/protocol/audit';
import { parsePayload } from '../../shared/protocol/validationMessage';
import type { AuditService } from '../services/auditService';
import type { SessionService } from '../services/sessionService';
import { sessionTokenFrom } from './cookies';

/**
 * 操作审计 for the admin: GET /api/admin/audit (a page of matches, JSON) and GET
 * /api/admin/audit.csv (every match, for Excel). The session cookie must be an admin's.
 */
export function auditRoutes({ sessions, audit, logger }: { sessions: SessionService; audit: AuditService; logger: Logger }): Router {
  const router = Router();
  // One search at a time: each may read every episode's log from disk.
  let running: Promise<unknown> = Promise.resolve();

  const guarded = (answer: (req: Request, res: Response, input: ReturnType<typeof AuditSearch.parse>) => Promise<unknown>) => async (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    const found = await sessions.findSession(sessionTokenFrom(req.headers.cookie));
    if (!found) return res.status(401).json({ ok: false, error: { code: 'UNAUTHORIZED', message: ERROR_MESSAGES.UNAUTHORIZED } });
    if (found.account.role !== 'admin') return res.status(403).json({ ok: false, error: { code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN } });
    const parsed = parsePayload(AuditSearch, req.query);
    if (!parsed.ok) return res.status(400).json({ ok: false, error: { code: 'VALIDATION_FAILED', message: validationFailed(parsed.message), field: parsed.field } });
    const turn = running.then(() => answer(req, res, parsed.data));
    running = turn.catch(() => undefined);
    try {
      await turn;
    } catch (err) {
      logger.error({ err }, 'audit search failed');
      if (!res.headersSent) res.status(500).json({ ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } });
    }
  };

  router.get(
    '/api/admin/audit',
    guarded(async (_req, res, input) => {
      res.json({ ok: true, data: await audit.search(input) });
    }),
  );
  router.get(
    '/api/admin/audit.csv',
    guarded(async (_req, res, input) => {
      const { entries, truncated } = await audit.matches(input);
      res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('操作审计')}.csv`);
      if (truncated) res.setHeader('X-Audit-Truncated', 'true');
      res.type('text/csv; charset=utf-8').send(auditCsv(entries));
    }),
  );
  return router;
}
