import type { Appeal } from '../../../../shared/domain/types';

/** Appeals a publication may cite: answered on air or handed over to supervision. */
export type SourceStatus = 'answered_on_air' | 'supervised';
export const SOURCE_STATUSES: readonly SourceStatus[] = ['answered_on_air', 'supervised'];

/** How many source appeals one page shows: the list stays within about two screens. */
export const SOURCES_PER_PAGE = 10;

export interface SourceFilter {
  /** Words to look for in the number, summary, area, category, answer points and unit name. */
  query: string;
  unitId: string;
  category: string;
  status: '' | SourceStatus;
  /** Only the appeals already ticked for the draft. */
  linkedOnly: boolean;
}

export const NO_FILTER: SourceFilter = { query: '', unitId: '', category: '', status: '', linkedOnly: false };

export function isSource(appeal: Appeal): boolean {
  return appeal.status === 'answered_on_air' || appeal.status === 'supervised';
}

/** The unit an appeal is with: the supervising unit once handed over, else the unit the operator named. */
export function unitOfSource(appeal: Appeal): string {
  return appeal.supervision?.unitId ?? appeal.targetUnitId ?? '';
}

/** What a filter keeps, in the episode's order. Every word of the query must appear (case-insensitive). */
export function filterSources(sources: Appeal[], filter: SourceFilter, linked: readonly string[], unitName: (id: string) => string): Appeal[] {
  const words = filter.query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return sources.filter((a) => {
    if (filter.status && a.status !== filter.status) return false;
    if (filter.unitId && unitOfSource(a) !== filter.unitId) return false;
    if (filter.category && a.category !== filter.category) return false;
    if (filter.linkedOnly && !linked.includes(a.id)) return false;
    if (words.length === 0) return true;
    const haystack = [String(a.no), a.summary, a.area, a.category, a.answer?.points ?? '', a.answer?.commitment ?? '', unitName(unitOfSource(a))].join('\n').toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** The distinct categories among the sources, sorted as Chinese readers expect. */
export function categoriesOf(sources: Appeal[]): string[] {
  return [...new Set(sources.map((a) => a.category.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

/** The distinct units among the sources. */
export function unitsOf(sources: Appeal[]): string[] {
  return [...new Set(sources.map(unitOfSource).filter(Boolean))];
}

/** One page of a list, with the page clamped into range. */
export function pageOf<T>(items: T[], page: number, size = SOURCES_PER_PAGE): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(current * size, current * size + size), page: current, pages };
}
