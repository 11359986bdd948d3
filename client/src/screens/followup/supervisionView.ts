import { callbacksSinceReply } from '../../../../shared/domain/supervisionRules';
import { useMemo } from 'react';
import { DomainError } from '../../../../shared/domain/errors';
import type { Change, EpisodeState } from '../../../../shared/domain/episodeState';
import { callerLabel } from '../../../../shared/domain/masking';
import { finalRating } from '../../../../shared/domain/satisfaction';
import { dueState, type DueState, type SupervisionContext } from '../../../../shared/domain/supervisionRules';
import type { Appeal, Caller, Episode, ExtensionRequest, Supervision, Unit } from '../../../../shared/domain/types';
import { centreCalendar, chinaDate, type WorkCalendar } from '../../../../shared/domain/workCalendar';
import type { CatalogueView, SupervisionItemView } from '../../../../shared/protocol/events';
import { followupStrings as t } from './strings';

/** The working-day calendar the server uses: the official one, the years the admin brought in, and the admin's corrections. */
export function useWorkCalendar(catalogue: CatalogueView | null): WorkCalendar {
  const overrides = catalogue?.calendarOverrides;
  const years = catalogue?.calendarYears;
  return useMemo(() => centreCalendar(overrides, years), [overrides, years]);
}

/** Unit name by id. */
export function unitNamer(units: Unit[] | undefined): (unitId: string | null | undefined) => string {
  const names = new Map((units ?? []).map((u) => [u.id, u.name]));
  return (unitId) => (unitId ? names.get(unitId) ?? t.unknownUnit : t.none);
}

/** 第37期 · 第3号 */
export function itemNo(item: SupervisionItemView): string {
  return t.itemNo(item.episode.number, item.appeal.no);
}

/** How the caller arrived for this role: the desk gets the full name and number, a liaison the masked ones (王先生 138****1234). */
export function callerText(caller: Caller): string {
  return t.callerLine(callerLabel(caller), caller.phone);
}

/** Where an item stands against its deadline now (the shared rule, on the shared calendar), and the working days left. */
export function dueNow(item: SupervisionItemView, now: Date, calendar: WorkCalendar): { due: DueState; left: number } {
  const supervision = item.appeal.supervision!;
  const due = dueState(supervision, now, calendar);
  return { due, left: calendar.workdaysBetween(chinaDate(now), supervision.deadline) };
}

/** An item view for a fresh appeal (a command's ack), with its due state and counting rating from the shared rules. */
export function withAppeal(item: SupervisionItemView, appeal: Appeal, calendar: WorkCalendar): SupervisionItemView {
  if (appeal.version <= item.appeal.version || !appeal.supervision) return item;
  return { ...item, appeal, due: dueState(appeal.supervision, new Date(), calendar), rating: finalRating(appeal.supervision) };
}

/** ok: allowed, with the appeal it would produce; refused: the rule's Chinese reason; unknown: the check itself failed (the server decides). */
export type RuleTrial = { ok: true; appeal: Appeal } | { ok: false; refused: true; message: string } | { ok: false; refused: false; message: '' };

/**
 * Ask the shared supervision rule itself whether an action is allowed on this item now, and what it
 * would produce (a new deadline, for a preview). The screen never re-decides what the server
 * enforces: it runs the very same pure function on a one-appeal state. The server still decides.
 */
export function tryRule(
  appeal: Appeal,
  calendar: WorkCalendar,
  decide: (state: EpisodeState, ref: { appealId: string; expectedVersion: number }, ctx: SupervisionContext) => Change[],
): RuleTrial {
  const state: EpisodeState = { episode: {} as Episode, appeals: { [appeal.id]: appeal }, appealOrder: [appeal.id], messages: {}, seq: 0 };
  const ctx: SupervisionContext = { now: new Date().toISOString(), newId: () => 'preview', calendar };
  try {
    const changes = decide(state, { appealId: appeal.id, expectedVersion: appeal.version }, ctx);
    const next = changes.find((c) => c.appeal?.id === appeal.id)?.appeal;
    return next ? { ok: true, appeal: next } : { ok: false, refused: false, message: '' };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, refused: true, message: error.message };
    // A check that breaks must not take the screen down nor block the action: the server still decides.
    console.error('supervision rule check failed', error);
    return { ok: false, refused: false, message: '' };
  }
}

/**
 * A pending extension request is closed by the unit's reply (as not granted, by the replier, at the
 * reply's moment): tell that apart from a refusal by the desk, which the stored decision alone does not.
 */
export function isWithdrawnByReply(request: ExtensionRequest, supervision: Supervision): boolean {
  const decision = request.decision;
  return Boolean(decision && !decision.granted && supervision.replies.some((r) => r.at === decision.at && r.by === decision.by));
}

/** Callbacks since the unit's latest reply that did not reach the citizen: what counts towards closing unreached. */
export function unreachableSinceReply(appeal: Appeal): number {
  // The shared rule decides which callbacks follow the latest reply (by order, not by clock), as closeItem does.
  return appeal.supervision ? callbacksSinceReply(appeal.supervision).filter((c) => c.outcome === 'unreachable').length : 0;
}
