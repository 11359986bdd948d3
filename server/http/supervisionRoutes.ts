import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { DomainError, ERROR_MESSAGES, validationFailed } from '../../shared/domain/errors';
import { DUE_WORDS, ledgerTime, STATUS_WORDS } from '../../shared/domain/supervisionLedger';
import type { SupervisionListInput } from '../../shared/protocol/commands';
import { supervisionLedgerWorkbook } from '../reports/supervisionLedgerXlsx';
import type { CatalogueService } from '../services/catalogueService';
import type { Clock } from '../services/clock';
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
export function supervisionRoutes({ sessions, supervision, catalogue, clock, logger }: { sessions: SessionService; supervision: SupervisionService; catalogue: CatalogueService; clock: Clock; logger: Logger }): Router {
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
  // 督办台账: the items of the list as filtered on /followup, one row each, as an Excel workbook.
  router.get('/api/supervision.xlsx', async (req: Request, res: Response) => {
    const found = await sessions.findSession(sessionTokenFrom(req.headers.cookie));
    const fail = (status: number, code: keyof typeof ERROR_MESSAGES, message?: string, field?: string) => res.status(status).json({ ok: false, error: { code, message: message ?? ERROR_MESSAGES[code], field } });
    if (!found) return fail(401, 'UNAUTHORIZED');
    const { account } = found;
    if (!mayRun(account.role, 'supervision:list')) return fail(403, 'FORBIDDEN');
    const parsed = parsePayload(SupervisionList, req.query);
    if (!parsed.ok) return fail(400, 'VALIDATION_FAILED', validationFailed(parsed.message), parsed.field);
    try {
      const { items } = supervision.list({ ...parsed.data, summaryOnly: false }, { role: account.role, unitId: account.unitId, name: account.displayName });
      const units = catalogue.data.units;
      const title = `督办台账（${ledgerFilterWords(parsed.data, (id) => units[id]?.name ?? id)}，${ledgerTime(clock.now().toISOString())} 导出，共 ${items.length} 件）`;
      const body = await supervisionLedgerWorkbook(items, (id) => units[id]?.name ?? id, title);
      res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('督办台账')}.xlsx`);
      res.set('Cache-Control', 'no-store').type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(body);
    } catch (error) {
      if (error instanceof DomainError) return fail(STATUS_OF[error.code] ?? 409, error.code, error.message);
      logger.error({ err: error }, 'supervision ledger export failed');
      fail(500, 'INTERNAL');
    }
  });
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

/** The filter in words, for the ledger's title row: 全部 when none. */
function ledgerFilterWords(input: SupervisionListInput, unitName: (id: string) => string): string {
  const words = [
    input.unitId ? `承办单位：${unitName(input.unitId)}` : null,
    input.episodeId ? `节目：${input.episodeId}` : null,
    input.status ? `状态：${STATUS_WORDS[input.status]}` : null,
    input.due ? `期限：${DUE_WORDS[input.due]}` : null,
  ].filter(Boolean);
  return words.length ? words.join('，') : '全部督办事项';
}
