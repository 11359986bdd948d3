import { Router, type Request, type Response } from 'express';
import { DomainError, ERROR_DETAILS, ERROR_MESSAGES, SESSION_END_REASONS, validationFailed, type ErrorCode } from '../../shared/domain/errors';
import { LoginBody } from '../../shared/protocol/commands';
import { PasswordChangeBody, type PasswordPolicyView } from '../../shared/protocol/passwordChange';
import { parsePayload } from '../../shared/protocol/validationMessage';
import { AccountBackoff, DEFAULT_BACKOFF, InFlight, WindowLimiter, type BackoffOptions } from '../auth/loginThrottle';
import { endSessionSockets } from '../realtime/sessionSockets';
import type { AppServer } from '../realtime/types';
import type { CatalogueService } from '../services/catalogueService';
import { toAccountView } from '../services/catalogueViews';
import type { AuditService } from '../services/auditService';
import type { Clock } from '../services/clock';
import { DISPLAY_SESSION_DAYS, SESSION_HOURS, type OpenedSession, type SessionService } from '../services/sessionService';
import { clearedSessionCookie, sessionCookie, sessionTokenFrom } from './cookies';
import { screenStrings } from '../../client/src/screens/screen/strings';

/** The wall's own words for a withdrawn display link (plain text, no markup to escape). */
const wall = screenStrings.withdrawn;

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
  /** The sign-in log of the admin's 操作审计 (logins, failed logins, logouts, display links opened). */
  audit?: AuditService;
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
export function authRoutes({ catalogue, sessions, io, clock, secureCookies, loginAttempts, backoff, limits, audit }: AuthRouteOptions): Router {
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
  // Sessions the sweep ended for going unused: their screens are told why and shown the login page.
  sessions.onIdleEnded = (ids) => {
    for (const id of ids) endSessionSockets(io, id, SESSION_END_REASONS.idle);
  };

  /** After the answer: end the sockets of sessions the caps ended, and set the cookie. */
  const started = (req: Request, res: Response, opened: OpenedSession, maxAgeSeconds: number) => {
    for (const id of opened.ended) endSessionSockets(io, id, SESSION_END_REASONS.tooManyLogins);
    res.setHeader('Set-Cookie', sessionCookie(opened.token, maxAgeSeconds, secure(req)));
  };

  router.post('/api/login', async (req, res) => {
    const parsed = parsePayload(LoginBody, req.body);
    if (!parsed.ok) {
      const { message, field } = parsed;
      return res.status(400).json({ ok: false, error: { code: 'VALIDATION_FAILED', message: validationFailed(message), field } });
    }
    const ip = clientIp(req);
    const username = parsed.data.username.trim();
    const ipWait = wrongPasswordsPerIp.blockedMs(ip);
    if (ipWait) return fail(res, 429, 'RATE_LIMITED', undefined, ipWait);
    // Checks in progress count as possible failures, so a burst of guesses sent at once is bounded
    // too; a crew logging in together is only asked to wait a second.
    if (wrongPasswordsPerIp.wouldReach(ip, checking.get(`ip:${ip}`))) return fail(res, 429, 'RATE_LIMITED', ERROR_DETAILS.busyAddress, 1_000);
    // Checked before the hash: a locked account costs the server nothing, and the guess is not tried.
    const wait = accountBackoff.waitMs(username, ip);
    if (wait > 0) return fail(res, 429, 'RATE_LIMITED', ERROR_DETAILS.accountBackoff(Math.ceil(wait / 1000)), wait);
    if (checking.get(`user:${username}`) >= MAX_CHECKS_PER_ACCOUNT) return fail(res, 429, 'RATE_LIMITED', ERROR_DETAILS.accountLoggingIn, 1_000);
    const leave = checking.enter(`ip:${ip}`, `user:${username}`);
    try {
      const account = await catalogue.checkPassword(username, parsed.data.password);
      leave();
      if (!account) {
        accountBackoff.failed(username, ip);
        wrongPasswordsPerIp.hit(ip);
        await audit?.recordAuth({ kind: 'login_failed', username, actor: null, ip, reason: ERROR_MESSAGES.LOGIN_FAILED });
        return fail(res, 401, 'LOGIN_FAILED');
      }
      accountBackoff.succeeded(username, ip);
      const throttled = loginsPerIp.take(ip) || loginsPerAccount.take(account.id);
      if (throttled) return fail(res, 429, 'RATE_LIMITED', ERROR_DETAILS.loginsTooFrequent, throttled);
      const opened = await sessions.open(account, SESSION_HOURS * 3_600_000);
      started(req, res, opened, SESSION_HOURS * 3600);
      await audit?.recordAuth({ kind: 'login', username, actor: catalogue.actorOf(account), ip, reason: null });
      res.json({ ok: true, data: { account: toAccountView(account), mustChangePassword: Boolean(account.mustChangePassword) } });
    } catch (error) {
      if (error instanceof DomainError && SERVER_FAULTS.includes(error.code)) return fail(res, 503, error.code, error.message, error.code === 'BUSY' ? 2_000 : undefined);
      throw error;
    } finally {
      leave();
    }
  });

  router.post('/api/logout', async (req, res) => {
    const found = await sessions.findSession(sessionTokenFrom(req.headers.cookie), { pendingChange: true });
    res.setHeader('Set-Cookie', clearedSessionCookie(secure(req)));
    if (found) {
      endSessionSockets(io, found.session.id, SESSION_END_REASONS.loggedOut);
      await audit?.recordAuth({ kind: 'logout', username: found.account.username, actor: catalogue.actorOf(found.account), ip: clientIp(req), reason: null });
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
    const found = await sessions.findSession(sessionTokenFrom(req.headers.cookie), { pendingChange: true });
    if (!found) return fail(res, 401, 'UNAUTHORIZED');
    res.json({ ok: true, data: { account: toAccountView(found.account), mustChangePassword: Boolean(found.account.mustChangePassword) } });
  });

  const reasonOf = (reason: string | undefined) => (reason ? { reason } : {});

  // The app's start-up probe: logged out is an answer, not an error, so the login page logs no 401.
  // Logged out for a reason worth telling (idle, password changed elsewhere): `reason` says it.
  router.get('/api/session', async (req, res) => {
    const token = sessionTokenFrom(req.headers.cookie);
    const found = await sessions.findSession(token, { pendingChange: true });
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      ok: true,
      data: found
        ? { loggedIn: true, account: toAccountView(found.account), mustChangePassword: Boolean(found.account.mustChangePassword) }
        : { loggedIn: false, account: null, ...reasonOf(sessions.endReasonOf(token)) },
    });
  });

  // The rules the change-password page shows while one types (no secret in them: anyone may read).
  router.get('/api/password/policy', (_req, res) => {
    const view: PasswordPolicyView = { minLength: catalogue.accountPolicy.password.minLength };
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true, data: view });
  });

  // Change one's own password. The current password proves it is the person (wrong guesses count in
  // the login backoff); every other session of the account ends; this one stays logged in.
  router.post('/api/password', async (req, res) => {
    const found = await sessions.findSession(sessionTokenFrom(req.headers.cookie), { pendingChange: true });
    if (!found || found.session.displayLinkId) return fail(res, 401, 'UNAUTHORIZED');
    const parsed = parsePayload(PasswordChangeBody, req.body);
    if (!parsed.ok) {
      const { message, field } = parsed;
      return res.status(400).json({ ok: false, error: { code: 'VALIDATION_FAILED', message: validationFailed(message), field } });
    }
    const ip = clientIp(req);
    const { username } = found.account;
    const wait = accountBackoff.waitMs(username, ip);
    if (wait > 0) return fail(res, 429, 'RATE_LIMITED', ERROR_DETAILS.accountBackoff(Math.ceil(wait / 1000)), wait);
    try {
      const changed = await catalogue.changePassword(found.account.id, parsed.data.oldPassword, parsed.data.newPassword);
      if (!changed) {
        accountBackoff.failed(username, ip);
        return res.status(400).json({ ok: false, error: { code: 'VALIDATION_FAILED', message: ERROR_DETAILS.wrongCurrentPassword, field: 'oldPassword' } });
      }
      accountBackoff.succeeded(username, ip);
      const ended = await sessions.endOtherSessions(changed.id, found.session.id);
      await audit?.recordAuth({ kind: 'password_changed', username, actor: catalogue.actorOf(changed), ip, reason: ended.length ? `结束了其他 ${ended.length} 个登录` : null });
      for (const id of ended) endSessionSockets(io, id, SESSION_END_REASONS.passwordChanged);
      res.json({ ok: true, data: { account: toAccountView(changed), mustChangePassword: false, endedSessions: ended.length } });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') {
        return res.status(400).json({ ok: false, error: { code: error.code, message: error.message, field: error.details.field } });
      }
      if (error instanceof DomainError && SERVER_FAULTS.includes(error.code)) return fail(res, 503, error.code, error.message, error.code === 'BUSY' ? 2_000 : undefined);
      throw error;
    }
  });

  // Until a generated or admin-set password is changed, the other APIs refuse this session with a
  // clear reason (the socket handshake refuses it too): no screen works around the change.
  router.use('/api', (req, res, next) => {
    if (!sessions.awaitsPasswordChange(sessionTokenFrom(req.headers.cookie))) return next();
    return fail(res, 403, 'FORBIDDEN', ERROR_DETAILS.passwordChangeRequired);
  });

  // A browser opens the display link: plain Chinese text, not JSON.
  const text = (res: Response, status: number, message: string, retryAfterMs?: number) => {
    if (retryAfterMs) res.setHeader('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
    return res.status(status).type('text/plain; charset=utf-8').send(message);
  };

  // A withdrawn (revoked, unknown) link opens on the studio wall: a plain notice in the wall's own
  // look and words, nothing to type into; 404 all the same.
  const withdrawnDisplay = (res: Response) =>
    res
      .status(404)
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${wall.title}</title>` +
          `<style>html,body{margin:0;height:100%}body{--u:clamp(6px,min(1vw,1.7778vh),40px);display:grid;place-items:center;box-sizing:border-box;padding:calc(4*var(--u));cursor:none;` +
          `background:radial-gradient(circle at 20% 0%,#2a0d12 0%,#12060a 55%,#0b0b12 100%);color:#fdf6ec;font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif}` +
          `main{max-width:calc(84*var(--u));text-align:center;text-wrap:balance}h1{margin:0 0 calc(2*var(--u));font-size:calc(5*var(--u));line-height:1.3;color:#f4c25b;font-weight:900}` +
          `p{margin:0 0 var(--u);font-size:calc(2.4*var(--u));line-height:1.5}p.help{font-size:calc(1.8*var(--u));color:#d9c6ab}</style></head>` +
          `<body><main data-testid="display-withdrawn" role="alert"><h1>${wall.title}</h1><p>${wall.body}</p><p class="help">${wall.help}</p></main></body></html>`,
      );

  router.get('/display/:key', async (req, res) => {
    // Every visit counts per address (a wrong key is a guess), and each link opens only so many screens.
    const wait = visitsPerIp.take(clientIp(req));
    if (wait) return text(res, 429, ERROR_DETAILS.displayVisitsFromAddress, wait);
    const key = String(req.params.key);
    const link = sessions.displayLinkOf(key);
    const linkWait = link ? visitsPerLink.take(link.id) : 0;
    if (linkWait) return text(res, 429, ERROR_DETAILS.displayVisitsOfLink, linkWait);
    try {
      const opened = await sessions.openDisplayLink(key);
      if (!opened) return withdrawnDisplay(res);
      started(req, res, opened, DISPLAY_SESSION_DAYS * 86400);
      await audit?.recordAuth({ kind: 'display_link_opened', username: opened.account.username, actor: catalogue.actorOf(opened.account), ip: clientIp(req), reason: link?.label ?? null });
      res.redirect(303, '/screen');
    } catch (error) {
      if (error instanceof DomainError && SERVER_FAULTS.includes(error.code)) return text(res, 503, error.message);
      throw error;
    }
  });

  return router;
}
