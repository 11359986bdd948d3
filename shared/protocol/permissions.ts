import type { Role } from '../domain/types';
import { COMMAND_NAMES, COMMANDS, type CommandName } from './registry';

/** Which roles may send each command, read off the registry (where each command states its roles). */
export const COMMAND_ROLES: Record<CommandName, readonly Role[]> = Object.fromEntries(COMMAND_NAMES.map((name) => [name, COMMANDS[name].roles])) as Record<CommandName, readonly Role[]>;

/** True when a role may send a command. */
export function mayRun(role: Role, command: CommandName): boolean {
  return COMMAND_ROLES[command].includes(role);
}

/**
 * A unit's liaison may read and act on its own unit's supervised items only; follow-up staff and
 * admins on every item; operators may read every item (to report outcomes in a feedback episode),
 * and the role table gives them no supervision command that changes one.
 */
export function mayTouchItem(actor: { role: Role; unitId: string | null }, itemUnitId: string): boolean {
  if (actor.role === 'admin' || actor.role === 'followup' || actor.role === 'operator') return true;
  return actor.role === 'unit' && actor.unitId !== null && actor.unitId === itemUnitId;
}

/** Roles that may see a caller's full name and phone number; everyone else gets the masked projection. */
export const ROLES_SEEING_CALLER: readonly Role[] = ['admin', 'operator', 'followup'];

/** True when a role receives the caller's full phone number. */
export function seesCallerDetails(role: Role): boolean {
  return ROLES_SEEING_CALLER.includes(role);
}
