import { EventEmitter } from 'node:events';
import { assertUnitExists } from '../../shared/domain/catalogueRules';
import { refuse } from '../../shared/domain/errors';
import type { EpisodeEvent, EpisodeState } from '../../shared/domain/episodeState';
import { finalRating, summarizeSatisfaction } from '../../shared/domain/satisfaction';
import * as rules from '../../shared/domain/supervisionRules';
import type { Appeal } from '../../shared/domain/types';
import type * as C from '../../shared/protocol/commands';
import type { ChangedAppeal, OnAirCallbackListResult, SupervisionCounts, SupervisionDetailResult, SupervisionItemView, SupervisionListResult } from '../../shared/protocol/events';
import { mayTouchItem } from '../../shared/protocol/permissions';
import type { CatalogueService } from './catalogueService';
import { newId, type Clock } from './clock';
import type { CommandMeta, CommitOrigin } from './episodeLedger';
import { OnAirCallbackList } from './onAirCallbackList';
import type { StudioService } from './studioService';

/** Who is asking: the unit scope of a liaison is enforced here, for sockets and HTTP alike. */
export interface ItemActor {
  role: import('../../shared/domain/types').Role;
  unitId: string | null;
  name: string;
}

interface SupervisionEvents {
  changed: [SupervisionItemView];
  /** An item left a unit (改派): that unit's liaisons drop it. */
  movedAway: [{ appealId: string; episodeId: string; fromUnitId: string }];
  alert: [{ item: SupervisionItemView; due: 'due_soon' | 'overdue' }];
}

/**
 * After the broadcast: every supervised item across all episodes. Commands run through the owning
 * episode's ledger (same durability, seq and audit trail); an index of supervised appeals, kept by
 * the committed events, serves the follow-up desk's list without scanning every episode.
 */
export class SupervisionService extends EventEmitter<SupervisionEvents> {
  /** appealId → episodeId of every supervised appeal. */
  private readonly index = new Map<string, string>();
  /** Last due state seen per item, so an alert fires once when an item crosses into due soon or overdue. */
  private readonly lastDue = new Map<string, rules.DueState>();
  /** Appeals answered on air, for the desk's 现场回应回访 list. */
  private readonly onAir: OnAirCallbackList;

  constructor(
    private readonly studio: StudioService,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
  ) {
    super();
    this.onAir = new OnAirCallbackList(studio);
    for (const summary of studio.summaries()) this.indexEpisode(studio.state(summary.id));
    studio.on('committed', (events, origin) => this.onCommitted(events, origin));
    studio.on('adopted', (state) => this.indexEpisode(state));
  }

  private indexEpisode(state: EpisodeState): void {
    for (const appeal of Object.values(state.appeals)) {
      if (!appeal.supervision) continue;
      this.index.set(appeal.id, appeal.episodeId);
      this.lastDue.set(appeal.id, this.dueOf(appeal));
    }
  }

  private onCommitted(events: EpisodeEvent[], origin: CommitOrigin): void {
    for (const event of events) {
      if (!event.appeal?.supervision) continue;
      this.index.set(event.appeal.id, event.episodeId);
      // Another node's change reached the desks through the shared adapter; alerts are each node's own to give.
      if (origin !== 'here') {
        this.noteDue(this.view(event.appeal));
        continue;
      }
      const item = this.view(event.appeal);
      const moved = event.type === 'supervision.assigned' ? event.appeal.supervision.assignments.at(-1) : undefined;
      if (moved) this.emit('movedAway', { appealId: event.appeal.id, episodeId: event.episodeId, fromUnitId: moved.from });
      this.emit('changed', item);
      this.noteDue(item);
    }
  }

  private dueOf(appeal: Appeal): rules.DueState {
    return rules.dueState(appeal.supervision!, this.clock.now(), this.catalogue.calendar());
  }

