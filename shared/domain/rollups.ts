import type { EpisodeState } from './episodeState';
import { isResolved } from './resolution';
import { appealRating, summarizeRatings, type SatisfactionSummary } from './satisfaction';
import type { Rating } from './types';
import { chinaDate } from './workCalendar';

/**
 * What one episode contributes to every report. Computed from its state alone, so the same
 * numbers come out live during the broadcast, after a restart, and from the CLI reading the files.
 */
/** The appeal counts an episode and a period share. */
export interface AppealCounts {
  received: number;
  /** 诉求来源: 电话 (hotline and studio line) and 互联网 (online messages), valid appeals; phone + internet = received. */
  phone: number;
  internet: number;
  answeredOnAir: number;
  supervised: number;
  invalid: number;
  closed: number;
  closedOnTime: number;
  /** 解决 (resolution.ts): valid appeals resolved; resolved ÷ received is the Xuzhou report's 满意率. */
  resolved: number;
}

export interface EpisodeRollup extends AppealCounts {
  episodeId: string;
  date: string;
  year: number;
  /** Held = went on air (live or ended); planned episodes are not counted anywhere. */
  held: boolean;
  unitIds: string[];
  leaders: number;
  principalLeaders: number;
  /** Final rating of each appeal that has one: supervised items, and appeals answered on air called back. */
  ratings: Rating[];
  hotspots: number;
  policyQa: number;
  /** Appeals by category (valid ones), for the category chart. */
  categories: Record<string, number>;
  /** Appeals by responsible unit (supervised items) or target unit. */
  appealsByUnit: Record<string, number>;
}

/** One rollup per episode, from its state. */
export function rollupEpisode(state: EpisodeState): EpisodeRollup {
  const { episode } = state;
  const rollup: EpisodeRollup = {
    episodeId: episode.id,
    date: episode.date,
    year: episode.year,
    held: episode.status !== 'planned',
    unitIds: [...episode.unitIds],
    leaders: episode.leaders.length,
    principalLeaders: episode.leaders.filter((l) => l.principal).length,
    received: 0,
    phone: 0,
    internet: 0,
    answeredOnAir: 0,
    supervised: 0,
    invalid: 0,
    closed: 0,
    closedOnTime: 0,
    resolved: 0,
    ratings: [],
    hotspots: 0,
    policyQa: 0,
    categories: {},
    appealsByUnit: {},
  };
  for (const appeal of Object.values(state.appeals)) {
    if (appeal.status === 'invalid') {
      rollup.invalid++;
      continue;
    }
    rollup.received++;
    if (appeal.channel === 'online') rollup.internet++;
    else rollup.phone++;
    if (isResolved(appeal)) rollup.resolved++;
    if (appeal.status === 'answered_on_air') rollup.answeredOnAir++;
    if (appeal.status === 'supervised') rollup.supervised++;
    const category = appeal.category.trim() || '未分类';
    rollup.categories[category] = (rollup.categories[category] ?? 0) + 1;
    const unit = appeal.supervision?.unitId ?? appeal.targetUnitId ?? episode.unitIds[0] ?? '';
    if (unit) rollup.appealsByUnit[unit] = (rollup.appealsByUnit[unit] ?? 0) + 1;
    const supervision = appeal.supervision;
    if (supervision?.status === 'closed' && supervision.closedAt) {
      rollup.closed++;
      if (chinaDate(supervision.closedAt) <= supervision.deadline) rollup.closedOnTime++;
    }
    const rating = appealRating(appeal);
    if (rating) rollup.ratings.push(rating);
  }
  for (const publication of Object.values(state.publications ?? {})) {
    if (publication.status !== 'published') continue;
    if (publication.kind === 'hotspot') rollup.hotspots++;
    else rollup.policyQa++;
  }
  return rollup;
}

