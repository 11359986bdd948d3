import type { EpisodeHeading } from '../domain/episodeHeading';
import type { EpisodeEvent, EpisodeState } from '../domain/episodeState';
import type { AnnualTable } from '../domain/annualTable';
import type { EarlierAppeal } from '../domain/history';
import type { Publication } from '../domain/publications';
import type { Period, Rollup } from '../domain/rollups';
import type { ReportParagraph } from '../domain/reportParagraph';
import type { SatisfactionFigure } from '../domain/resolution';
import type { SatisfactionSummary } from '../domain/satisfaction';
import type { DueState } from '../domain/supervisionRules';
import type { CalendarOverrides } from '../domain/workCalendar';
import type { ImportedSchedules } from '../domain/holidaySchedule';
import type { Category } from '../domain/categories';
import type { CallerFlag } from '../domain/callerFlags';
import type { Appeal, Episode, Person, Rating, Role, Unit } from '../domain/types';

/*
 * What the server sends back: the result of each command and the values it broadcasts. The
 * command registry (registry.ts) names one of these, with its projector, for every command.
 */

/** A row of the episode list: enough to pick an episode without loading it. */
export interface EpisodeSummary extends EpisodeHeading {
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

/** An API key as the admin sees it: never the key nor its hash, only its first characters to recognise it. */
export interface ApiKeyView {
  id: string;
  label: string;
  /** `zfk_` and the first characters of the key, as printed when it was made. */
  prefix: string;
  role: Role;
  unitId: string | null;
  /** The commands it may run (server/http/api routes). */
  scope: string[];
  createdAt: string;
  /** Who made it (display name). */
  createdBy: string;
  revokedAt: string | null;
  /** Last call answered (kept in memory, written to the catalogue at most every few minutes). */
  lastUsedAt: string | null;
  /** Calls since this server started: answered, and refused (scope, throttle, bad body). */
  calls: number;
  refused: number;
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
  /** The controlled category list (retired ones included, marked): intake offers the active ones. Never caller flags. */
  categories: Category[];
  /** Years of official holidays brought in by the admin where the calendar library has none yet. */
  calendarYears: ImportedSchedules;
}

/** The flags kept on one caller's number (callerFlag:list / set / clear): only operators, follow-up staff and admins receive it. */
export interface CallerFlagsView {
  flags: CallerFlag[];
}

/** One supervised item as the follow-up desk and the unit view list it. */
export interface SupervisionItemView {
  episode: { id: string; year: number; number: number; date: string };
  appeal: Appeal;
  due: DueState;
  /** The rating that counts (the latest that reached the citizen). */
  rating: Rating | null;
}

/** One appeal answered on air, as the follow-up desk lists it to call the citizen back (现场回应回访). */
export interface OnAirCallbackRow {
  /** The episode it was answered in: its heading, the units on air and the leaders who answered. */
  episode: EpisodeSummary;
  /** The appeal whole (the desk sees the caller's full number, to call back); its `onAirCallbacks` are the calls so far. */
  appeal: Appeal;
  /** When the leader answered it (onAirCallbacks.answeredAt). */
  answeredAt: string;
  /** No callback has reached the citizen yet. */
  awaiting: boolean;
  /** The rating recorded by the callback that reached the citizen, or null. */
  rating: Rating | null;
}

/** Answer to `appeal:callBackList`. */
export interface OnAirCallbackListResult {
  items: OnAirCallbackRow[];
  /** Rows matching the filters; more than `items.length` when the list was cut at `cap`. */
  total: number;
  /** In the scope (episode, dates), whatever the status filter: answered on air, and still awaiting a callback. */
  answered: number;
  awaiting: number;
  /** The most rows one answer carries. */
  cap: number;
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
  /** The 满意率 on the basis asked for, with its definition. */
  satisfaction: SatisfactionFigure;
  /** The report's paragraph for the period (reportParagraph.ts). */
  paragraph: ReportParagraph;
}

export interface AnnualReport {
  year: number;
  xuzhou: AnnualTable;
  suqian: AnnualTable;
  /** The year's paragraph in the report's words, with the definition of its 满意率. */
  paragraph: ReportParagraph;
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
