import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/events';

export type StudioSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The one typed connection of this tab; it reconnects by itself and is authenticated by the session cookie. */
export function openSocket(): StudioSocket {
  return io({ transports: ['websocket', 'polling'], withCredentials: true });
}

/** `tooSlow`: the server cut this connection because it fell behind; the tab is connecting again. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'tooSlow';

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

type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type Result<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** Send a command and wait for its ack; a lost connection answers with a Chinese message instead of hanging. */
export async function sendCommand<E extends keyof ClientToServerEvents>(socket: StudioSocket, event: E, payload: Payload<E>): Promise<Result<E>> {
  try {
    return await (socket.timeout(15_000) as any).emitWithAck(event, payload);
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: '服务器没有及时回应，操作可能未生效，请查看最新状态后再试。' } } as Ack<never> as Result<E>;
  }
}
