import { Router, type Request, type Response } from 'express';
import { DomainError, ERROR_MESSAGES, type ErrorCode } from '../../shared/domain/errors';
import { LoginBody } from '../../shared/protocol/commands';
import { parsePayload } from '../../shared/protocol/validationMessage';
import { AccountBackoff, DEFAULT_BACKOFF, InFlight, WindowLimiter, type BackoffOptions } from '../auth/loginThrottle';
import { endSessionSockets } from '../realtime/sessionSockets';
import type { AppServer } from '../realtime/types';
import type { CatalogueService } from '../services/catalogueService';
import { toAccountView } from '../services/catalogueViews';
import type { Clock } from '../services/clock';
import { DISPLAY_SESSION_DAYS, SESSION_HOURS, type OpenedSession, type SessionService } from '../services/sessionService';
import { clearedSessionCookie, sessionCookie, sessionTokenFrom } from './cookies';

/** How many successful logins and display-link visits are let through, per window. */
export interface SessionLimits {
  windowMs: number;
  loginsPerIp: number;
  loginsPerAccount: number;
  displayVisitsPerIp: number;
  displayVisitsPerLink: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { windowMs: 10 * 60_000, loginsPerIp: 300, loginsPerAccount: 60, displayVisitsPerIp: 30, displayVisitsPerLink: 30 };

export interface AuthRouteOptions {
  catalogue: CatalogueService;
  sessions: SessionService;
  io: AppServer;
  clock: Clock;
  /** Always mark cookies Secure (SECURE_COOKIES=true); otherwise only for requests that came over HTTPS. */
  secureCookies: boolean;
  /** Wrong passwords per IP per 15 minutes. */
  loginAttempts: number;
  backoff?: Partial<BackoffOptions>;
  limits?: Partial<SessionLimits>;
}

/** The JSON error envelope with a status; Retry-After when waiting helps. */
function fail(res: Response, status: number, code: ErrorCode, message: string = ERROR_MESSAGES[code], retryAfterMs?: number) {
  if (retryAfterMs) res.setHeader('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
  return res.status(status).json({ ok: false, error: { code, message } });
}

/** Server-side faults are the server's, never the person's: 503 with their own sentence, and they count as no attempt. */
const SERVER_FAULTS: ErrorCode[] = ['STORAGE_FULL', 'STORAGE_FAILED', 'BUSY'];

/** Password checks of one username at a time: guesses fired together must not outrun its backoff. */
const MAX_CHECKS_PER_ACCOUNT = 4;

const clientIp = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** Login, logout, who-am-I, and the big screen's display link. */
export function authRoutes({ catalogue, sessions, io, clock, secureCookies, loginAttempts, backoff, limits }: AuthRouteOptions): Router {
  const router = Router();
  const now = () => clock.now().getTime();
  const limit = { ...DEFAULT_SESSION_LIMITS, ...limits };
  const accountBackoff = new AccountBackoff(now, { ...DEFAULT_BACKOFF, ...backoff });
  const loginsPerIp = new WindowLimiter(limit.loginsPerIp, limit.windowMs, now);
  const loginsPerAccount = new WindowLimiter(limit.loginsPerAccount, limit.windowMs, now);
  const visitsPerIp = new WindowLimiter(limit.displayVisitsPerIp, limit.windowMs, now);
  const visitsPerLink = new WindowLimiter(limit.displayVisitsPerLink, limit.windowMs, now);
  const secure = (req: Request) => secureCookies || req.secure;

  // Wrong passwords per address, counted once the password was found wrong (a full disk or a busy
  // server is no guess, so it never locks a crew out); checks still in progress count as possible
  // failures, so a burst sent at once cannot outrun the count.
  const wrongPasswordsPerIp = new WindowLimiter(loginAttempts, 15 * 60_000, now);
  const checking = new InFlight();

  /** After the answer: end the sockets of sessions the caps ended, and set the cookie. */
  const started = (req: Request, res: Response, opened: OpenedSession, maxAgeSeconds: number) => {
    for (const id of opened.ended) endSessionSockets(io, id, '同一账号登录的地方过多，最早的登录已自动退出。');
    res.setHeader('Set-Cookie', sessionCookie(opened.token, maxAgeSeconds, secure(req)));
  };

  router.post('/api/login', async (req, res) => {
    const parsed = parsePayload(LoginBody, req.body);
    if (!parsed.ok) {
      const { message, field } = parsed;
      return res.status(400).json({ ok: false, error: { code: 'VALIDATION_FAILED', message: `${ERROR_MESSAGES.VALIDATION_FAILED.slice(0, -1)}：${message}`, field } });
    }
    const ip = clientIp(req);
    const username = parsed.data.username.trim();
    const ipWait = wrongPasswordsPerIp.blockedMs(ip);
    if (ipWait) return fail(res, 429, 'RATE_LIMITED', undefined, ipWait);
    // Checks in progress count as possible failures, so a burst of guesses sent at once is bounded
    // too; a crew logging in together is only asked to wait a second.
    if (wrongPasswordsPerIp.wouldReach(ip, checking.get(`ip:${ip}`))) return fail(res, 429, 'RATE_LIMITED', '同一网络同时登录的人较多，请稍等一秒再试。', 1_000);
    // Checked before the hash: a locked account costs the server nothing, and the guess is not tried.
    const wait = accountBackoff.waitMs(username, ip);
    if (wait > 0) return fail(res, 429, 'RATE_LIMITED', `该账号密码错误次数过多，请 ${Math.ceil(wait / 1000)} 秒后再试。`, wait);
    if (checking.get(`user:${username}`) >= MAX_CHECKS_PER_ACCOUNT) return fail(res, 429, 'RATE_LIMITED', '该账号正在登录，请稍后再试。', 1_000);
    const leave = checking.enter(`ip:${ip}`, `user:${username}`);
    try {
      const account = await catalogue.checkPassword(username, parsed.data.password);
      leave();
      if (!account) {
        accountBackoff.failed(username, ip);
        wrongPasswordsPerIp.hit(ip);
        return fail(res, 401, 'LOGIN_FAILED');
      }
      accountBackoff.succeeded(username, ip);
      const throttled = loginsPerIp.take(ip) || loginsPerAccount.take(account.id);
      if (throttled) return fail(res, 429, 'RATE_LIMITED', '登录过于频繁，请稍后再试。', throttled);
      const opened = await sessions.open(account, SESSION_HOURS * 3_600_000);
      started(req, res, opened, SESSION_HOURS * 3600);
      res.json({ ok: true, data: { account: toAccountView(account) } });
    } catch (error) {
      if (error instanceof DomainError && SERVER_FAULTS.includes(error.code)) return fail(res, 503, error.code, error.message, error.code === 'BUSY' ? 2_000 : undefined);
      throw error;
    } finally {
      leave();
    }
  });

  router.post('/api/logout', async (req, res) => {
    const found = await sessions.findSession(sessionTokenFrom(req.headers.cookie));
    res.setHeader('Set-Cookie', clearedSessionCookie(secure(req)));
    if (found) {
      endSessionSockets(io, found.session.id, '您已退出登录。');
      try {
        await sessions.endSession(found.session.id);
      } catch (error) {
        // Ended in memory (this cookie no longer works here); only its durable record could not be written.
        if (error instanceof DomainError && SERVER_FAULTS.includes(error.code)) return fail(res, 503, error.code);
        throw error;
      }
    }
    res.json({ ok: true, data: null });
  });

  router.get('/api/me', async (req, res) => {
    const found = await sessions.findSession(sessionTokenFrom(req.headers.cookie));
    if (!found) return fail(res, 401, 'UNAUTHORIZED');
    res.json({ ok: true, data: { account: toAccountView(found.account) } });
  });

  // A browser opens the display link: plain Chinese text, not JSON.
  const text = (res: Response, status: number, message: string, retryAfterMs?: number) => {
    if (retryAfterMs) res.setHeader('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
    return res.status(status).type('text/plain; charset=utf-8').send(message);
  };

  router.get('/display/:key', async (req, res) => {
    // Every visit counts per address (a wrong key is a guess), and each link opens only so many screens.
    const wait = visitsPerIp.take(clientIp(req));
    if (wait) return text(res, 429, '打开大屏链接的次数过多，请稍后再试。', wait);
    const key = String(req.params.key);
    const link = sessions.displayLinkOf(key);
    const linkWait = link ? visitsPerLink.take(link.id) : 0;
    if (linkWait) return text(res, 429, '这个大屏链接被打开的次数过多，请稍后再试。', linkWait);
    try {
      const opened = await sessions.openDisplayLink(key);
      if (!opened) return text(res, 404, '大屏链接无效或已停用，请向节目管理员索取新的链接。');
      started(req, res, opened, DISPLAY_SESSION_DAYS * 86400);
      res.redirect(303, '/screen');
    } catch (error) {
      if (error instanceof DomainError && SERVER_FAULTS.includes(error.code)) return text(res, 503, error.message);
      throw error;
    }
  });

  return router;
}
