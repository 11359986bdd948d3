import type { Logger } from 'pino';
import { ERROR_DETAILS, ERROR_MESSAGES } from '../../shared/domain/errors';
import { PROTOCOL_OUTDATED, PROTOCOL_VERSION, protocolAccepted } from '../../shared/protocol/version';
import type { EpisodeEvent } from '../../shared/domain/episodeState';
import type { CatalogueService } from '../services/catalogueService';
import type { Clock } from '../services/clock';
import type { CommitOrigin } from '../services/episodeLedger';
import type { SessionService } from '../services/sessionService';
import type { StudioService } from '../services/studioService';
import { sessionTokenFrom } from '../http/cookies';
import { appealCommands } from './handlers/appealHandlers';
import { catalogueCommands } from './handlers/catalogueHandlers';
import { episodeCommands } from './handlers/episodeHandlers';
import { messageCommands } from './handlers/messageHandlers';
import { supervisionCommands } from './handlers/supervisionHandlers';
import { reportCommands } from './handlers/reportHandlers';
import { apiKeyCommands } from './handlers/apiKeyHandlers';
import type { ApiKeyService } from '../services/apiKeys';
import type { ReportsService } from '../services/reportsService';
import type { SupervisionService } from '../services/supervisionService';
import { emitTo } from './projection';
import { CATALOGUE_ROOM, episodeRoom, sessionRoom, SUPERVISION_ALL_ROOM, supervisionUnitRoom } from './rooms';
import type { AppServer } from './types';
import { StaleEpisodeError } from '../store/store';
import type { CommandDefinition } from './command';
import { attachBudget, budgetOf, CONNECTION_BUDGET, type ConnectionBudgetSettings } from './connectionBudget';
import { sendEncodedAcks } from './encodedAck';
import type { Metrics } from '../metrics/metrics';

export interface RealtimeDeps {
  catalogue: CatalogueService;
  sessions: SessionService;
  studio: StudioService;
  supervision: SupervisionService;
  reports: ReportsService;
  clock: Clock;
  logger: Logger;
  /** Ack times by command, events fanned out (GET /metrics). */
  metrics?: Metrics;
  /** API keys (apiKey:* commands); without it those commands answer UNKNOWN_COMMAND. */
  apiKeys?: ApiKeyService;
  /** The command definitions, when the caller built them (buildCommands) to share them with the HTTP API. */
  commands?: CommandDefinition[];
  /** Several nodes share the show (a cluster adapter carries broadcasts between them). */
  clustered?: boolean;
  /** The protocol version spoken here (default PROTOCOL_VERSION). */
  protocolVersion?: number;
  /** What one connection may cost (connectionBudget.ts); read live, so a test may tighten it. */
  budget?: ConnectionBudgetSettings;
}

/**
 * Every command definition, once: the socket answers them (attachRealtime) and so does the HTTP API
 * for other systems (server/http/api/), through the same `execute`.
 */
export function buildCommands(io: AppServer, { catalogue, sessions, studio, supervision, reports, apiKeys }: Pick<RealtimeDeps, 'catalogue' | 'sessions' | 'studio' | 'supervision' | 'reports' | 'apiKeys'>): CommandDefinition[] {
  return [
    ...catalogueCommands(io, catalogue, sessions, studio),
    ...episodeCommands(studio),
    ...appealCommands(studio),
    ...messageCommands(studio),
    ...supervisionCommands(supervision),
    ...reportCommands(studio, reports),
    ...(apiKeys ? apiKeyCommands(apiKeys) : []),
  ];
}

/** How often live connections are checked against their sessions (expiry, logout elsewhere). */
export const SESSION_SWEEP_MS = 30_000;

const AUDIENCES = ['full', 'masked'] as const;

/**
 * Wire Socket.IO: authenticate the handshake from the session cookie, attach every command,
 * broadcast committed events, and end connections whose session has ended. Returns a stop function.
 */
