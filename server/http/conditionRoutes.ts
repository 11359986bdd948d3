import { Router } from 'express';
import { ERROR_MESSAGES } from '../../shared/domain/errors';
import type { SystemConditionView } from '../../shared/protocol/condition';
import type { Readiness } from '../services/readiness';
import type { SessionService } from '../services/sessionService';
import type { Store } from '../store/store';
import { sessionTokenFrom } from './cookies';

/**
 * `GET /api/admin/condition`: the installation's own state for the admin screen (can it take
 * commands, free space, files set aside at start). Admins only: it names files and disk sizes.
 */
export function conditionRoutes({ sessions, readiness, store }: { sessions: SessionService; readiness: Readiness; store: Store }): Router {
  const router = Router();
  router.get('/api/admin/condition', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const found = await sessions.findSession(sessionTokenFrom(req.headers.cookie));
    if (!found) return res.status(401).json({ ok: false, error: { code: 'UNAUTHORIZED', message: ERROR_MESSAGES.UNAUTHORIZED } });
    if (found.account.role !== 'admin') return res.status(403).json({ ok: false, error: { code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN } });
    const [report, storage] = await Promise.all([readiness.check(), readiness.storageStatus().catch(() => null)]);
    const view: SystemConditionView = { ready: report.ready, reasons: report.reasons, storage, damaged: store.damaged?.() ?? [] };
    res.json({ ok: true, data: view });
  });
  return router;
}
