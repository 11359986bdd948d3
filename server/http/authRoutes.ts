import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ERROR_MESSAGES } from '../../shared/domain/errors';
import { LoginBody } from '../../shared/protocol/commands';
import { parsePayload } from '../../shared/protocol/validationMessage';
import { endSessionSockets } from '../realtime/attachRealtime';
import type { AppServer } from '../realtime/types';
import { DISPLAY_SESSION_DAYS, SESSION_HOURS, toAccountView, type CatalogueService } from '../services/catalogueService';
import { clearedSessionCookie, sessionCookie, sessionTokenFrom } from './cookies';

export interface AuthRouteOptions {
  catalogue: CatalogueService;
  io: AppServer;
  secureCookies: boolean;
  /** Login attempts per IP per 15 minutes. */
  loginAttempts: number;
}

/** Login, logout, who-am-I, and the big screen's display link. */
export function authRoutes({ catalogue, io, secureCookies, loginAttempts }: AuthRouteOptions): Router {
  const router = Router();
  const loginLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: loginAttempts,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Only failures count: a whole studio crew behind one address logs in at the start of a show.
    skipSuccessfulRequests: true,
    handler: (_req, res) => res.status(429).json({ ok: false, error: { code: 'RATE_LIMITED', message: ERROR_MESSAGES.RATE_LIMITED } }),
  });

  router.post('/api/login', loginLimiter, async (req, res) => {
    const parsed = parsePayload(LoginBody, req.body);
    if (!parsed.ok) {
      const { message, field } = parsed;
      return res.status(400).json({ ok: false, error: { code: 'VALIDATION_FAILED', message: `${ERROR_MESSAGES.VALIDATION_FAILED.slice(0, -1)}：${message}`, field } });
    }
    const found = await catalogue.login(parsed.data.username, parsed.data.password);
    if (!found) return res.status(401).json({ ok: false, error: { code: 'LOGIN_FAILED', message: ERROR_MESSAGES.LOGIN_FAILED } });
    res.setHeader('Set-Cookie', sessionCookie(found.token, SESSION_HOURS * 3600, secureCookies));
    res.json({ ok: true, data: { account: toAccountView(found.account) } });
  });

  router.post('/api/logout', async (req, res) => {
    const found = await catalogue.findSession(sessionTokenFrom(req.headers.cookie));
    if (found) {
      await catalogue.endSession(found.session.id);
      endSessionSockets(io, found.session.id, '您已退出登录。');
    }
    res.setHeader('Set-Cookie', clearedSessionCookie(secureCookies));
    res.json({ ok: true, data: null });
  });

  router.get('/api/me', async (req, res) => {
    const found = await catalogue.findSession(sessionTokenFrom(req.headers.cookie));
    if (!found) return res.status(401).json({ ok: false, error: { code: 'UNAUTHORIZED', message: ERROR_MESSAGES.UNAUTHORIZED } });
    res.json({ ok: true, data: { account: toAccountView(found.account) } });
  });

  router.get('/display/:key', loginLimiter, async (req, res) => {
    const token = await catalogue.openDisplayLink(String(req.params.key));
    if (!token) return res.status(404).type('text/plain; charset=utf-8').send('大屏链接无效或已停用，请向节目管理员索取新的链接。');
    res.setHeader('Set-Cookie', sessionCookie(token, DISPLAY_SESSION_DAYS * 86400, secureCookies));
    res.redirect(303, '/screen');
  });

  return router;
}
