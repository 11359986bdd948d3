import { performance } from 'node:perf_hooks';
import { annualTableSuqian, annualTableXuzhou, unitKindLabel } from '../../shared/domain/annualTable';
import type { EpisodeEvent } from '../../shared/domain/episodeState';
import { breakdown, combineRollups, rollupEpisode, rollupPeriod, yearPeriod, type EpisodeRollup, type Period } from '../../shared/domain/rollups';
import type { AnnualReport, PublicEpisode, ReportSummary } from '../../shared/protocol/events';
import { refuse } from '../../shared/domain/errors';
import { groupCategoryCounts } from '../../shared/domain/categories';
import { paragraphNote, reportParagraph, periodLabel } from '../../shared/domain/reportParagraph';
import { satisfactionFigure, type SatisfactionBasis } from '../../shared/domain/resolution';
import type { Rollup } from '../../shared/domain/rollups';
import type { UnitKind } from '../../shared/domain/types';
import type { CatalogueService } from './catalogueService';
import type { StudioService } from './studioService';

/**
 * The reports: one rollup per episode, recomputed only for the episodes events touched since the
 * last report (a few dozen appeals each), so a report over ten years adds up 2,500 small records
 * and never rescans appeals. The recount waits for a report to be asked for: during a burst of
 * intake a command must not pay for re-adding its whole episode.
 */
export class ReportsService {
  private readonly rollups = new Map<string, EpisodeRollup>();
  private readonly stale = new Set<string>();
  private preparing: Promise<void> | null = null;

  constructor(
    private readonly studio: StudioService,
    private readonly catalogue: CatalogueService,
  ) {
    this.refreshAll();
    studio.on('committed', (events: EpisodeEvent[]) => {
      for (const event of events) this.stale.add(event.episodeId);
    });
    studio.on('episodesChanged', () => this.refreshAll());
    studio.on('rolledBack', ({ episodeId }) => this.stale.add(episodeId));
    // Ten years are 2,500 rollups to count once: do it in the background now, a slice at a time,
    // rather than in one block when the first report is asked for.
    void this.prepare();
  }