/** The totals of any set of episodes: a period, a unit, the whole programme. */
export interface Rollup extends AppealCounts {
  episodes: number;
  leaders: number;
  principalLeaders: number;
  units: number;
  /** The distinct units on air, sorted. */
  unitIds: string[];
  satisfaction: SatisfactionSummary;
  hotspots: number;
  policyQa: number;
}

/** Add up episode rollups (held episodes only). Units are counted once however often they went on air. */
export function combineRollups(rollups: Iterable<EpisodeRollup>): Rollup {
  const total: Rollup = {
    episodes: 0,
    leaders: 0,
    principalLeaders: 0,
    units: 0,
    unitIds: [],
    received: 0,
    phone: 0,
    internet: 0,
    answeredOnAir: 0,
    supervised: 0,
    invalid: 0,
    closed: 0,
    closedOnTime: 0,
    resolved: 0,
    satisfaction: summarizeRatings([]),
    hotspots: 0,
    policyQa: 0,
  };
  const units = new Set<string>();
  const ratings: Rating[] = [];
  for (const r of rollups) {
    if (!r.held) continue;
    total.episodes++;
    total.leaders += r.leaders;
    total.principalLeaders += r.principalLeaders;
    for (const unit of r.unitIds) units.add(unit);
    total.received += r.received;
    total.phone += r.phone;
    total.internet += r.internet;
    total.resolved += r.resolved;
    total.answeredOnAir += r.answeredOnAir;
    total.supervised += r.supervised;
    total.invalid += r.invalid;
    total.closed += r.closed;
    total.closedOnTime += r.closedOnTime;
    total.hotspots += r.hotspots;
    total.policyQa += r.policyQa;
    ratings.push(...r.ratings);
  }
  total.units = units.size;
  total.unitIds = [...units].sort();
  total.satisfaction = summarizeRatings(ratings);
  return total;
}

/** A date range, inclusive, by broadcast date (YYYY-MM-DD). */
export interface Period {
  from: string;
  to: string;
}

export function yearPeriod(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export function quarterPeriod(year: number, quarter: 1 | 2 | 3 | 4): Period {
  const first = (quarter - 1) * 3 + 1;
  return { from: `${year}-${String(first).padStart(2, '0')}-01`, to: monthPeriod(year, first + 2).to };
}

export function monthPeriod(year: number, month: number): Period {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

export function inPeriod(rollup: Pick<EpisodeRollup, 'date'>, period: Period): boolean {
  return rollup.date >= period.from && rollup.date <= period.to;
}

/** Totals for a period. */
export function rollupPeriod(rollups: Iterable<EpisodeRollup>, period: Period): Rollup {
  return combineRollups(filter(rollups, (r) => inPeriod(r, period)));
}

/** Totals of the episodes a unit went on air in. */
export function rollupUnit(rollups: Iterable<EpisodeRollup>, unitId: string, period?: Period): Rollup {
  return combineRollups(filter(rollups, (r) => r.unitIds.includes(unitId) && (!period || inPeriod(r, period))));
}

/** Month by month within a year: the series of the "appeals per month" and satisfaction trend charts. */
export function monthlySeries(rollups: EpisodeRollup[], year: number): Array<{ month: number; rollup: Rollup }> {
  return Array.from({ length: 12 }, (_, i) => ({ month: i + 1, rollup: rollupPeriod(rollups, monthPeriod(year, i + 1)) }));
}

/** Counts by key (category, unit) summed over a period's held episodes, largest first. */
export function breakdown(rollups: Iterable<EpisodeRollup>, period: Period, key: 'categories' | 'appealsByUnit'): Array<{ key: string; count: number }> {
  const counts: Record<string, number> = {};
  for (const r of rollups) {
    if (!r.held || !inPeriod(r, period)) continue;
    for (const [k, n] of Object.entries(r[key])) counts[k] = (counts[k] ?? 0) + n;
  }
  return Object.entries(counts)
    .map(([k, count]) => ({ key: k, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function* filter<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}
