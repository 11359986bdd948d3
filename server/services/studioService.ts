import { episodeHeading } from '../../shared/domain/episodeHeading';
import { EventEmitter } from 'node:events';
import * as appealRules from '../../shared/domain/appealRules';
import type { RuleContext } from '../../shared/domain/appealRules';
import { refuse } from '../../shared/domain/errors';
import * as episodeRules from '../../shared/domain/episodeRules';
import * as feedbackRules from '../../shared/domain/feedbackRules';
import * as onlineMessageRules from '../../shared/domain/onlineMessages';
import * as publicationRules from '../../shared/domain/publications';
import * as wallRules from '../../shared/domain/wallRules';
import { newEpisodeState, type Change, type EpisodeEvent, type EpisodeState } from '../../shared/domain/episodeState';
import type { Appeal } from '../../shared/domain/types';
import type * as C from '../../shared/protocol/commands';
import type { AppealHistoryResult, ChangedAppeal, ChangedEpisode, EpisodeSummary, SyncResult } from '../../shared/protocol/events';
import { createHash } from 'node:crypto';
import type { EpisodeHistory, Store } from '../store/store';
import type { CatalogueService } from './catalogueService';
import { newId, type Clock } from './clock';
import { EpisodeLedger, type CommandMeta, type CommitOrigin, type LedgerOptions } from './episodeLedger';
import { AppealIndex } from './appealIndex';
import { toEarlierAppeal, type EarlierAppeal } from '../../shared/domain/history';
import { SharedSnapshots } from './sharedSnapshots';

interface StudioEvents {
  /** Durable events in seq order, and where they came from (CommitOrigin, episodeLedger.ts). */
  committed: [EpisodeEvent[], CommitOrigin];
  rolledBack: [{ episodeId: string; error: unknown }];
  episodesChanged: [];
  /** An episode another node planned (or that this node had not seen) is now held here too. */
  adopted: [EpisodeState];
}

/**
 * The live programme: every episode's ledger, and one method per studio command. Each method picks
 * the pure rule from shared/ and lets the ledger make it durable; nothing here knows about sockets.
 */
export class StudioService extends EventEmitter<StudioEvents> {
  private readonly ledgers = new Map<string, EpisodeLedger>();
  /** Built on first use: start-up over ten years should not wait for an index the first caller card needs. */
  private index: AppealIndex | null = null;
  /** Snapshots shared by every sync at the same episode and seq (`snapshots.builds` counts the real reads). */
  readonly snapshots = new SharedSnapshots();

  constructor(
    private readonly store: Store,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
    /** Other nodes write to the same store (PostgreSQL with several nodes). */
    private readonly shared = false,
    /** Passed to every episode ledger (the quiet delay before a checkpoint; tests shorten it). */
    private readonly ledgerOptions: LedgerOptions = {},
  ) {
    super();
    // The index follows what is durable only, so a rolled-back write never leaves a phantom behind.
    this.on('committed', (events) => {
      if (this.index) for (const event of events) if (event.appeal) this.index.track(event.appeal);
      for (const episodeId of new Set(events.map((e) => e.episodeId))) this.snapshots.forget(episodeId);
    });
    // The index is built from live states, which may hold changes still on their way to the disk: a
    // change that is refused puts its appeals' keys back.
    this.on('rolledBack', ({ episodeId }) => {
      this.snapshots.forget(episodeId);
      const state = this.ledgers.get(episodeId)?.state;
      if (this.index && state) for (const appeal of Object.values(state.appeals)) this.index.track(appeal);
    });
  }

  /** Load every episode's state from the store (start-up); histories are read when first needed. */
  async load(): Promise<void> {
    for (const state of await this.store.loadEpisodeStates()) this.adopt(state);
  }

