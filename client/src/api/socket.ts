import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/events';

export type StudioSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The one typed connection of this tab; it reconnects by itself and is authenticated by the session cookie. */
export function openSocket(): StudioSocket {
  return io({ transports: ['websocket', 'polling'], withCredentials: true });
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
