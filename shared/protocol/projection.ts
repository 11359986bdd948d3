import type { EpisodeEvent, EpisodeState } from '../domain/episodeState';
import { maskAppeal } from '../domain/masking';
import type { Appeal } from '../domain/types';
import type { ChangedAppeal, SupervisionDetailResult, SupervisionItemView, SupervisionListResult, SyncResult } from './views';

/**
 * Who reads a value. The studio wall, the leader panel and a unit's liaison never receive a caller's
 * full name or number (permissions.ts says which roles do); everyone else reads values whole.
 */
export type Audience = 'full' | 'masked';

/**
 * What a masked audience may read of a value of type T. Every command result and every broadcast
 * declares its projector beside its type (registry.ts, broadcasts.ts), and the server applies it in
 * one place before emit or ack: no value is masked by guessing its shape.
 */
// Declared as a method so that a projector of one type may stand in a table of projectors of many.
export type Projector<T> = { project(value: T): T }['project'];

/** A value with nothing of the caller in it: the masked audience reads it as it is. */
export function whole<T>(): Projector<T> {
  return (value) => value;
}

/** Apply a value's projector for an audience: the full audience always reads the value whole. */
export function projectFor<T>(audience: Audience, projector: Projector<T>, value: T): T {
  return audience === 'full' ? value : projector(value);
}

export const maskedAppeal: Projector<Appeal> = maskAppeal;

export const maskedEvent: Projector<EpisodeEvent> = (event) => ({
  ...event,
  ...(event.appeal ? { appeal: maskAppeal(event.appeal) } : {}),
  // The audit diff would otherwise carry the old and new number in clear.
  changes: event.changes.filter((c) => !c.path.startsWith('caller')),
});

export const maskedState: Projector<EpisodeState> = (state) => {
  const appeals: Record<string, Appeal> = {};
  for (const [id, appeal] of Object.entries(state.appeals)) appeals[id] = maskAppeal(appeal);
  return { ...state, appeals };
};

export const maskedSync: Projector<SyncResult> = (result) =>
  result.mode === 'snapshot' ? { ...result, snapshot: maskedState(result.snapshot) } : { ...result, events: result.events.map(maskedEvent) };

export const maskedChangedAppeal: Projector<ChangedAppeal> = (changed) => ({ ...changed, appeal: maskAppeal(changed.appeal) });

export const maskedItem: Projector<SupervisionItemView> = (item) => ({ ...item, appeal: maskAppeal(item.appeal) });

export const maskedItemList: Projector<SupervisionListResult> = (list) => ({ ...list, items: list.items.map(maskedItem) });

export const maskedItemDetail: Projector<SupervisionDetailResult> = (detail) => ({ item: maskedItem(detail.item), history: detail.history.map(maskedEvent) });