  private view(appeal: Appeal): SupervisionItemView {
    const { episode } = this.studio.state(appeal.episodeId);
    return {
      episode: { id: episode.id, year: episode.year, number: episode.number, date: episode.date },
      appeal,
      due: this.dueOf(appeal),
      rating: finalRating(appeal.supervision),
    };
  }

  private noteDue(item: SupervisionItemView): void {
    const before = this.lastDue.get(item.appeal.id);
    this.lastDue.set(item.appeal.id, item.due);
    if ((item.due === 'due_soon' || item.due === 'overdue') && before !== item.due) this.emit('alert', { item, due: item.due });
  }

  /** Re-evaluate every open item against the clock: called on a timer, and by tests after moving time. */
  checkDue(): number {
    let alerts = 0;
    for (const appeal of this.supervisedAppeals()) {
      if (appeal.supervision!.status !== 'with_unit') continue;
      const item = this.view(appeal);
      const before = this.lastDue.get(appeal.id);
      this.noteDue(item);
      if (item.due !== before && (item.due === 'due_soon' || item.due === 'overdue')) alerts++;
    }
    return alerts;
  }

  private *supervisedAppeals(): Generator<Appeal> {
    for (const [appealId, episodeId] of this.index) {
      const appeal = this.studio.state(episodeId).appeals[appealId];
      if (appeal?.supervision) yield appeal;
    }
  }

  /** The items an actor may see, filtered, newest deadline pressure first; with counts and satisfaction. */
  list(input: C.SupervisionListInput, actor: ItemActor): SupervisionListResult {
    if (actor.role === 'unit' && input.unitId && input.unitId !== actor.unitId) throw refuse('FORBIDDEN', '单位联络员只能查看本单位的督办事项。');
    const items: SupervisionItemView[] = [];
    const inScope: Array<Appeal['supervision']> = [];
    const counts: SupervisionCounts = { total: 0, withUnit: 0, replied: 0, closed: 0, dueSoon: 0, overdue: 0 };
    for (const appeal of this.supervisedAppeals()) {
      const supervision = appeal.supervision!;
      if (!mayTouchItem(actor, supervision.unitId)) continue;
      if (input.unitId && supervision.unitId !== input.unitId) continue;
      if (input.episodeId && appeal.episodeId !== input.episodeId) continue;
      const item = this.view(appeal);
      inScope.push(supervision);
      counts.total++;
      if (supervision.status === 'with_unit') counts.withUnit++;
      else if (supervision.status === 'replied') counts.replied++;
      else counts.closed++;
      if (item.due === 'due_soon') counts.dueSoon++;
      if (item.due === 'overdue') counts.overdue++;
      if (input.status && supervision.status !== input.status) continue;
      if (input.due && item.due !== input.due) continue;
      items.push(item);
    }
    // Counts and satisfaction describe the unit/episode scope; status and due filters only narrow the list.
    const satisfaction = summarizeSatisfaction(inScope);
    if (input.summaryOnly) return { items: [], counts, satisfaction };
    const order: Record<rules.DueState, number> = { overdue: 0, due_soon: 1, on_track: 2, done: 3 };
    items.sort((a, b) => order[a.due] - order[b.due] || a.appeal.supervision!.deadline.localeCompare(b.appeal.supervision!.deadline));
    return { items, counts, satisfaction };
  }

  /** One item with its whole history from the live call on. */
  async detail(input: C.SupervisionDetailInput, actor: ItemActor): Promise<SupervisionDetailResult> {
    const appeal = this.itemFor(input.episodeId, input.appealId, actor);
    const history = (await this.studio.ledger(input.episodeId).events()).filter((e) => e.appeal?.id === appeal.id);
    return { item: this.view(appeal), history };
  }

  private itemFor(episodeId: string, appealId: string, actor: ItemActor): Appeal {
    const appeal = this.studio.state(episodeId).appeals[appealId];
    if (!appeal) throw refuse('APPEAL_NOT_FOUND', undefined, { field: 'appealId' });
    if (!appeal.supervision) throw refuse('ILLEGAL_TRANSITION', '这条诉求不在直播后督办中。');
    // Same answer whether the item is another unit's or the liaison guessed an id: refused.
    if (!mayTouchItem(actor, appeal.supervision.unitId)) throw refuse('FORBIDDEN', '单位联络员只能查看和办理本单位的督办事项。');
    return appeal;
  }

