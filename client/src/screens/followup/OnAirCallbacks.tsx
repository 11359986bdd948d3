import { useCallback, useMemo, useState } from 'react';
import { ON_AIR_CALLBACK_FILTERS } from '../../../../shared/domain/onAirCallbacks';
import type { Appeal } from '../../../../shared/domain/types';
import type { CatalogueView } from '../../../../shared/protocol/events';
import type { StudioSocket } from '../../api/socket';
import { OnAirDetail } from './OnAirDetail';
import { OnAirTable } from './OnAirTable';
import { followupStrings as t } from './strings';
import { unitNamer } from './supervisionView';
import { useOnAirCallbacks, type OnAirFilters } from './useOnAirCallbacks';
import './followup.css';

const w = t.onAir;

/**
 * 现场回应回访: the appeals the leaders answered on air, for the desk to call the citizens back and
 * record their rating (`appeal:callBack`), 待回访 first by default. Same frame as the supervised
 * items: filters on top, the list on the left, the chosen appeal and its callback form on the right.
 */
export function OnAirCallbacks(props: { socket: StudioSocket | null; offline: boolean; catalogue: CatalogueView | null }) {
  const { socket, offline, catalogue } = props;
  const [filters, setFilters] = useState<OnAirFilters>({ status: 'awaiting' });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const { list, error, reload, applyAppeal } = useOnAirCallbacks(socket, filters);
  const names = useMemo(() => unitNamer(catalogue?.units), [catalogue?.units]);
  const unitName = useCallback((id: string) => names(id), [names]);
  const episodes = useMemo(
    () => (catalogue?.episodes ?? []).filter((e) => e.status !== 'planned').sort((a, b) => b.date.localeCompare(a.date) || b.number - a.number),
    [catalogue?.episodes],
  );
  const patch = (next: Partial<OnAirFilters>) => setFilters((current) => ({ ...current, ...next }));
  const onConflict = useCallback(
    (fresh: Appeal | null) => {
      if (fresh) applyAppeal(fresh);
      else void reload();
    },
    [applyAppeal, reload],
  );
  const selected = list?.items.find((r) => r.appeal.id === selectedId) ?? null;
  const narrowed = filters.status !== 'awaiting' || Boolean(filters.episodeId || filters.from || filters.to);

  return (
    <section className="sv-page followup onair-page" aria-labelledby="onair-page-title" data-testid="onair-page">
      <div className="sv-head">
        <h1 id="onair-page-title">{w.title}</h1>
        <form className="sv-filters" aria-label={w.filtersLabel} onSubmit={(e) => e.preventDefault()}>
          <fieldset className="onair-show" data-testid="onair-show">
            <legend className="sv-visually-hidden">{w.show}</legend>
            {ON_AIR_CALLBACK_FILTERS.map((s) => (
              <label key={s} className={filters.status === s ? 'active' : undefined}>
                <input type="radio" name="onair-show" checked={filters.status === s} onChange={() => patch({ status: s })} />
                {w.shows[s]}
              </label>
            ))}
          </fieldset>
          <label>
            <span>{t.filterEpisode}</span>
            <select value={filters.episodeId ?? ''} onChange={(e) => patch({ episodeId: e.target.value || undefined })} data-testid="onair-filter-episode">
              <option value="">{t.allEpisodes}</option>
              {episodes.map((e) => (
                <option key={e.id} value={e.id}>{`${t.episode(e.year, e.number)}${t.dot}${e.theme}`}</option>
              ))}
            </select>
          </label>
          <label>
            <span>{w.from}</span>
            <input type="date" value={filters.from ?? ''} onChange={(e) => patch({ from: e.target.value || undefined })} data-testid="onair-filter-from" />
          </label>
          <label>
            <span>{w.to}</span>
            <input type="date" value={filters.to ?? ''} onChange={(e) => patch({ to: e.target.value || undefined })} data-testid="onair-filter-to" />
          </label>
          <button type="button" className="secondary" disabled={!narrowed} onClick={() => setFilters({ status: 'awaiting' })}>
            {t.clearFilters}
          </button>
        </form>
      </div>

      <div className="onair-summary">
        <strong data-testid="onair-counts">{list ? w.counts(list.awaiting, list.answered) : t.loading}</strong>
        <span className="sv-dim">{w.why}</span>
      </div>
      {error && <p role="alert" className="sv-form-error" data-testid="onair-error">{error}</p>}

      <div className={`sv-split${selected ? '' : ' no-detail'}`}>
        <section className="sv-card sv-list-card" aria-labelledby="onair-list-title">
          <div className="sv-card-head">
            <h2 id="onair-list-title">{w.listLabel}</h2>
            {list && <span className="sv-dim" data-testid="onair-list-count">{t.total(Math.max(list.total, list.items.length))}</span>}
          </div>
          {list && list.total > list.items.length && <p className="sv-hint onair-capped" data-testid="onair-capped">{w.capped(list.items.length, list.total)}</p>}
          <div className="sv-scroll">
            {list === null ? (
              <p className="sv-dim sv-pad">{t.loading}</p>
            ) : (
              <OnAirTable rows={list.items} selectedId={selectedId} onSelect={(row) => setSelectedId(row.appeal.id)} unitName={unitName} emptyText={filters.status === 'awaiting' && !narrowed ? w.emptyAwaiting : w.empty} />
            )}
          </div>
        </section>
        <aside className="sv-card sv-detail-card" aria-label={t.detailLabel}>
          {selected ? (
            <div className="sv-scroll">
              <OnAirDetail row={selected} socket={socket} offline={offline} unitName={unitName} onDone={applyAppeal} onConflict={onConflict} onClose={() => setSelectedId(null)} />
            </div>
          ) : (
            <p className="sv-dim sv-pad" data-testid="onair-select-hint">{w.selectHint}</p>
          )}
        </aside>
      </div>
    </section>
  );
}
