import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Appeal, ExtensionRequest, SupervisionStatus } from '../../../../shared/domain/types';
import type { WorkCalendar } from '../../../../shared/domain/workCalendar';
import type { CatalogueView, SupervisionItemView } from '../../../../shared/protocol/events';
import type { StudioSocket } from '../../api/socket';
import { useNow } from '../../api/useNow';
import { ItemDetail } from './ItemDetail';
import { AlertsStrip, CountsBar, ItemTable } from './parts';
import { followupStrings as t } from './strings';
import { unitNamer, useWorkCalendar, withAppeal } from './supervisionView';
import { useSupervisionDetail, type ItemRef } from './useSupervisionDetail';
import { useSupervisionList, type ListFilters } from './useSupervisionList';
import './followup.css';

/** What a screen's actions get to work on the item shown. */
export interface ItemActionContext {
  appeal: Appeal;
  calendar: WorkCalendar;
  offline: boolean;
  onDone: (appeal: Appeal) => void;
  onConflict: () => void;
}

const STATUSES: SupervisionStatus[] = ['with_unit', 'replied', 'closed'];

/**
 * The shared frame of the follow-up desk and the unit view: filters, counts with the satisfaction
 * figure, live alerts, the list and the chosen item's detail. The screen supplies its title, its
 * actions and, for the unit view, the one unit it is bound to (`unitScope`: no unit filter, no unit
 * column, and nothing of another unit is ever kept).
 */
