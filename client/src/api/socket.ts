import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/events';
import { shellStrings } from '../strings/shell';
import { PROTOCOL_OUTDATED, PROTOCOL_VERSION } from '../../../shared/protocol/version';
import type { BodyOf, ChangeCommandName, CommandName, PayloadOf, ResultOf } from '../../../shared/protocol/registry';

export type StudioSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The one typed connection of this tab; it reconnects by itself and is authenticated by the session cookie. */
export function openSocket(): StudioSocket {
  // The protocol version this tab was built with: after an upgrade the server refuses an old tab at once.
  return io({ transports: ['websocket', 'polling'], withCredentials: true, auth: { protocol: PROTOCOL_VERSION } });
}

/**
 * `tooSlow`: the server cut this connection because it fell behind; the tab is connecting again.
 * `outdated`: the server runs a newer version than this tab was built for; only a reload helps.
 */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'tooSlow' | 'outdated';

/** Wait before connecting again after a cut, so a crowd of cut screens does not come back in one instant. */
const RECONNECT_AFTER_CUT_MS = 500;

/**
 * Follow a socket's connection for the indicator, and come back after the server cut it for being
 * too slow. Socket.IO reconnects by itself after a network loss, never after the server closed the
 * connection on purpose ("io server disconnect"): for a cut — and only a cut, never a logout or a
 * revoked link — this connects again; the episode hooks resync from their own seq on `connect`.
 * Returns a function that stops following (and cancels a pending reconnect).
 */
export function followConnection(socket: StudioSocket, onState: (state: ConnectionState) => void, onSessionEnded: () => void): () => void {
  let cut = false;
  let ended = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const onConnect = () => {
    cut = false;
    onState('connected');
  };
  const onDisconnect = (reason: string) => {
    onState(cut ? 'tooSlow' : 'disconnected');
    if (!cut || ended || reason !== 'io server disconnect' || retry) return;
    retry = setTimeout(() => {
      retry = null;
      if (!ended) socket.connect();
    }, RECONNECT_AFTER_CUT_MS * (1 + Math.random()));
  };
  const onConnectError = (error: Error) => {
    if (error.message === PROTOCOL_OUTDATED) {
      // Socket.IO does not retry a refused handshake, and retrying could not help: say so and stop.
      ended = true;
      return onState('outdated');
    }
    onState(cut ? 'tooSlow' : 'disconnected');
    if (error.message === 'UNAUTHORIZED') end();
  };
  const onTooSlow = () => {
    cut = true;
    onState('tooSlow');
  };
  const end = () => {
    ended = true;
    onSessionEnded();
  };
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  socket.on('connection:tooSlow', onTooSlow);
  socket.on('session:ended', end);
  return () => {
    ended = true;
    if (retry) clearTimeout(retry);
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onConnectError);
    socket.off('connection:tooSlow', onTooSlow);
    socket.off('session:ended', end);
  };
}

/** A client-made command id: a retry of the same action sends the same id. */
export function newCommandId(): string {
  return `${Date.now().toString(36)}-${crypto.randomUUID()}`;
}

/** The answer when the server does not answer in time: the command may or may not have been applied. */
const NO_ANSWER: Ack<never> = { ok: false, error: { code: 'INTERNAL', message: shellStrings.noAnswer } };

/**
 * Send on the wire and wait for the ack; a lost connection answers with a Chinese message instead of
 * hanging. Typed by the registry at the call, untyped on the wire: Socket.IO's typings cannot follow
 * a generic event name, and the registry already fixed what each name carries.
 */
async function emitOnWire<N extends CommandName>(socket: StudioSocket, name: N, payload: object): Promise<Ack<ResultOf<N>>> {
  const wire: Socket = socket;
  try {
    const response: Ack<ResultOf<N>> = await wire.timeout(15_000).emitWithAck(name, payload);
    return response;
  } catch {
    return NO_ANSWER;
  }
}

/** Send a command as it is (a read, or a change whose commandId the caller made). */
export function sendCommand<N extends CommandName>(socket: StudioSocket, name: N, payload: PayloadOf<N>): Promise<Ack<ResultOf<N>>> {
  return emitOnWire(socket, name, payload);
}

/** Send a change with its commandId: a retry of the same action passes the same id again. */
export function sendChange<N extends ChangeCommandName>(socket: StudioSocket, name: N, body: BodyOf<N>, commandId: string = newCommandId()): Promise<Ack<ResultOf<N>>> {
  return emitOnWire(socket, name, { ...body, commandId });
}
