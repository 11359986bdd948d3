import type { z } from 'zod';
import type { CommandError } from '../domain/errors';
import type { EpisodeEvent, EpisodeState } from '../domain/episodeState';
import type { AnnualTable } from '../domain/annualTable';
import type { EarlierAppeal } from '../domain/history';
import type { Publication } from '../domain/publications';
import type { Period, Rollup } from '../domain/rollups';
import type { SatisfactionSummary } from '../domain/satisfaction';
import type { DueState } from '../domain/supervisionRules';
import type { CalendarOverrides } from '../domain/workCalendar';
import type { Appeal, Episode, Person, Rating, Role, StudioMessage, Unit } from '../domain/types';
import type * as C from './commands';

/** The one envelope every command is answered with. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: CommandError };
export type AckFn<T> = (response: Ack<T>) => void;

/** A row of the episode list: enough to pick an episode without loading it. */
export interface EpisodeSummary {
  id: string;
  year: number;
  number: number;
  date: string;
  slot: { start: string; end: string };
  theme: string;
  status: Episode['status'];
  unitIds: string[];
  leaderNames: string[];
}

/** An account as screens see it: never the password hash. */
export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  disabled: boolean;
}

/** A big-screen link as the admin sees it: never its key. */
export interface DisplayLinkView {
  id: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface CatalogueView {
  units: Unit[];
  people: Person[];
  episodes: EpisodeSummary[];
  /** Only admins receive the account and display link lists. */
  accounts: AccountView[];
  displayLinks: DisplayLinkView[];
  /** Admin corrections of the working-day calendar. */
  calendarOverrides: CalendarOverrides;
}

/** One supervised item as the follow-up desk and the unit view list it. */
export interface SupervisionItemView {
  episode: { id: string; year: number; number: number; date: string };
  appeal: Appeal;
  due: DueState;
  /** The rating that counts (the latest that reached the citizen). */
  rating: Rating | null;
}

export interface SupervisionCounts {
  total: number;
  withUnit: number;
  replied: number;
  closed: number;
  dueSoon: number;
  overdue: number;
}

export interface SupervisionListResult {
  items: SupervisionItemView[];
  counts: SupervisionCounts;
  satisfaction: SatisfactionSummary;
}

export interface SupervisionDetailResult {
  item: SupervisionItemView;
  /** Every event of this appeal from the live call on: its whole history. */
  history: EpisodeEvent[];
}

/** Answer to `episode:sync`: the events missed since the client's seq, or the whole state when it is too far behind. */
export type SyncResult =
  | { mode: 'events'; seq: number; events: EpisodeEvent[] }
  | { mode: 'snapshot'; seq: number; snapshot: EpisodeState };

/** Answer to `appeal:history`: the caller's earlier appeals, and other callers' appeals on the same matter. */
export interface AppealHistoryResult {
  sameCaller: EarlierAppeal[];
  sameMatter: EarlierAppeal[];
}

/** The reports screen's data for one period. */
export interface ReportSummary {
  period: Period;
  total: Rollup;
  /** The same period one year earlier, for 同比. */
  previous: Rollup;
  /** Month by month over the period. */
  months: Array<{ month: string; rollup: Rollup }>;
  categories: Array<{ key: string; count: number }>;
  units: Array<{ unitId: string; name: string; rollup: Rollup }>;
  episodes: Array<{ id: string; year: number; number: number; date: string; theme: string; rollup: Rollup }>;
}

export interface AnnualReport {
  year: number;
  xuzhou: AnnualTable;
  suqian: AnnualTable;
}

/** What the public page of an episode shows: no caller, no phone, only published items. */
export interface PublicEpisode {
  episode: { id: string; year: number; number: number; date: string; theme: string; unitNames: string[]; leaders: Array<{ name: string; title: string }> };
  counts: { received: number; answeredOnAir: number; supervised: number };
  hotspots: Array<Pick<Publication, 'id' | 'title' | 'body' | 'publishedAt'>>;
  policyQa: Array<Pick<Publication, 'id' | 'title' | 'body' | 'publishedAt'>>;
}

export interface ChangedAppeal { appeal: Appeal; seq: number }
export interface ChangedEpisode { episode: Episode; seq: number }

type In<T extends z.ZodType> = z.input<T>;

/** Commands: `domain:verb`, imperative. Every one is answered through its ack. */
export interface ClientToServerEvents {
  'catalogue:get': (payload: In<typeof C.CatalogueGet>, ack: AckFn<CatalogueView>) => void;
  'unit:save': (payload: In<typeof C.UnitSave>, ack: AckFn<{ unit: Unit }>) => void;
  'person:save': (payload: In<typeof C.PersonSave>, ack: AckFn<{ person: Person }>) => void;
  'account:create': (payload: In<typeof C.AccountCreate>, ack: AckFn<{ account: AccountView }>) => void;
  'account:setDisabled': (payload: In<typeof C.AccountSetDisabled>, ack: AckFn<{ account: AccountView }>) => void;
  'displayLink:revoke': (payload: In<typeof C.DisplayLinkRevoke>, ack: AckFn<{ displayLink: DisplayLinkView }>) => void;
  'displayLink:create': (payload: In<typeof C.DisplayLinkCreate>, ack: AckFn<{ id: string; label: string; path: string }>) => void;
  'episode:plan': (payload: In<typeof C.EpisodePlan>, ack: AckFn<ChangedEpisode>) => void;
  'episode:update': (payload: In<typeof C.EpisodeUpdate>, ack: AckFn<ChangedEpisode>) => void;
  'episode:start': (payload: In<typeof C.EpisodeTransition>, ack: AckFn<ChangedEpisode>) => void;
  'episode:end': (payload: In<typeof C.EpisodeTransition>, ack: AckFn<ChangedEpisode>) => void;
  'episode:sync': (payload: In<typeof C.EpisodeSync>, ack: AckFn<SyncResult>) => void;
  'appeal:create': (payload: In<typeof C.AppealCreate>, ack: AckFn<ChangedAppeal>) => void;
  'appeal:update': (payload: In<typeof C.AppealUpdate>, ack: AckFn<ChangedAppeal>) => void;
  'appeal:screen': (payload: In<typeof C.AppealRef>, ack: AckFn<ChangedAppeal>) => void;
  'appeal:putOnAir': (payload: In<typeof C.AppealRef>, ack: AckFn<ChangedAppeal>) => void;
  'appeal:answerOnAir': (payload: In<typeof C.AppealAnswerOnAir>, ack: AckFn<ChangedAppeal>) => void;
  'appeal:handOver': (payload: In<typeof C.AppealHandOver>, ack: AckFn<ChangedAppeal>) => void;
  'appeal:markInvalid': (payload: In<typeof C.AppealMarkInvalid>, ack: AckFn<ChangedAppeal>) => void;
  'appeal:history': (payload: In<typeof C.AppealHistory>, ack: AckFn<AppealHistoryResult>) => void;
  'supervision:list': (payload: In<typeof C.SupervisionList>, ack: AckFn<SupervisionListResult>) => void;
  'supervision:detail': (payload: In<typeof C.SupervisionDetail>, ack: AckFn<SupervisionDetailResult>) => void;
  'supervision:assign': (payload: In<typeof C.SupervisionAssign>, ack: AckFn<ChangedAppeal>) => void;
  'supervision:setDeadline': (payload: In<typeof C.SupervisionSetDeadline>, ack: AckFn<ChangedAppeal>) => void;
  'supervision:remind': (payload: In<typeof C.SupervisionRemind>, ack: AckFn<ChangedAppeal>) => void;
  'supervision:requestExtension': (payload: In<typeof C.SupervisionRequestExtension>, ack: AckFn<ChangedAppeal>) => void;
  'supervision:decideExtension': (payload: In<typeof C.SupervisionDecideExtension>, ack: AckFn<ChangedAppeal>) => void;
  'supervision:reply': (payload: In<typeof C.SupervisionReply>, ack: AckFn<ChangedAppeal>) => void;
  'supervision:callBack': (payload: In<typeof C.SupervisionCallBack>, ack: AckFn<ChangedAppeal>) => void;
  'supervision:close': (payload: In<typeof C.SupervisionClose>, ack: AckFn<ChangedAppeal>) => void;
  'feedback:putOnAir': (payload: In<typeof C.FeedbackPutOnAir>, ack: AckFn<ChangedEpisode>) => void;
  'feedback:takeOffAir': (payload: In<typeof C.FeedbackTakeOffAir>, ack: AckFn<ChangedEpisode>) => void;
  'publication:draft': (payload: In<typeof C.PublicationDraft>, ack: AckFn<{ publication: Publication; seq: number }>) => void;
  'publication:edit': (payload: In<typeof C.PublicationEdit>, ack: AckFn<{ publication: Publication; seq: number }>) => void;
  'publication:publish': (payload: In<typeof C.PublicationRef>, ack: AckFn<{ publication: Publication; seq: number }>) => void;
  'publication:withdraw': (payload: In<typeof C.PublicationRef>, ack: AckFn<{ publication: Publication; seq: number }>) => void;
  'reports:summary': (payload: In<typeof C.ReportsSummary>, ack: AckFn<ReportSummary>) => void;
  'reports:annual': (payload: In<typeof C.ReportsAnnual>, ack: AckFn<AnnualReport>) => void;
  'calendar:setDay': (payload: In<typeof C.CalendarSetDay>, ack: AckFn<{ date: string; dayType: 'work' | 'off' | null }>) => void;
  'queue:reorder': (payload: In<typeof C.QueueReorder>, ack: AckFn<{ queue: string[]; seq: number }>) => void;
  'message:send': (payload: In<typeof C.MessageSend>, ack: AckFn<{ message: StudioMessage; seq: number }>) => void;
  'message:markRead': (payload: In<typeof C.MessageMarkRead>, ack: AckFn<{ message: StudioMessage; seq: number }>) => void;
}

export type CommandName = keyof ClientToServerEvents;

/**
 * Broadcasts, past tense. Episode changes travel on one channel, `episode:event`, whatever their
 * type (appeal.wentOnAir, episode.ended…): one ordered stream per episode is what makes the gap-free
 * seq checkable, and a catch-up replays exactly what a live client would have received.
 */
export interface ServerToClientEvents {
  'episode:event': (event: EpisodeEvent) => void;
  /** The server could not keep what it had (storage failure rolled back): drop local state and sync again. */
  'episode:resyncRequired': (info: { episodeId: string; reason: string }) => void;
  /** Units, people, accounts or the episode list changed: fetch the catalogue again. */
  'catalogue:changed': (info: { what: 'units' | 'people' | 'accounts' | 'displayLinks' | 'episodes' | 'calendar' }) => void;
  /** A supervised item changed (any episode): follow-up desks get every item, a unit's liaison only its own. */
  'supervision:changed': (item: SupervisionItemView) => void;
  /** An item was reassigned away from the receiving liaison's unit: drop it from the list. */
  'supervision:movedAway': (info: { appealId: string; episodeId: string }) => void;
  /** An item became due within one working day, or overdue. */
  'supervision:alert': (alert: { item: SupervisionItemView; due: 'due_soon' | 'overdue' }) => void;
  /** This session ended (logout, expiry, revoked display link): the client goes back to the login page. */
  'session:ended': (info: { reason: string }) => void;
  /**
   * This connection fell too far behind (it stopped reading, or its network cannot keep up) and is
   * being closed; unlike `session:ended`, the client connects again and syncs from its own seq.
   */
  'connection:tooSlow': (info: { reason: string }) => void;
}

/** Between the nodes of one installation, through the shared Socket.IO adapter. */
export interface InterServerEvents {
  ping: () => void;
  /** A node made an episode durable up to `seq`: the others catch up from the store. */
  'node:episodeCommitted': (note: { episodeId: string; seq: number }) => void;
  /** A node changed the catalogue: the others read it again. */
  'node:catalogueCommitted': () => void;
  /** A node ended these sessions (logout, eviction, disable): the others forget them at once. */
  'node:sessionsEnded': (sessionIds: string[]) => void;
}

/** What the server knows about each connected socket, set once at the handshake. */
export interface SocketData {
  accountId: string;
  sessionId: string;
  role: Role;
  unitId: string | null;
  displayName: string;
}