export function Workspace(props: {
  socket: StudioSocket | null;
  offline: boolean;
  catalogue: CatalogueView | null;
  className: string;
  heading: ReactNode;
  unitScope: string | null;
  actions: (ctx: ItemActionContext) => ReactNode;
  extensionControls?: (request: ExtensionRequest, ctx: ItemActionContext) => ReactNode;
  emptyAllText?: string;
}) {
  const { socket, offline, catalogue, unitScope } = props;
  const [filters, setFilters] = useState<ListFilters>({});
  const [selected, setSelected] = useState<ItemRef | null>(null);
  const now = useNow(60_000);
  const calendar = useWorkCalendar(catalogue);
  const unitName = useMemo(() => unitNamer(catalogue?.units), [catalogue?.units]);
  const list = useSupervisionList(socket, filters, unitScope);
  const listItem = selected ? list.items?.find((i) => i.appeal.id === selected.appealId) : undefined;
  const detail = useSupervisionDetail(socket, selected, listItem?.appeal.version);

  // Whichever copy is newer: the list follows live changes at once, the detail brings the history.
  const detailItem = detail.detail?.item;
  const item: SupervisionItemView | undefined =
    listItem && detailItem ? (listItem.appeal.version >= detailItem.appeal.version ? listItem : detailItem) : listItem ?? detailItem;
  const shown = item && (!unitScope || item.appeal.supervision?.unitId === unitScope) ? item : undefined;

  const patch = (next: ListFilters) => setFilters((current) => ({ ...current, ...next }));
  const select = useCallback((i: SupervisionItemView) => setSelected({ episodeId: i.episode.id, appealId: i.appeal.id }), []);
  const { applyAppeal, reload: reloadList } = list;
  const { reload: reloadDetail } = detail;
  const onDone = useCallback(
    (appeal: Appeal) => {
      applyAppeal(appeal, (i, a) => withAppeal(i, a, calendar));
      void reloadDetail();
    },
    [applyAppeal, calendar, reloadDetail],
  );
  const onConflict = useCallback(() => {
    void reloadList();
    void reloadDetail();
  }, [reloadList, reloadDetail]);

  // A liaison is not told when an item leaves its unit (改派); once the list no longer has it, ask again:
  // the server then refuses the detail and the item is no longer shown.
  const listItems = list.items;
  const selectedId = selected?.appealId;
  useEffect(() => {
    if (!unitScope || !selectedId || !listItems) return;
    if (!listItems.some((i) => i.appeal.id === selectedId)) void reloadDetail();
  }, [unitScope, selectedId, listItems, reloadDetail]);

  const episodes = useMemo(
    () => (catalogue?.episodes ?? []).filter((e) => e.status !== 'planned').sort((a, b) => b.date.localeCompare(a.date) || b.number - a.number),
    [catalogue?.episodes],
  );
  const narrowed = Object.values(filters).some((v) => v !== undefined);
  const ctx: ItemActionContext | null = shown ? { appeal: shown.appeal, calendar, offline, onDone, onConflict } : null;

  return (
    <section className={`sv-page ${props.className}`} aria-labelledby="sv-page-title">
      <div className="sv-head">
        <h1 id="sv-page-title">{props.heading}</h1>
        <form className="sv-filters" aria-label={t.filtersLabel} onSubmit={(e) => e.preventDefault()}>
          {!unitScope && (
            <label>
              <span>{t.filterUnit}</span>
              <select value={filters.unitId ?? ''} onChange={(e) => patch({ unitId: e.target.value || undefined })} data-testid="filter-unit">
                <option value="">{t.allUnits}</option>
                {(catalogue?.units ?? []).map((u) => (
                  <option key={u.id} value={u.id}>{u.name}</option>
                ))}
              </select>
            </label>
          )}
          <label>
            <span>{t.filterEpisode}</span>
            <select value={filters.episodeId ?? ''} onChange={(e) => patch({ episodeId: e.target.value || undefined })} data-testid="filter-episode">
              <option value="">{t.allEpisodes}</option>
              {episodes.map((e) => (
                <option key={e.id} value={e.id}>{`${t.episode(e.year, e.number)}${t.dot}${e.theme}`}</option>
              ))}
            </select>
          </label>
          <label>
            <span>{t.filterStatus}</span>
            <select value={filters.status ?? ''} onChange={(e) => patch({ status: (e.target.value || undefined) as SupervisionStatus | undefined })} data-testid="filter-status">
              <option value="">{t.all}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>{t.status[s]}</option>
              ))}
            </select>
          </label>
          <label>
            <span>{t.filterDue}</span>
            <select value={filters.due ?? ''} onChange={(e) => patch({ due: (e.target.value || undefined) as ListFilters['due'] })} data-testid="filter-due">
              <option value="">{t.all}</option>
              {(['due_soon', 'overdue'] as const).map((d) => (
                <option key={d} value={d}>{t.dueFilters[d]}</option>
              ))}
            </select>
          </label>
          <button type="button" className="secondary" disabled={!narrowed} onClick={() => setFilters({})}>
            {t.clearFilters}
          </button>
          <a className="sv-export" href={ledgerHref(filters, unitScope)} download data-testid="ledger-export">
            {t.exportLedger}
          </a>
        </form>
      </div>

      <CountsBar counts={list.counts} satisfaction={list.satisfaction} filters={filters} onFilter={patch} />
      <AlertsStrip alerts={list.alerts} unitName={unitName} onOpen={select} onDismiss={list.dismissAlert} onClear={list.clearAlerts} />
      {list.error && <p role="alert" className="sv-form-error">{list.error}</p>}

      <div className={`sv-split${selected ? '' : ' no-detail'}`}>
        <section className="sv-card sv-list-card" aria-labelledby="sv-list-title">
          <div className="sv-card-head">
            <h2 id="sv-list-title">{t.listLabel}</h2>
            {list.items && <span className="sv-dim" data-testid="sv-list-count">{t.total(list.items.length)}</span>}
          </div>
          <div className="sv-scroll">
            {list.items === null ? (
              <p className="sv-dim">{t.loading}</p>
            ) : (
              <ItemTable
                items={list.items}
                selectedId={selected?.appealId ?? null}
                onSelect={select}
                unitName={unitName}
                showUnit={!unitScope}
                now={now}
                calendar={calendar}
                emptyText={narrowed ? t.listEmpty : props.emptyAllText ?? t.listEmptyAll}
              />
            )}
          </div>
        </section>
        <aside className="sv-card sv-detail-card" aria-label={t.detailLabel}>
          {selected && shown && ctx ? (
            <div className="sv-scroll">
              <ItemDetail
                key={shown.appeal.id}
                item={shown}
                history={detail.detail?.history ?? null}
                historyError={detail.error}
                unitName={unitName}
                now={now}
                calendar={calendar}
                actions={props.actions(ctx)}
                extensionControls={props.extensionControls ? (request) => props.extensionControls!(request, ctx) : undefined}
                onClose={() => setSelected(null)}
              />
            </div>
          ) : selected && detail.error ? (
            <p role="alert" className="sv-form-error">{detail.error}</p>
          ) : selected ? (
            <p className="sv-dim sv-pad">{t.detailLoading}</p>
          ) : (
            <p className="sv-dim sv-pad" data-testid="sv-select-hint">{t.selectHint}</p>
          )}
        </aside>
      </div>
    </section>
  );
}

/** 督办台账 of what the filters show (the server applies the same filters and the unit's scope). */
function ledgerHref(filters: ListFilters, unitScope: string | null | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...(unitScope ? { unitId: unitScope } : {}) })) if (value) params.set(key, String(value));
  const query = params.toString();
  return `/api/supervision.xlsx${query ? `?${query}` : ''}`;
}