  private adopt(state: EpisodeState, fresh?: EpisodeHistory): EpisodeLedger {
    const ledger = new EpisodeLedger(
      state,
      this.store,
      {
        committed: (events, origin) => this.emit('committed', events, origin),
        rolledBack: (episodeId, error) => this.emit('rolledBack', { episodeId, error }),
        shared: this.shared,
      },
      fresh,
      this.ledgerOptions,
    );
    this.ledgers.set(ledger.id, ledger);
    if (this.index) for (const appeal of Object.values(state.appeals)) this.index.track(appeal);
    return ledger;
  }

  /**
   * Another node made `episodeId` durable up to `seq`: hold it too if it is new here, catch up if
   * behind. A note for a seq already held is dropped; notes arriving in a burst share one read of the
   * store (EpisodeLedger.catchUp), and so do the notes of an episode still being adopted.
   */
  async noteCommittedElsewhere(episodeId: string, seq: number, announced = true): Promise<void> {
    let ledger = this.ledgers.get(episodeId);
    if (!ledger) {
      await this.adoptFromStore(episodeId);
      ledger = this.ledgers.get(episodeId);
      if (!ledger) return;
    }
    if (ledger.state.seq < seq) await ledger.catchUp(announced, seq);
  }

  /** Episodes being read from the store for adoption: a burst of notes for a new episode reads it once. */
  private readonly adopting = new Map<string, Promise<void>>();

  private adoptFromStore(episodeId: string): Promise<void> {
    let adopting = this.adopting.get(episodeId);
    if (!adopting) {
      adopting = this.store
        .loadEpisodeState(episodeId)
        .then((state) => {
          if (!state || this.ledgers.has(episodeId)) return;
          this.adopt(state);
          this.emit('adopted', state);
          this.emit('episodesChanged');
        })
        .finally(() => this.adopting.delete(episodeId));
      this.adopting.set(episodeId, adopting);
    }
    return adopting;
  }

