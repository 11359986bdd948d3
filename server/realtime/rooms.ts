/** Who in an episode's room may see callers in full: rooms are split so a broadcast is projected once per audience. */
import type { Audience } from '../../shared/protocol/projection';

export type { Audience };

/** The room of an episode's clients of one audience. */
export function episodeRoom(episodeId: string, audience: Audience): string {
  return `episode:${episodeId}:${audience}`;
}

/** Every logged-in socket: catalogue changes go here. */
export const CATALOGUE_ROOM = 'catalogue';

/** All sockets of one session, so a logout can end them. */
export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

/** Follow-up desks: every supervised item of every episode. */
export const SUPERVISION_ALL_ROOM = 'supervision:all';

/** A unit's liaisons: only that unit's supervised items. */
export function supervisionUnitRoom(unitId: string): string {
  return `supervision:unit:${unitId}`;
}
