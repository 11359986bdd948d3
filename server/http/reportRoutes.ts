import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { tableToCsv } from '../../shared/domain/annualTable';
import { DomainError, ERROR_MESSAGES } from '../../shared/domain/errors';
import { ReportsAnnual } from '../../shared/protocol/commands';
import { mayRun } from '../../shared/protocol/permissions';
import { parsePayload } from '../../shared/protocol/validationMessage';
import { annualWorkbook } from '../reports/annualXlsx';
import type { SessionService } from '../services/sessionService';
import type { ReportsService } from '../services/reportsService';
import { sessionTokenFrom } from './cookies';

/**
 * Report exports (JSON, CSV, XLSX) for staff, and the public read-only page data of an episode
 * (published hotspots and policy Q&A only; no login, nothing about any caller).
 */
export function reportRoutes({ sessions, reports, logger }: { sessions: SessionService; reports: ReportsService; logger: Logger }): Router {
  const router = Router();
  const fail = (res: Response, status: number, code: keyof typeof ERROR_MESSAGES, message?: string) =>
    res.status(status).json({ ok: false, error: { code, message: message ?? ERROR_MESSAGES[code] } });

  router.get('/api/reports/annual', async (req: Request, res: Response) => {
    const found = await sessions.findSession(sessionTokenFrom(req.headers.cookie));
    if (!found) return fail(res, 401, 'UNAUTHORIZED');
    if (!mayRun(found.account.role, 'reports:annual')) return fail(res, 403, 'FORBIDDEN');
    const parsed = parsePayload(ReportsAnnual, { year: req.query.year, satisfaction: req.query.satisfaction });
    if (!parsed.ok) return fail(res, 400, 'VALIDATION_FAILED', parsed.message);
    const layout = req.query.layout === 'suqian' ? 'suqian' : 'xuzhou';
    await reports.prepare();
    const report = reports.annual(parsed.data.year, parsed.data.satisfaction);
    const name = encodeURIComponent(`${report.year}年政风热线管理运行`);
    try {
      switch (req.query.format) {
        case 'csv':
          res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${name}.csv`);
          return res.type('text/csv; charset=utf-8').send(tableToCsv(report[layout]));
        case 'xlsx':
          res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${name}.xlsx`);
          return res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await annualWorkbook([report.xuzhou, report.suqian]));
        default:
          return res.json({ ok: true, data: report });
      }
    } catch (error) {
      logger.error({ err: error }, 'annual report export failed');
      return fail(res, 500, 'INTERNAL');
    }
  });

  router.get('/api/public/episodes/:episodeId', (req: Request, res: Response) => {
    try {
      res.json({ ok: true, data: reports.publicEpisode(String(req.params.episodeId)) });
    } catch (error) {
      if (error instanceof DomainError) return fail(res, 404, 'EPISODE_NOT_FOUND');
      logger.error({ err: error }, 'public episode failed');
      return fail(res, 500, 'INTERNAL');
    }
  });
  return router;
}
