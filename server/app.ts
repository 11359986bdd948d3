import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { Server, type ServerOptions } from 'socket.io';
import { attachCluster } from './cluster/attachCluster';
import { ERROR_MESSAGES } from '../shared/domain/errors';
import { authRoutes, type SessionLimits } from './http/authRoutes';
import { conditionRoutes } from './http/conditionRoutes';
import { healthRoutes } from './http/healthRoutes';
import { hashPool } from './auth/hashPool';
import type { BackoffOptions } from './auth/loginThrottle';
import { DEFAULT_IDLE_MINUTES, NO_IDLE_TIMEOUT, type IdleMinutes } from './auth/accountPolicy';
import { passwordPolicy } from '../shared/domain/passwordPolicy';
import { clientRoutes } from './http/clientRoutes';
import { publicMessageRoutes } from './http/publicMessageRoutes';
import { createLogger } from './logger';
import { attachRealtime, buildCommands } from './realtime/attachRealtime';
import { apiRoutes } from './http/api/apiRoutes';
import { API_KEY_LIMITS, ApiKeyService, type ApiKeyLimits } from './services/apiKeys';
import type { AppServer } from './realtime/types';
import { CatalogueService } from './services/catalogueService';
import { Readiness } from './services/readiness';
import { SessionService } from './services/sessionService';
import type { SessionCaps, SessionStore } from './store/sessionStore';
import { authAuditFor, sessionStoreFor } from './store/sessionStoreFor';
import { AuditService } from './services/auditService';
import { auditRoutes } from './http/auditRoutes';
import { systemClock, type Clock } from './services/clock';
import { watchCalendarCoverage } from './services/calendarWatch';
import { Metrics } from './metrics/metrics';
import { instrumentStore } from './metrics/instrumentStore';
import { metricsRoutes, type MetricsAccess } from './http/metricsRoutes';
import { StudioService } from './services/studioService';
import { SupervisionService } from './services/supervisionService';
import { supervisionRoutes } from './http/supervisionRoutes';
import { reportRoutes } from './http/reportRoutes';
import { ReportsService } from './services/reportsService';
import type { Store } from './store/store';

export interface AppConfig {
  /** Folder of the built client (dist/client). */
  clientDir: string;
  /** Password for the admin account created on an empty data folder; generated and printed when absent. */
  adminPassword?: string;
  /** Always mark the session cookie Secure; without it, only requests that came over HTTPS get a Secure cookie. */
  secureCookies: boolean;
  /** express 'trust proxy': false (default) ignores X-Forwarded-For; `loopback`, a hop count or a CIDR list trusts that proxy. */
  trustProxy: boolean | number | string;
  /** Wrong passwords per IP per 15 minutes. */
  loginAttemptsPer15Min: number;
  /** Per-account backoff on wrong passwords (whatever the address). */
  loginBackoff?: Partial<BackoffOptions>;
  /** Successful logins and display-link visits let through per window. */
  sessionLimits?: Partial<SessionLimits>;
  /** Live sessions per account and per display link; one more ends the oldest. */
  sessionCaps?: SessionCaps;
  /** Password hashes at a time (each holds a libuv thread and a core for tens of ms), and logins allowed to wait for one. */
  passwordHashConcurrency: number;
  passwordHashQueue: number;
  /** /readyz: free space below which the data folder counts as full (MB); default 512 MB, or 5% of a smaller disk. */
  minFreeMb?: number;
  /** Largest Socket.IO message accepted; bigger ones drop the socket. */
  maxMessageBytes: number;
  /** How often supervised items are checked against their deadlines. */
  dueCheckMs: number;
  /** The protocol this server speaks (shared/protocol/version.ts); a test stands in for a later release with another. */
  protocolVersion?: number;
  /**
   * Several nodes on one shared store: the Socket.IO adapter that carries broadcasts between them
   * (Redis Streams), and how often a node compares its memory with the store as a safety net.
   */
  cluster?: { adapter: ServerOptions['adapter']; sweepMs: number; redisReady?: () => boolean };
  /** Who may read GET /metrics (a bearer token, addresses): closed when neither is set. */
  metrics?: MetricsAccess;
  /** /api/v1 keys: calls per second and burst per key, how often last-used times are written. */
  apiKeyLimits?: Partial<ApiKeyLimits>;
  /** Account policy: minimum password length (PASSWORD_MIN_LENGTH, never below 8; default 10). */
  passwordMinLength?: number;
  /**
   * Generated and admin-set passwords must be changed at first login. Off unless asked: main.ts
   * turns it on (FORCE_PASSWORD_CHANGE, default true); tests, the demo and tools leave it off.
   */
  forcePasswordChange?: boolean;
  /**
   * Idle minutes per role before a session ends (0: never); display-link sessions never idle out.
   * Absent: no idle timeout; given (even `{}`), the defaults of server/auth/accountPolicy.ts fill the
   * roles not named. main.ts always gives it (SESSION_IDLE_MINUTES_<ROLE>).
   */
  idleMinutes?: Partial<IdleMinutes>;
}