export function attachRealtime(io: AppServer, { catalogue, sessions, studio, supervision, reports, apiKeys, commands: given, clock, logger, metrics, clustered = false, protocolVersion = PROTOCOL_VERSION, budget: limits = CONNECTION_BUDGET }: RealtimeDeps): () => void {
  const commands = given ?? buildCommands(io, { catalogue, sessions, studio, supervision, reports, apiKeys });
  const byName = new Map<string, CommandDefinition>(commands.map((c) => [c.name, c]));

  io.use((socket, next) => {
    // Checked before the session: an old tab learns at once that it must reload, whoever it is.
    if (protocolAccepted(socket.handshake.auth, protocolVersion)) return next();
    const refused: Error & { data?: unknown } = new Error(PROTOCOL_OUTDATED);
    refused.data = { code: PROTOCOL_OUTDATED, message: ERROR_MESSAGES.PROTOCOL_OUTDATED, version: protocolVersion };
    next(refused);
  });
  io.use(async (socket, next) => {
    const token = sessionTokenFrom(socket.handshake.headers.cookie);
    const found = await sessions.findSession(token);
    if (!found && sessions.awaitsPasswordChange(token)) {
      // A generated or admin-set password not yet changed: no screen works until it is (account policy).
      const refused: Error & { data?: unknown } = new Error('PASSWORD_CHANGE_REQUIRED');
      refused.data = { code: 'FORBIDDEN', message: ERROR_DETAILS.passwordChangeRequired };
      return next(refused);
    }
    if (!found) return next(new Error('UNAUTHORIZED'));
    socket.data = {
      accountId: found.account.id,
      sessionId: found.session.id,
      role: found.account.role,
      unitId: found.account.unitId,
      displayName: found.account.displayName,
    };
    next();
  });

  io.on('connection', (socket) => {
    void socket.join([CATALOGUE_ROOM, sessionRoom(socket.data.sessionId)]);
    sendEncodedAcks(socket);
    const budget = attachBudget(socket, limits, (held) => {
      logger.warn({ account: socket.data.accountId, role: socket.data.role, heldBytes: held }, 'connection too slow: cut off, the client resyncs');
    });
    // One listener per socket for every command (not one per command): a thousand big screens
    // connected cost a thousand listeners, not fifty thousand.
    socket.onAny((event: string, ...args: unknown[]) => {
      const command = byName.get(event);
      const ack = args[args.length - 1];
      if (command) {
        // A command is a use of the session (idle timeout): remembered in memory, written coarsely.
        sessions.touch(socket.data.sessionId);
        // Refused before anything is read or decided, so a flood from one socket changes nothing.
        if (!budget.tryStart()) {
          if (typeof args[1] === 'function') args[1]({ ok: false, error: { code: 'TOO_MANY_PENDING', message: ERROR_MESSAGES.TOO_MANY_PENDING } });
          return;
        }
        return void command.run(socket, args[0], args[1], { clock, logger, metrics }).finally(() => budget.finish());
      }
      if (typeof ack === 'function') ack({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: ERROR_MESSAGES.UNKNOWN_COMMAND } });
    });
  });

  studio.on('committed', (events: EpisodeEvent[], origin: CommitOrigin) => {
    // Another node's events reached this node's clients through the shared adapter already, unless
    // that node may have died first: then this node tells its own clients (a repeat is dropped by seq).
    if (origin === 'elsewhere-announced') return;
    const out = origin === 'here' ? io : io.local;
    // Socket.IO encodes a packet before it looks the room up: a room nobody here is in would cost a
    // projection and an encoding per event for nothing. Only when no other node may need it.
    const localOnly = origin !== 'here' || !clustered;
    const rooms = io.of('/').adapter.rooms;
    for (const event of events) {
      for (const audience of AUDIENCES) {
        const room = episodeRoom(event.episodeId, audience);
        if (localOnly && !rooms.get(room)?.size) continue;
        emitTo(out.to(room), audience, 'episode:event', event);
        metrics?.eventsFannedOut.inc({ audience });
      }
    }
  });
  studio.on('rolledBack', ({ episodeId, error }) => {
    // Another node wrote first: an everyday event with several nodes, and nothing a client saw.
    if (error instanceof StaleEpisodeError) return;
    logger.error({ err: error, episodeId }, 'episode write failed; memory rolled back to the disk');
    for (const audience of AUDIENCES) emitTo(io.to(episodeRoom(episodeId, audience)), audience, 'episode:resyncRequired', { episodeId, reason: ERROR_MESSAGES.STORAGE_FAILED });
  });
  studio.on('episodesChanged', () => io.to(CATALOGUE_ROOM).emit('catalogue:changed', { what: 'episodes' }));
  supervision.on('changed', (item) => {
    emitTo(io.to(SUPERVISION_ALL_ROOM), 'full', 'supervision:changed', item);
    emitTo(io.to(supervisionUnitRoom(item.appeal.supervision!.unitId)), 'masked', 'supervision:changed', item);
  });
  supervision.on('movedAway', ({ appealId, episodeId, fromUnitId }) => {
    io.to(supervisionUnitRoom(fromUnitId)).emit('supervision:movedAway', { appealId, episodeId });
  });
  // Every node finds the same alerts (by the clock, and from every node's commits): each tells only
  // its own clients, so a desk hears an alert once however many nodes there are.
  supervision.on('alert', (alert) => {
    emitTo(io.local.to(SUPERVISION_ALL_ROOM), 'full', 'supervision:alert', alert);
    emitTo(io.local.to(supervisionUnitRoom(alert.item.appeal.supervision!.unitId)), 'masked', 'supervision:alert', alert);
  });

  // A session checked only at the handshake would outlive its expiry for as long as the socket stays up.
  const sweep = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) {
      if (sessions.isSessionLive(socket.data.sessionId)) continue;
      socket.emit('session:ended', { reason: sessions.endReason(socket.data.sessionId) ?? ERROR_MESSAGES.UNAUTHORIZED });
      socket.disconnect(true);
    }
  }, SESSION_SWEEP_MS);
  sweep.unref();
  // A client that stopped reading is found by the bytes it leaves behind (connectionBudget.ts).
  const stalls = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) budgetOf(socket)?.check();
  }, limits.checkEveryMs);
  stalls.unref();
  return () => {
    clearInterval(sweep);
    clearInterval(stalls);
  };
}