  private ctx(): rules.SupervisionContext {
    return { now: this.clock.now().toISOString(), newId, calendar: this.catalogue.calendar() };
  }

  private run(input: { episodeId: string; appealId: string }, actor: ItemActor, meta: CommandMeta, decide: (state: EpisodeState) => ReturnType<typeof rules.remindUnit>): Promise<ChangedAppeal> {
    // The unit scope is checked on every call, retries included: a replayed id must not open another unit's item.
    this.itemFor(input.episodeId, input.appealId, actor);
    return this.studio.ledger(input.episodeId).run(meta, decide, (state) => ({ appeal: state.appeals[input.appealId], seq: state.seq }));
  }

  assign(input: C.SupervisionAssignInput, actor: ItemActor, meta: CommandMeta) {
    // Not inside assignToUnit: the desk runs that rule with a placeholder unit to ask whether reassigning is open (tryRule).
    assertUnitExists(this.catalogue.data, input.unitId, 'unitId');
    return this.run(input, actor, meta, (s) => rules.assignToUnit(s, input, actor.name, this.ctx()));
  }

  setDeadline(input: C.SupervisionSetDeadlineInput, actor: ItemActor, meta: CommandMeta) {
    return this.run(input, actor, meta, (s) => rules.changeDeadline(s, input, actor.name, this.ctx()));
  }

  remind(input: C.SupervisionRemindInput, actor: ItemActor, meta: CommandMeta) {
    return this.run(input, actor, meta, (s) => rules.remindUnit(s, input, actor.name, this.ctx()));
  }

  requestExtension(input: C.SupervisionRequestExtensionInput, actor: ItemActor, meta: CommandMeta) {
    return this.run(input, actor, meta, (s) => rules.requestExtension(s, input, actor.name, this.ctx()));
  }

  decideExtension(input: C.SupervisionDecideExtensionInput, actor: ItemActor, meta: CommandMeta) {
    return this.run(input, actor, meta, (s) => rules.decideExtension(s, input, actor.name, this.ctx()));
  }

  /** A liaison replies for its unit; follow-up staff and admins record a reply on the unit's behalf. */
  reply(input: C.SupervisionReplyInput, actor: ItemActor, meta: CommandMeta) {
    return this.run(input, actor, meta, (s) => rules.recordReply(s, { ...input, onBehalf: actor.role !== 'unit' }, actor.name, this.ctx()));
  }

  callBack(input: C.SupervisionCallBackInput, actor: ItemActor, meta: CommandMeta) {
    return this.run(input, actor, meta, (s) => rules.recordCallback(s, input, actor.name, this.ctx()));
  }

  /** 回访 of an appeal answered on air (no supervised item: the desks alone may do it, no unit scope). */
  callBackOnAir(input: C.AppealCallBackInput, actor: ItemActor, meta: CommandMeta): Promise<ChangedAppeal> {
    if (!this.studio.state(input.episodeId).appeals[input.appealId]) throw refuse('APPEAL_NOT_FOUND', undefined, { field: 'appealId' });
    return this.studio.ledger(input.episodeId).run(
      meta,
      (s) => rules.recordOnAirCallback(s, input, actor.name, this.ctx()),
      (state) => ({ appeal: state.appeals[input.appealId], seq: state.seq }),
    );
  }

  /** The desk's list of appeals answered on air, awaiting a callback or all (no unit scope: the desks alone may read it). */
  callBackList(input: C.AppealCallBackListInput): OnAirCallbackListResult {
    return this.onAir.list(input);
  }

  close(input: C.SupervisionCloseInput, actor: ItemActor, meta: CommandMeta) {
    return this.run(input, actor, meta, (s) => rules.closeItem(s, input, this.ctx()));
  }
}
