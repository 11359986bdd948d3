import { useEffect, useMemo, useState } from 'react';
import type { Appeal } from '../../../../shared/domain/types';
import { categoriesOf, filterSources, NO_FILTER, pageOf, SOURCE_STATUSES, unitOfSource, unitsOf, type SourceFilter } from './sourceFilter';
import { publishingStrings as t } from './strings';

/**
 * The appeals a draft can cite, searched and filtered (unit, category, status, ticked only) and shown
 * a page at a time, each summary clamped to three lines with a way to open it whole. What is ticked
 * stays ticked when the filter or the page changes.
 */
export function SourcePicker(props: { episodeId: string | null; sources: Appeal[]; linked: string[]; onLinked: (next: string[]) => void; unitName: (id: string) => string }) {
  const { episodeId, sources, linked, onLinked, unitName } = props;
  const [filter, setFilter] = useState<SourceFilter>(NO_FILTER);
  const [page, setPage] = useState(0);
  const [opened, setOpened] = useState<string[]>([]);

  useEffect(() => {
    setFilter(NO_FILTER);
    setPage(0);
    setOpened([]);
  }, [episodeId]);

  const kept = useMemo(() => filterSources(sources, filter, linked, unitName), [sources, filter, linked, unitName]);
  const shown = pageOf(kept, page);
  const categories = useMemo(() => categoriesOf(sources), [sources]);
  const units = useMemo(() => unitsOf(sources).sort((a, b) => unitName(a).localeCompare(unitName(b), 'zh-CN')), [sources, unitName]);
  const change = (patch: Partial<SourceFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(0);
  };
  const filtered = filter !== NO_FILTER && JSON.stringify(filter) !== JSON.stringify(NO_FILTER);

  return (
    <>
      <div className="source-filters" role="search" aria-label={t.filters.label}>
        <label className="source-search">
          {t.filters.search}
          <input type="search" value={filter.query} placeholder={t.filters.searchPlaceholder} onChange={(e) => change({ query: e.target.value })} data-testid="source-search" />
        </label>
        <label>
          {t.filters.unit}
          <select value={filter.unitId} onChange={(e) => change({ unitId: e.target.value })} data-testid="source-unit">
            <option value="">{t.filters.all}</option>
            {units.map((id) => (
              <option key={id} value={id}>{unitName(id)}</option>
            ))}
          </select>
        </label>
        <label>
          {t.filters.category}
          <select value={filter.category} onChange={(e) => change({ category: e.target.value })} data-testid="source-category">
            <option value="">{t.filters.all}</option>
            {categories.map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          {t.filters.status}
          <select value={filter.status} onChange={(e) => change({ status: e.target.value as SourceFilter['status'] })} data-testid="source-status">
            <option value="">{t.filters.all}</option>
            {SOURCE_STATUSES.map((s) => (
              <option key={s} value={s}>{t.status[s]}</option>
            ))}
          </select>
        </label>
        <label className="source-linked-only">
          <input type="checkbox" checked={filter.linkedOnly} onChange={(e) => change({ linkedOnly: e.target.checked })} />
          {t.filters.linkedOnly}
        </label>
      </div>
      <p className="muted source-count">
        <span role="status" data-testid="source-count">{t.filters.count(kept.length, sources.length)}</span>
        {filtered && (
          <button type="button" className="link" onClick={() => change(NO_FILTER)}>{t.filters.clear}</button>
        )}
      </p>
      <ul className="sources" data-testid="publication-sources">
        {sources.length === 0 && <li className="muted">{t.noSources}</li>}
        {sources.length > 0 && kept.length === 0 && <li className="muted">{t.filters.nothing}</li>}
        {shown.items.map((a) => {
          const open = opened.includes(a.id);
          const unit = unitOfSource(a);
          return (
            <li key={a.id} className={linked.includes(a.id) ? 'linked' : undefined}>
              <label>
                <input type="checkbox" checked={linked.includes(a.id)} onChange={(e) => onLinked(e.target.checked ? [...linked, a.id] : linked.filter((x) => x !== a.id))} aria-label={t.linkOne(a.no)} />
                <span className="no">{a.no}</span>
                <span className="status">{t.status[a.status]}</span>
                <span className="meta">{[unit ? unitName(unit) : '', a.area, a.category].filter(Boolean).join(' · ')}</span>
              </label>
              <p className={open ? 'summary' : 'summary clamped'}>{a.summary}</p>
              {a.answer?.points && <p className={open ? 'muted' : 'muted clamped'}>{t.answerPoints(a.answer.points)}</p>}
              {(a.summary.length > 80 || (a.answer?.points.length ?? 0) > 80) && (
                <button type="button" className="link" aria-expanded={open} onClick={() => setOpened((o) => (open ? o.filter((x) => x !== a.id) : [...o, a.id]))}>
                  {open ? t.collapse : t.expand}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {shown.pages > 1 && (
        <nav className="source-pages" aria-label={t.pages.label} data-testid="source-pages">
          <button type="button" className="secondary" disabled={shown.page === 0} onClick={() => setPage(shown.page - 1)}>{t.pages.previous}</button>
          <span>{t.pages.where(shown.page + 1, shown.pages)}</span>
          <button type="button" className="secondary" disabled={shown.page >= shown.pages - 1} onClick={() => setPage(shown.page + 1)}>{t.pages.next}</button>
        </nav>
      )}
    </>
  );
}
