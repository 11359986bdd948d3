import type { CommandError } from '../../shared/domain/errors';
import type { Role } from '../../shared/domain/types';
import { BROADCASTS, type BroadcastName, type BroadcastOf } from '../../shared/protocol/broadcasts';
import { seesCallerDetails } from '../../shared/protocol/permissions';
import { projectFor, type Audience, type Projector } from '../../shared/protocol/projection';
import { freshProjector, resultProjector, type CommandName } from '../../shared/protocol/registry';
import type { ServerToClientEvents } from '../../shared/protocol/events';

/**
 * The one place outgoing values meet their projector (declared beside their type in
 * shared/protocol/registry.ts and broadcasts.ts): every broadcast and every ack bound for a masked
 * audience passes through here, on the server, before it is sent.
 */

export type { Audience };

export function audienceOf(role: Role): Audience {
  return seesCallerDetails(role) ? 'full' : 'masked';
}

/** Something that emits to clients: a room, a socket, a node's local broadcast. */
export interface Emitter {
  emit<E extends BroadcastName>(event: E, ...args: Parameters<ServerToClientEvents[E]>): unknown;
}

/** Emit a broadcast as its audience may read it. */
export function emitTo<E extends BroadcastName>(target: Emitter, audience: Audience, event: E, value: BroadcastOf<E>): void {
  const projector: Projector<BroadcastOf<E>> = BROADCASTS[event];
  const projected = projectFor(audience, projector, value);
  target.emit(event, ...([projected] as Parameters<ServerToClientEvents[E]>));
}

/** A command's result as its audience may read it. */
export function projectResult(name: CommandName, audience: Audience, value: unknown): unknown {
  return projectFor(audience, resultProjector(name), value);
}

/** A refusal as its audience may read it: a CONFLICT's fresh record is projected, or left out. */
export function projectError(name: CommandName, audience: Audience, error: CommandError): CommandError {
  if (audience === 'full' || error.fresh === undefined) return error;
  const projector = freshProjector(name);
  const { fresh, ...rest } = error;
  return projector ? { ...rest, fresh: projector(fresh) } : rest;
}