export const DEFAULT_CONFIG: AppConfig = {
  clientDir: 'dist/client',
  secureCookies: false,
  trustProxy: false,
  loginAttemptsPer15Min: 20,
  passwordHashConcurrency: 1,
  passwordHashQueue: 64,
  maxMessageBytes: 4 * 1024 * 1024,
  dueCheckMs: 60_000,
};

/** How often expired sessions are pruned. */
const SESSION_PRUNE_MS = 10 * 60_000;

export interface App {
  http: HttpServer;
  io: AppServer;
  catalogue: CatalogueService;
  sessions: SessionService;
  readiness: Readiness;
  studio: StudioService;
  supervision: SupervisionService;
  reports: ReportsService;
  metrics: Metrics;
  audit: AuditService;
  /** Set when this start created the admin account with a generated password (print it once). */
  bootstrap: { adminCreated: boolean; generatedPassword: string | null };
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Build the whole server from its parts. Only the entry point opens the real data folder; tests
 * build their own app the same way with a temporary folder and their own clock.
 */
export async function createApp({
  store: givenStore,
  sessionStore,
  clock = systemClock,
  config = {},
  logger = createLogger(),
}: {
  store: Store;
  /** Where sessions live; by default beside the store (sessions.log in the data folder, or the sessions table). */
  sessionStore?: SessionStore;
  clock?: Clock;
  config?: Partial<AppConfig>;
  logger?: Logger;
}): Promise<App> {
  const settings = { ...DEFAULT_CONFIG, ...config };
  // Counted on scrape: the sockets by role are read from io, built below.
  const metrics = new Metrics({ socketsByRole: () => socketsByRole(io), dataDir: givenStore.dataDir });
  const store = instrumentStore(givenStore, metrics);
  const shared = Boolean(settings.cluster);
  hashPool.configure({ concurrency: settings.passwordHashConcurrency, maxQueue: settings.passwordHashQueue });
  const catalogue = new CatalogueService(await store.loadCatalogue(), store, clock);
  // Absent: no idle timeout (tests, the demo, tools); main.ts passes the production defaults (server/auth/accountPolicy.ts).
  const idleMinutes = settings.idleMinutes ? { ...DEFAULT_IDLE_MINUTES, ...settings.idleMinutes } : NO_IDLE_TIMEOUT;
  catalogue.accountPolicy = { password: passwordPolicy(settings.passwordMinLength), forcePasswordChange: settings.forcePasswordChange ?? false, idleMinutes };
  const sessions = new SessionService(sessionStore ?? (await sessionStoreFor(store)), catalogue, clock, { shared, caps: settings.sessionCaps, idleMinutes });
  await sessions.load();
  const studio = new StudioService(store, catalogue, clock, shared);
  await studio.load();
  // A damaged episode costs only itself: it was set aside at load; say so where the IT staff look.
  for (const damage of store.damaged?.() ?? []) logger.warn({ ...damage }, `数据文件受损，已隔离: ${damage.file}`);
  const supervision = new SupervisionService(studio, catalogue, clock);
  const reports = new ReportsService(studio, catalogue);
  const audit = new AuditService(store, studio, catalogue, await authAuditFor(store), clock, logger);
  const admin = await catalogue.ensureAdmin(settings.adminPassword);

  const web = express();
  web.disable('x-powered-by');
  // X-Forwarded-For is believed only from a proxy the operator named (TRUST_PROXY): otherwise anyone
  // could pick the address the login throttle counts them under.
  web.set('trust proxy', settings.trustProxy);
  web.use(
    helmet({
      contentSecurityPolicy: { directives: { 'connect-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } },
      strictTransportSecurity: settings.secureCookies,
    }),
  );
  web.use(express.json({ limit: '16kb' }));
  const readiness = new Readiness({ store, minFreeMb: settings.minFreeMb, redisReady: settings.cluster?.redisReady });
  web.use(healthRoutes({ readiness, summary: () => ({ store: store.kind, episodes: studio.summaries().length }) }));
  // First after health: a 市长上线 flood of citizens' messages passes no other router on its way.
  web.use(publicMessageRoutes({ studio, catalogue, clock, logger }));

  const http = createServer(web);
  const io: AppServer = new Server(http, {
    maxHttpBufferSize: settings.maxMessageBytes,
    ...(settings.cluster ? { adapter: settings.cluster.adapter } : {}),
    serveClient: false,
    // Same-origin only: a page on another site must not drive the studio with a logged-in crew member's cookie.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (!origin) return callback(null, true);
      try {
        callback(null, new URL(origin).host === req.headers.host);
      } catch {
        callback(null, false);
      }
    },
  });
  const apiKeys = new ApiKeyService(catalogue, clock, logger, { ...API_KEY_LIMITS, ...settings.apiKeyLimits });
  const stopApiKeys = apiKeys.start();
  // One list of command definitions: the socket and the HTTP API (/api/v1) answer with the same ones.
  const commands = buildCommands(io, { catalogue, sessions, studio, supervision, reports, apiKeys });
  const stopRealtime = attachRealtime(io, { catalogue, sessions, studio, supervision, reports, apiKeys, commands, clock, logger, metrics, clustered: Boolean(settings.cluster), protocolVersion: settings.protocolVersion });
  const stopCluster = settings.cluster ? attachCluster(io, { studio, catalogue, sessions, logger, sweepMs: settings.cluster.sweepMs }) : () => undefined;
  // Expired sessions leave memory and storage without anyone logging out.
  const sessionSweep = setInterval(() => sessions.sweep().catch((err) => logger.warn({ err }, 'session sweep failed')), SESSION_PRUNE_MS);
  sessionSweep.unref();
  // Due-soon and overdue items are found by the clock, not by a command: look every minute.
  const dueTimer = setInterval(() => supervision.checkDue(), settings.dueCheckMs);
  dueTimer.unref();
  const stopCalendarWatch = watchCalendarCoverage(catalogue, clock, logger);

  web.use(
    authRoutes({
      catalogue,
      sessions,
      io,
      clock,
      secureCookies: settings.secureCookies,
      loginAttempts: settings.loginAttemptsPer15Min,
      backoff: settings.loginBackoff,
      limits: settings.sessionLimits,
      audit,
    }),
  );
  web.use(conditionRoutes({ sessions, readiness, store }));
  web.use(metricsRoutes({ metrics, access: settings.metrics ?? {}, logger }));
  web.use(supervisionRoutes({ sessions, supervision, catalogue, clock, logger }));
  web.use(reportRoutes({ sessions, reports, logger }));
  web.use(apiRoutes({ commands, apiKeys, clock, logger, metrics }));
  web.use(auditRoutes({ sessions, audit, logger }));
  web.use(clientRoutes(settings.clientDir));
  web.use((error: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status ?? 500;
    if (status >= 500) logger.error({ err: error }, 'http request failed');
    const code = error.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL';
    res.status(status).json({ ok: false, error: { code, message: ERROR_MESSAGES[code] } });
  });

  return {
    http,
    io,
    catalogue,
    sessions,
    readiness,
    studio,
    supervision,
    reports,
    metrics,
    audit,
    bootstrap: { adminCreated: admin.created, generatedPassword: admin.password },
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          const { port: bound } = http.address() as AddressInfo;
          resolve(`http://${host === '0.0.0.0' ? 'localhost' : host}:${bound}`);
        });
      });
    },
    async close() {
      stopRealtime();
      await stopApiKeys().catch((err) => logger.warn({ err }, 'api key last-used times not written'));
      stopCluster();
      clearInterval(dueTimer);
      stopCalendarWatch();
      clearInterval(sessionSweep);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
      studio.close();
      await sessions.close();
      await audit.close();
      await store.close();
    },
  };
}

function socketsByRole(io: AppServer | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const socket of io?.of('/').sockets.values() ?? []) counts[socket.data.role ?? 'unknown'] = (counts[socket.data.role ?? 'unknown'] ?? 0) + 1;
  return counts;
}
