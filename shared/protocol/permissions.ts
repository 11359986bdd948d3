import type { Role } from '../domain/types';
import type { CommandName } from './events';

/**
 * Which roles may send each command. A Record over every command name: adding a command to the
 * event map does not compile until someone decides who may send it.
 */
export const COMMAND_ROLES: Record<CommandName, readonly Role[]> = {
  'catalogue:get': ['admin', 'operator', 'leader', 'screen', 'followup', 'unit'],
  'unit:save': ['admin'],
  'person:save': ['admin'],
  'account:create': ['admin'],
  'account:setDisabled': ['admin'],
  'displayLink:revoke': ['admin'],
  'displayLink:create': ['admin'],
  'episode:plan': ['admin'],
  'episode:update': ['admin'],
  'episode:start': ['admin', 'operator'],
  'episode:end': ['admin', 'operator'],
  'episode:sync': ['admin', 'operator', 'leader', 'screen', 'followup'],
  'appeal:create': ['operator'],
  'appeal:update': ['operator'],
  'appeal:screen': ['operator'],
  'appeal:putOnAir': ['operator'],
  'appeal:answerOnAir': ['operator', 'leader'],
  'appeal:handOver': ['operator', 'leader'],
  'appeal:markInvalid': ['operator'],
  'appeal:history': ['admin', 'operator', 'leader', 'followup'],
  // Operators read the list to pick follow-up reports for a feedback episode.
  'supervision:list': ['admin', 'followup', 'unit', 'operator'],
  'supervision:detail': ['admin', 'followup', 'unit', 'operator'],
  'feedback:putOnAir': ['operator'],
  'feedback:takeOffAir': ['operator'],
  'supervision:assign': ['admin', 'followup'],
  'supervision:setDeadline': ['admin', 'followup'],
  'supervision:remind': ['admin', 'followup'],
  'supervision:requestExtension': ['unit'],
  'supervision:decideExtension': ['admin', 'followup'],
  'supervision:reply': ['admin', 'followup', 'unit'],
  'supervision:callBack': ['admin', 'followup'],
  'supervision:close': ['admin', 'followup'],
  'calendar:setDay': ['admin'],
  'publication:draft': ['admin', 'followup'],
  'publication:edit': ['admin', 'followup'],
  'publication:publish': ['admin'],
  'publication:withdraw': ['admin'],
  'reports:summary': ['admin', 'followup'],
  'reports:annual': ['admin', 'followup'],
  'queue:reorder': ['operator'],
  'message:send': ['operator'],
  'message:markRead': ['leader'],
};

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
