import type { EpisodeEvent, EpisodeState } from '../../shared/domain/episodeState';
import { maskAppeal } from '../../shared/domain/masking';
import type { Appeal, Role } from '../../shared/domain/types';
import { seesCallerDetails } from '../../shared/protocol/permissions';
import type { SyncResult } from '../../shared/protocol/events';
import type { Audience } from './rooms';

/**
 * What each audience may read. The studio screen and the leader panel never receive a caller's
 * full name or phone: every value bound for them passes through here on the server, before it is emitted.
 */
/** Values this module already projected: projecting is applied at two layers and must not be applied twice. */
const projected = new WeakSet<object>();
function mark<T extends object>(value: T): T {
  projected.add(value);
  return value;
}

export function audienceOf(role: Role): Audience {
  return seesCallerDetails(role) ? 'full' : 'masked';
}

export function projectAppeal(audience: Audience, appeal: Appeal): Appeal {
  return audience === 'full' || projected.has(appeal) ? appeal : mark(maskAppeal(appeal));
}

export function projectEvent(audience: Audience, event: EpisodeEvent): EpisodeEvent {
  if (audience === 'full' || projected.has(event)) return event;
  return mark({
    ...event,
    ...(event.appeal ? { appeal: projectAppeal(audience, event.appeal) } : {}),
    // The audit diff would otherwise carry the old and new number in clear.
    changes: event.changes.filter((c) => !c.path.startsWith('caller')),
  });
}

export function projectState(audience: Audience, state: EpisodeState): EpisodeState {
  if (audience === 'full' || projected.has(state)) return state;
  const appeals: Record<string, Appeal> = {};
  for (const [id, appeal] of Object.entries(state.appeals)) appeals[id] = projectAppeal(audience, appeal);
  return mark({ ...state, appeals });
}

export function projectSync(audience: Audience, result: SyncResult): SyncResult {
  if (audience === 'full') return result;
  if (result.mode === 'snapshot') return mark({ ...result, snapshot: projectState(audience, result.snapshot) });
  return mark({ ...result, events: result.events.map((e) => projectEvent(audience, e)) });
}

/** Mask any appeal found in a command result or a CONFLICT's fresh state. */
export function projectValue<T>(audience: Audience, value: T): T {
  if (audience === 'full' || value === null || typeof value !== 'object' || projected.has(value)) return value;
  if (isAppeal(value)) return projectAppeal(audience, value) as T;
  // An event anywhere in a result (a detail's history) carries caller values in its audit changes too.
  if (isEpisodeEvent(value)) return projectEvent(audience, value) as T;
  if (Array.isArray(value)) return value.map((v) => projectValue(audience, v)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = projectValue(audience, v);
  return out as T;
}

function isEpisodeEvent(value: object): value is EpisodeEvent {
  return 'seq' in value && 'changes' in value && 'episodeId' in value && 'commandId' in value;
}

function isAppeal(value: object): value is Appeal {
  return 'caller' in value && 'summary' in value && 'episodeId' in value;
}