  /**
   * Compare every episode's seq with the store's and catch up (a safety net for a missed note): one
   * query when nothing is behind, however many episodes; the episodes that are behind catch up side
   * by side, each joining a catch-up its notes may already have queued.
   */
  async catchUpWithStore(): Promise<void> {
    const seqs = await this.store.loadEpisodeSeqs?.();
    if (!seqs) return;
    const behind = [...seqs].filter(([episodeId, seq]) => (this.ledgers.get(episodeId)?.state.seq ?? -1) < seq);
    const results = await Promise.allSettled(behind.map(([episodeId, seq]) => this.noteCommittedElsewhere(episodeId, seq, false)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Fold quiet episodes into checkpoints before the store closes. */
  close(): void {
    for (const ledger of this.ledgers.values()) ledger.checkpointIfQuiet();
  }

  private appealIndex(): AppealIndex {
    if (!this.index) {
      this.index = new AppealIndex();
      for (const ledger of this.ledgers.values()) for (const appeal of Object.values(ledger.state.appeals)) this.index.track(appeal);
    }
    return this.index;
  }

  private ctx(): RuleContext {
    return { now: this.clock.now().toISOString(), newId, calendar: this.catalogue.calendar(), catalogue: this.catalogue.data };
  }

  ledger(episodeId: string): EpisodeLedger {
    const ledger = this.ledgers.get(episodeId);
    if (!ledger) throw refuse('EPISODE_NOT_FOUND', undefined, { field: 'episodeId' });
    return ledger;
  }

  /** True when the episode exists (its file was written). */
  has(episodeId: string): boolean {
    return this.ledgers.has(episodeId);
  }

  state(episodeId: string): EpisodeState {
    return this.ledger(episodeId).state;
  }

  /** Every episode, newest first, as list rows. */
  summaries(): EpisodeSummary[] {
    return [...this.ledgers.values()]
      .map(({ state: { episode } }) => ({
        ...episodeHeading(episode),
        unitIds: episode.unitIds,
        leaderNames: episode.leaders.map((l) => l.name),
      }))
      .sort((a, b) => b.date.localeCompare(a.date) || b.number - a.number);
  }

  private planningCatalogue(): episodeRules.PlanningCatalogue {
    return {
      units: this.catalogue.data.units,
      people: this.catalogue.data.people,
      takenNumbers: [...this.ledgers.values()].map(({ state: { episode } }) => ({ year: episode.year, number: episode.number, episodeId: episode.id })),
    };
  }

  /** Plan a new episode: its own file is created and durable before the ack. */
  async plan(input: C.EpisodePlanInput, meta: CommandMeta): Promise<ChangedEpisode> {
    // The new episode's id comes from the commandId, so a retry finds the episode it made, even after a restart.
    const episodeId = episodeIdFor(meta.commandId);
    const existing = this.ledgers.get(episodeId);
    if (existing) {
      const record = await existing.recorded(meta.commandId);
      if (!record || record.fingerprint !== meta.fingerprint) throw refuse('COMMAND_ID_REUSED');
      await existing.flush();
      return record.result as ChangedEpisode;
    }
    const episode = episodeRules.planEpisode(input, this.planningCatalogue(), { ...this.ctx(), newId: () => episodeId });
    const state = newEpisodeState({ ...episode });
    const event: EpisodeEvent = { type: 'episode.planned', episode, episodeId: episode.id, seq: 1, at: meta.at, actor: meta.actor, command: meta.command, commandId: meta.commandId, changes: [] };
    state.seq = 1;
    const result: ChangedEpisode = { episode, seq: 1 };
    const ledger = this.adopt(state, { events: [event], commands: { [meta.commandId]: { command: meta.command, fingerprint: meta.fingerprint, at: meta.at, result } } });
    try {
      await ledger.flush();
    } catch {
      this.ledgers.delete(episode.id);
      // Whoever counted the episode while its file was being written must forget it again.
      this.emit('episodesChanged');
      throw refuse('STORAGE_FAILED');
    }
    this.emit('episodesChanged');
    return result;
  }

  private runOnEpisode<T>(episodeId: string, meta: CommandMeta, decide: (state: EpisodeState) => Change[], present: (state: EpisodeState, events: EpisodeEvent[]) => T): Promise<T> {
    return this.ledger(episodeId).run(meta, decide, present);
  }

  private episodeResult = (state: EpisodeState): ChangedEpisode => ({ episode: state.episode, seq: state.seq });

  private appealResult(appealId: string) {
    return (state: EpisodeState): ChangedAppeal => ({ appeal: state.appeals[appealId] as Appeal, seq: state.seq });
  }

  async update(input: C.EpisodeUpdateInput, meta: CommandMeta): Promise<ChangedEpisode> {
    const result = await this.runOnEpisode(input.episodeId, meta, (s) => episodeRules.updateEpisode(s, input, this.planningCatalogue()), this.episodeResult);
    this.emit('episodesChanged');
    return result;
  }

  async start(input: C.EpisodeTransitionInput, meta: CommandMeta): Promise<ChangedEpisode> {
    const result = await this.runOnEpisode(input.episodeId, meta, (s) => episodeRules.startEpisode(s, this.ctx()), this.episodeResult);
    this.emit('episodesChanged');
    return result;
  }

  async end(input: C.EpisodeTransitionInput, meta: CommandMeta): Promise<ChangedEpisode> {
    const result = await this.runOnEpisode(input.episodeId, meta, (s) => episodeRules.endEpisode(s, this.ctx()), this.episodeResult);
    this.emit('episodesChanged');
    return result;
  }

  async createAppeal(input: C.AppealCreateInput, meta: CommandMeta): Promise<ChangedAppeal> {
    return this.runOnEpisode(
      input.episodeId,
      meta,
      (s) => appealRules.receiveAppeal(s, input, this.ctx()),
      (s, events) => ({ appeal: events[0].appeal as Appeal, seq: s.seq }),
    );
  }

  /**
   * A citizen's message from the public page (网络留言): a received online appeal, through the ledger
   * like every command, so the receipt is given only once it is on disk and a retry under the same
   * commandId (server/services/onlineMessages.ts makes it from the message) changes nothing twice.
   */
  receiveOnlineMessage(input: onlineMessageRules.OnlineMessage, meta: CommandMeta): Promise<ChangedAppeal> {
    return this.runOnEpisode(
      input.episodeId,
      meta,
      (s) => onlineMessageRules.receiveOnlineMessage(s, input, this.ctx()),
      (s, events) => ({ appeal: events[0].appeal as Appeal, seq: s.seq }),
    );
  }

  async updateAppeal(input: C.AppealUpdateInput, meta: CommandMeta): Promise<ChangedAppeal> {
    return this.runOnEpisode(input.episodeId, meta, (s) => appealRules.updateAppeal(s, input, this.ctx()), this.appealResult(input.appealId));
  }

  screenAppeal(input: C.AppealRefInput, meta: CommandMeta): Promise<ChangedAppeal> {
    return this.runOnEpisode(input.episodeId, meta, (s) => appealRules.screenAppeal(s, input), this.appealResult(input.appealId));
  }

  putOnAir(input: C.AppealRefInput, meta: CommandMeta): Promise<ChangedAppeal> {
    return this.runOnEpisode(input.episodeId, meta, (s) => appealRules.putOnAir(s, input, this.ctx()), this.appealResult(input.appealId));
  }

  answerOnAir(input: C.AppealAnswerOnAirInput, meta: CommandMeta): Promise<ChangedAppeal> {
    return this.runOnEpisode(input.episodeId, meta, (s) => appealRules.answerOnAir(s, input, this.ctx()), this.appealResult(input.appealId));
  }

  async handOverToSupervision(input: C.AppealHandOverInput, meta: CommandMeta): Promise<ChangedAppeal> {
    return this.runOnEpisode(input.episodeId, meta, (s) => appealRules.handOverToSupervision(s, input, this.ctx()), this.appealResult(input.appealId));
  }

  markInvalid(input: C.AppealMarkInvalidInput, meta: CommandMeta): Promise<ChangedAppeal> {
    return this.runOnEpisode(input.episodeId, meta, (s) => appealRules.markInvalid(s, input, this.ctx()), this.appealResult(input.appealId));
  }

  reorderQueue(input: C.QueueReorderInput, meta: CommandMeta) {
    return this.runOnEpisode(input.episodeId, meta, (s) => appealRules.reorderQueue(s, input), (s) => ({ queue: s.episode.queue, seq: s.seq }));
  }

  /** Report an earlier episode's supervised item on air in a feedback episode. */
  putFeedbackOnAir(input: C.FeedbackPutOnAirInput, meta: CommandMeta): Promise<ChangedEpisode> {
    const sourceLedger = this.ledgers.get(input.sourceEpisodeId);
    if (!sourceLedger) throw refuse('EPISODE_NOT_FOUND', '找不到原节目，请刷新督办列表。', { field: 'sourceEpisodeId' });
    const source = sourceLedger.state;
    return this.runOnEpisode(
      input.episodeId,
      meta,
      (s) => feedbackRules.putFeedbackOnAir(s, { episode: source.episode, appeal: source.appeals[input.appealId] }, meta.at),
      this.episodeResult,
    );
  }

  takeFeedbackOffAir(input: C.EpisodeTransitionInput, meta: CommandMeta): Promise<ChangedEpisode> {
    return this.runOnEpisode(input.episodeId, meta, (s) => feedbackRules.takeFeedbackOffAir(s), this.episodeResult);
  }

  /** The producer hides the studio wall (standby panel) or shows it again; durable before the ack like any episode change. */
  setWallHidden(input: C.WallSetHiddenInput, meta: CommandMeta) {
    return this.runOnEpisode(input.episodeId, meta, (s) => wallRules.setWallHidden(s, input, meta.actor.name, meta.at), (s) => ({ wall: s.wall!, seq: s.seq }));
  }

  draftPublication(input: C.PublicationDraftInput, meta: CommandMeta) {
    return this.runOnEpisode(input.episodeId, meta, (s) => publicationRules.draftPublication(s, input, meta.actor.name, this.ctx()), (s, events) => ({ publication: events[0].publication!, seq: s.seq }));
  }

  editPublication(input: C.PublicationEditInput, meta: CommandMeta) {
    return this.runOnEpisode(input.episodeId, meta, (s) => publicationRules.editPublication(s, input), (s) => ({ publication: s.publications![input.publicationId], seq: s.seq }));
  }

  publishPublication(input: C.PublicationRefInput, meta: CommandMeta) {
    return this.runOnEpisode(input.episodeId, meta, (s) => publicationRules.publishPublication(s, input, this.ctx()), (s) => ({ publication: s.publications![input.publicationId], seq: s.seq }));
  }

  withdrawPublication(input: C.PublicationRefInput, meta: CommandMeta) {
    return this.runOnEpisode(input.episodeId, meta, (s) => publicationRules.withdrawPublication(s, input, this.ctx()), (s) => ({ publication: s.publications![input.publicationId], seq: s.seq }));
  }

  sendMessage(input: C.MessageSendInput, meta: CommandMeta) {
    return this.runOnEpisode(
      input.episodeId,
      meta,
      (s) => episodeRules.sendMessage(s, input, meta.actor.name, this.ctx()),
      (s, events) => ({ message: events[0].message!, seq: s.seq }),
    );
  }

  markMessageRead(input: C.MessageMarkReadInput, meta: CommandMeta) {
    return this.runOnEpisode(
      input.episodeId,
      meta,
      (s) => episodeRules.markMessageRead(s, input, meta.actor.name, this.ctx()),
      (s) => ({ message: s.messages[input.messageId], seq: s.seq }),
    );
  }

  /** The caller's other appeals, in any episode (newest first, at most 10), and the same matter from others (at most 5). */
  history(input: C.AppealHistoryInput): AppealHistoryResult {
    const target = input.appealId ? this.state(input.episodeId!).appeals[input.appealId] : undefined;
    if (input.appealId && !target) throw refuse('APPEAL_NOT_FOUND', undefined, { field: 'appealId' });
    const phone = target?.caller.phone ?? input.phone ?? '';
    const matter = { area: target?.area ?? input.area ?? '', category: target?.category ?? input.category ?? '' };
    const sameCallerRefs = this.appealIndex().sameCaller(phone).filter((r) => r.appealId !== input.appealId);
    const callerIds = new Set(sameCallerRefs.map((r) => r.appealId));
    const sameMatterRefs = matter.category ? this.appealIndex().sameMatter(matter).filter((r) => r.appealId !== input.appealId && !callerIds.has(r.appealId)) : [];
    return { sameCaller: this.present(sameCallerRefs, 10), sameMatter: this.present(sameMatterRefs, 5) };
  }

  private present(refs: readonly { episodeId: string; appealId: string }[], limit: number): EarlierAppeal[] {
    return refs
      .map(({ episodeId, appealId }) => {
        const state = this.ledgers.get(episodeId)?.state;
        const appeal = state?.appeals[appealId];
        return state && appeal && appeal.status !== 'invalid' ? toEarlierAppeal(appeal, state.episode) : null;
      })
      .filter((e): e is EarlierAppeal => e !== null)
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
      .slice(0, limit);
  }

  /** Catch-up for a (re)connecting client; snapshots at one seq are read once and shared (sharedSnapshots.ts). */
  sync(input: C.EpisodeSyncInput, subscribe: () => void): Promise<SyncResult> {
    return this.snapshots.sync(this.ledger(input.episodeId), input.sinceSeq, subscribe);
  }
}

/** A planned episode's id, made from the plan command's id: 20 hex digits like every other id. */
export function episodeIdFor(commandId: string): string {
  return createHash('sha256').update(`episode:plan\u0000${commandId}`).digest('hex').slice(0, 20);
}