  /**
   * Bring every stale rollup up to date in slices of at most SLICE_MS, yielding to the event loop
   * between them: the first report after a start (thousands of episodes) must not hold up the acks
   * of a live episode. The transports await this before a report; the synchronous readers below
   * still count whatever is left (for the CLI and tests).
   */
  prepare(): Promise<void> {
    this.preparing ??= (async () => {
      while (this.stale.size) {
        const until = performance.now() + SLICE_MS;
        for (const id of this.stale) {
          this.stale.delete(id);
          this.refresh(id);
          if (performance.now() > until) break;
        }
        if (this.stale.size) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })().finally(() => (this.preparing = null));
    return this.preparing;
  }

  private freshen(): void {
    for (const id of this.stale) this.refresh(id);
    this.stale.clear();
  }

  private refresh(episodeId: string): void {
    if (!this.studio.has(episodeId)) {
      this.rollups.delete(episodeId);
      return;
    }
    this.rollups.set(episodeId, rollupEpisode(this.studio.state(episodeId)));
  }

  private refreshAll(): void {
    const ids = new Set(this.studio.summaries().map((s) => s.id));
    for (const id of this.rollups.keys()) if (!ids.has(id)) this.rollups.delete(id);
    for (const id of ids) if (!this.rollups.has(id)) this.stale.add(id);
  }

  /** Every episode's rollup (for the CLI and tests: the same numbers the screens see). */
  all(): EpisodeRollup[] {
    this.freshen();
    return [...this.rollups.values()];
  }

  summary(period: Period, basis: SatisfactionBasis = 'callback'): ReportSummary {
    const all = this.all();
    const previous = { from: shiftYear(period.from, -1), to: shiftYear(period.to, -1) };
    const inRange = all.filter((r) => r.held && r.date >= period.from && r.date <= period.to);
    // One pass into months and units, not one pass over ten years per month and per unit.
    const byMonth = groupBy(inRange, (r) => [r.date.slice(0, 7)]);
    const byUnit = groupBy(inRange, (r) => r.unitIds);
    const months: ReportSummary['months'] = [];
    for (let month = period.from.slice(0, 7); month <= period.to.slice(0, 7); month = nextMonth(month)) {
      months.push({ month, rollup: combineRollups(byMonth.get(month) ?? []) });
    }
    const total = combineRollups(inRange);
    return {
      period,
      total,
      previous: rollupPeriod(all, previous),
      months,
      // Grouped by the controlled list: old free text, an empty category and anything else count under 其他.
      categories: groupCategoryCounts(breakdown(inRange, period, 'categories'), this.catalogue.data.categories ?? {}),
      units: [...byUnit]
        .map(([unitId, rollups]) => ({ unitId, name: this.catalogue.data.units[unitId]?.name ?? unitId, rollup: combineRollups(rollups) }))
        .sort((a, b) => b.rollup.received - a.rollup.received),
      episodes: inRange
        .sort((a, b) => a.date.localeCompare(b.date))
        .map((r) => {
          const { episode } = this.studio.state(r.episodeId);
          return { id: episode.id, year: episode.year, number: episode.number, date: episode.date, theme: episode.theme, rollup: rollupPeriod([r], period) };
        }),
      satisfaction: satisfactionFigure(total, basis),
      paragraph: reportParagraph(periodLabel(period), total, this.kindsOf(total), basis),
    };
  }

  /** The annual 政风热线 table in both published layouts, with 同比 where the previous year exists. */
  annual(year: number, basis: SatisfactionBasis = 'callback'): AnnualReport {
    const all = this.all();
    const current = rollupPeriod(all, yearPeriod(year));
    const before = rollupPeriod(all, yearPeriod(year - 1));
    const levels = current.unitIds.map((id) => this.catalogue.data.units[id]?.level ?? '');
    const paragraph = reportParagraph(`${year}年`, current, this.kindsOf(current), basis);
    const xuzhou = annualTableXuzhou(year, current, before.episodes > 0 ? before : null, '本年', basis);
    // The paragraph travels with the table, so every export (CSV, XLSX, the CLI) prints it under the figures.
    xuzhou.notes.push(paragraphNote(paragraph));
    return { year, xuzhou, suqian: annualTableSuqian(year, current, unitKindLabel(levels)), paragraph };
  }

  /** The kinds of the units that went on air, for the paragraph's 政府职能部门和公共服务单位. */
  private kindsOf(totals: Rollup): UnitKind[] {
    return totals.unitIds.map((id) => this.catalogue.data.units[id]?.kind).filter((k): k is UnitKind => k !== undefined);
  }

  /** The public page of an episode: published items only, never a caller. */
  publicEpisode(episodeId: string): PublicEpisode {
    const state = this.studio.state(episodeId);
    const { episode } = state;
    if (episode.status === 'planned') throw refuse('EPISODE_NOT_FOUND');
    this.freshen();
    const rollup = this.rollups.get(episodeId) ?? rollupEpisode(state);
    const published = Object.values(state.publications ?? {})
      .filter((p) => p.status === 'published')
      .sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''));
    const pick = ({ id, title, body, publishedAt }: (typeof published)[number]) => ({ id, title, body, publishedAt });
    return {
      episode: {
        id: episode.id,
        year: episode.year,
        number: episode.number,
        date: episode.date,
        theme: episode.theme,
        unitNames: episode.unitIds.map((id) => this.catalogue.data.units[id]?.name ?? ''),
        leaders: episode.leaders.map(({ name, title }) => ({ name, title })),
      },
      counts: { received: rollup.received, answeredOnAir: rollup.answeredOnAir, supervised: rollup.supervised },
      hotspots: published.filter((p) => p.kind === 'hotspot').map(pick),
      policyQa: published.filter((p) => p.kind === 'qa').map(pick),
    };
  }
}

/** How long one slice of rollup counting may hold the event loop. */
const SLICE_MS = 8;

function shiftYear(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const lastDay = (y: number) => new Date(Date.UTC(y, month, 0)).getUTCDate();
  // A month's last day maps to that month's last day (28 Feb 2025 → 29 Feb 2024), and 29 Feb to 28 Feb.
  const shifted = day === lastDay(year - years) ? lastDay(year) : Math.min(day, lastDay(year));
  return `${year}-${date.slice(5, 7)}-${String(shifted).padStart(2, '0')}`;
}

function groupBy<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of new Set(keysOf(item))) {
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

