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
