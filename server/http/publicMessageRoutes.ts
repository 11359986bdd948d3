import { ERROR_MESSAGES } from '../../shared/domain/errors';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { ONLINE_MESSAGE_REFUSALS } from '../../shared/domain/onlineMessages';
import type { CatalogueService } from '../services/catalogueService';
import type { Clock } from '../services/clock';
import { OnlineMessages, type Answer, type OnlineMessageOptions } from '../services/onlineMessages';
import type { StudioService } from '../services/studioService';

/**
 * The public message page's API (no login, no cookie): the episode and its categories, a
 * proof-of-work challenge, leaving a message, and looking a receipt up. The page itself is the
 * built client (/liuyan, /liuyan/<episodeId>, /liuyan/chaxun), served by clientRoutes.
 *
 * | route | answer |
 * |---|---|
 * | `GET /api/public/messages/current` | `{ episodeId }` of the live, else next planned episode; 404 when none |
 * | `GET /api/public/messages/:episodeId` | `MessageFormData`: the episode, whether it takes messages, the categories |
 * | `GET /api/public/messages/altcha/challenge` | an ALTCHA v2 challenge (PBKDF2/SHA-256, signed, expires in 10 min) |
 * | `POST /api/public/messages/:episodeId` | `PublicMessageBody` → `201 { receipt, receivedAt, duplicate: false }` once on disk; `200 … duplicate: true` for the same message again; 400 (fields), 404, 409 ended, 429, 503 |
 * | `POST /api/public/receipts` | `{ code, last4 }` → `{ status, label }`, or 404 (unknown code and wrong digits alike), 400, 429 |
 */
export function publicMessageRoutes({
  studio,
  catalogue,
  clock,
  logger,
  options,
}: {
  studio: StudioService;
  catalogue: CatalogueService;
  clock: Clock;
  logger: Logger;
  options?: OnlineMessageOptions;
}): Router {
  const messages = new OnlineMessages(studio, catalogue, clock, logger, options);
  const router = Router();
  const ipOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
  // The answer written as it is: res.json would look up the app's JSON settings, hash the body for an
  // ETag (pointless with no-store, on a POST) and go through res.send; this is one stringify and one end.
  const send = <T>(res: Response, answer: Answer<T>) => {
    const body = JSON.stringify(answer.body);
    res.statusCode = answer.status;
    res.setHeader('Cache-Control', 'no-store');
    if (answer.retryAfterMs) res.setHeader('Retry-After', String(Math.ceil(answer.retryAfterMs / 1000)));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  };
  const guard = (name: string, handler: (req: Request, res: Response) => Promise<void> | void) => async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (error) {
      logger.error({ err: error }, `${name} failed`);
      if (!res.headersSent) res.status(500).json({ ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } });
    }
  };

  router.get(
    '/api/public/messages/current',
    guard('current programme', (_req, res) => {
      const episodeId = messages.currentEpisodeId();
      res.setHeader('Cache-Control', 'no-store');
      if (!episodeId) res.status(404).json({ ok: false, error: { code: 'EPISODE_NOT_FOUND', message: ONLINE_MESSAGE_REFUSALS.noCurrent } });
      else res.json({ ok: true, data: { episodeId } });
    }),
  );

  router.get(
    '/api/public/messages/altcha/challenge',
    guard('altcha challenge', async (req, res) => send(res, await messages.challenge(ipOf(req)))),
  );

  router.get(
    '/api/public/messages/:episodeId',
    guard('message form', (req, res) => {
      const data = messages.formData(String(req.params.episodeId));
      res.setHeader('Cache-Control', 'no-store');
      if (!data) res.status(404).json({ ok: false, error: { code: 'EPISODE_NOT_FOUND', message: ONLINE_MESSAGE_REFUSALS.noEpisode } });
      else res.json({ ok: true, data });
    }),
  );

  router.post(
    '/api/public/messages/:episodeId',
    guard('online message', async (req, res) => send(res, await messages.submit(String(req.params.episodeId), req.body, ipOf(req)))),
  );

  router.post(
    '/api/public/receipts',
    guard('receipt lookup', (req, res) => send(res, messages.lookup(req.body, ipOf(req)))),
  );
  return router;
}
