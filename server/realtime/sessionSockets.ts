import { sessionRoom } from './rooms';
import type { AppServer } from './types';

/**
 * Disconnect every socket of a session, telling it why (logout, revoked account, eviction). Its own
 * module because HTTP routes and catalogue handlers both end sessions, and neither should import
 * the realtime wiring that imports them.
 */
export function endSessionSockets(io: AppServer, sessionId: string, reason: string): void {
  io.to(sessionRoom(sessionId)).emit('session:ended', { reason });
  io.in(sessionRoom(sessionId)).disconnectSockets(true);
}
