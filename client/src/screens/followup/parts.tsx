import type { CommandError } from '../../../../shared/domain/errors';
import { formatRate, RATING_NAMES, SATISFACTION_DEFINITION, type SatisfactionSummary } from '../../../../shared/domain/satisfaction';
import type { Rating, SupervisionStatus } from '../../../../shared/domain/types';
import type { WorkCalendar } from '../../../../shared/domain/workCalendar';
import type { SupervisionCounts, SupervisionItemView } from '../../../../shared/protocol/events';
import { followupStrings as t } from './strings';
import { dueNow, itemNo } from './supervisionView';
import type { ListFilters, LiveAlert } from './useSupervisionList';
import { satisfactionTone } from './satisfactionTone';

export function StatusBadge({ status }: { status: SupervisionStatus }) {
  return <span className={`sv-status ${status}`}>{t.status[status]}</span>;
}

export function RatingBadge({ rating }: { rating: Rating | null }) {
  return rating ? <span className={`sv-rating ${rating}`}>{RATING_NAMES[rating]}</span> : <span className="sv-dim">{t.notRated}</span>;
}

/** 剩余N个工作日 / 已超期, on the shared calendar; nothing once the unit has replied. */
export function DueBadge({ item, now, calendar }: { item: SupervisionItemView; now: Date; calendar: WorkCalendar }) {
  const { due, left } = dueNow(item, now, calendar);
  if (due === 'done') return null;
  if (due === 'overdue') return <span className="sv-due overdue" data-testid="due-badge">{t.overdue}</span>;
  return <span className={`sv-due ${due}`} data-testid="due-badge">{t.workdaysLeft(left)}</span>;
}

type CountKey = 'withUnit' | 'replied' | 'closed' | 'dueSoon' | 'overdue';
const COUNT_FILTERS: Record<CountKey, ListFilters> = {
  withUnit: { status: 'with_unit' },
  replied: { status: 'replied' },
  closed: { status: 'closed' },
  dueSoon: { due: 'due_soon' },
  overdue: { due: 'overdue' },
};

/** The five counts, each a shortcut to its filter; and the satisfaction figure with its definition next to it. */
export function CountsBar(props: {
  counts: SupervisionCounts | null;
  satisfaction: SatisfactionSummary | null;
  filters: ListFilters;
  onFilter: (patch: ListFilters) => void;
}) {
  const { counts, satisfaction, filters, onFilter } = props;
  return (
    <div className="sv-summary">
      <ul className="sv-counts" aria-label={t.countsLabel} data-testid="sv-counts">
        {(Object.keys(COUNT_FILTERS) as CountKey[]).map((key) => {
          const target = COUNT_FILTERS[key];
          const active = (target.status !== undefined && filters.status === target.status) || (target.due !== undefined && filters.due === target.due);
          return (
            <li key={key}>
              <button
                type="button"
                className={`sv-count ${key}${counts && counts[key] > 0 ? ' nonzero' : ''}`}
                aria-pressed={active}
                title={t.countHint(t.counts[key])}
                data-testid={`count-${key}`}
                onClick={() => onFilter(active ? { status: undefined, due: undefined } : { status: undefined, due: undefined, ...target })}
              >
                <span className="sv-count-label">{t.counts[key]}</span>
                <strong className="sv-count-value">{counts ? counts[key] : t.none}</strong>
              </button>
            </li>
          );
        })}
      </ul>
      <SatisfactionFigure satisfaction={satisfaction} />
    </div>
  );
}

export function SatisfactionFigure({ satisfaction }: { satisfaction: SatisfactionSummary | null }) {
  return (
    <section className="sv-satisfaction" aria-labelledby="sv-satisfaction-title" data-testid="satisfaction">
      <div className="sv-satisfaction-figure">
        <span id="sv-satisfaction-title">{t.satisfactionTitle}</span>
        <strong data-testid="satisfaction-rate" data-tone={satisfactionTone(satisfaction?.rate)} className={`sv-rate-${satisfactionTone(satisfaction?.rate)}`}>{formatRate(satisfaction?.rate ?? null)}</strong>
      </div>
      <div className="sv-satisfaction-text">
        <p className="sv-satisfaction-rated">
          <span data-testid="satisfaction-rated">{t.ratedCount(satisfaction?.rated ?? 0)}</span>
          {satisfaction && satisfaction.rated > 0 && <span className="sv-dim">{t.ratingBreakdown(satisfaction.satisfied, satisfaction.basicallySatisfied, satisfaction.unsatisfied)}</span>}
        </p>
        <p className="sv-definition" data-testid="satisfaction-definition">{SATISFACTION_DEFINITION}</p>
      </div>
    </section>
  );
}

const ALERTS_SHOWN = 3;

/** Live supervision:alert arrivals, newest first: the item, how it is due, when the alert came, a link to open it. */
export function AlertsStrip(props: {
  alerts: LiveAlert[];
  unitName: (id: string | null | undefined) => string;
  onOpen: (item: SupervisionItemView) => void;
  onDismiss: (key: string) => void;
  onClear: () => void;
}) {
  const { alerts, unitName, onOpen, onDismiss, onClear } = props;
  const shown = alerts.slice(0, ALERTS_SHOWN);
  return (
    <section className={`sv-alerts${alerts.length ? ' active' : ''}`} aria-label={t.alertsLabel} data-testid="sv-alerts">
      <h2>{t.alertsLabel}</h2>
      <div role="log" aria-live="polite" className="sv-alerts-list">
        {alerts.length === 0 ? (
          <p className="sv-dim">{t.alertsNone}</p>
        ) : (
          <ul>
            {shown.map((alert) => (
              <li key={alert.key} className={`sv-alert ${alert.due}`} data-testid="sv-alert">
                <span className={`sv-due ${alert.due}`}>{t.alertDue[alert.due]}</span>
                <time className="sv-dim">{t.clock(alert.at)}</time>
                <span className="sv-alert-text">{t.alertText(itemNo(alert.item), unitName(alert.item.appeal.supervision?.unitId), alert.item.appeal.summary)}</span>
                <button type="button" className="sv-link" onClick={() => onOpen(alert.item)}>
                  {t.alertOpen}
                </button>
                <button type="button" className="sv-x" aria-label={t.alertDismiss} title={t.alertDismiss} onClick={() => onDismiss(alert.key)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {alerts.length > ALERTS_SHOWN && <span className="sv-dim">{t.alertsMore(alerts.length - ALERTS_SHOWN)}</span>}
      {alerts.length > 0 && (
        <button type="button" className="sv-link" onClick={onClear}>
          {t.alertsClear}
        </button>
      )}
    </section>
  );
}

/** The list of items: number, unit, summary, deadline with its badge, status, rating. A row opens the item. */
export function ItemTable(props: {
  items: SupervisionItemView[];
  selectedId: string | null;
  onSelect: (item: SupervisionItemView) => void;
  unitName: (id: string | null | undefined) => string;
  showUnit: boolean;
  now: Date;
  calendar: WorkCalendar;
  emptyText: string;
}) {
  const { items, selectedId, onSelect, unitName, showUnit, now, calendar, emptyText } = props;
  if (items.length === 0) return <p className="sv-empty" data-testid="sv-empty">{emptyText}</p>;
  return (
    <table className="sv-table" data-testid="sv-list">
      <thead>
        <tr>
          <th scope="col" className="sv-col-no">{t.columns.no}</th>
          {showUnit && <th scope="col" className="sv-col-unit">{t.columns.unit}</th>}
          <th scope="col">{t.columns.summary}</th>
          <th scope="col" className="sv-col-deadline">{t.columns.deadline}</th>
          <th scope="col" className="sv-col-status">{t.columns.status}</th>
          <th scope="col" className="sv-col-rating">{t.columns.rating}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const supervision = item.appeal.supervision!;
          const selected = item.appeal.id === selectedId;
          return (
            <tr
              key={item.appeal.id}
              className={selected ? 'selected' : undefined}
              aria-selected={selected}
              data-appeal-id={item.appeal.id}
              data-testid="sv-row"
              onClick={() => onSelect(item)}
            >
              <th scope="row" className="sv-col-no">
                <button type="button" className="sv-row-open" aria-label={`${itemNo(item)} ${item.appeal.summary}`} onClick={(e) => { e.stopPropagation(); onSelect(item); }}>
                  {itemNo(item)}
                </button>
              </th>
              {showUnit && <td className="sv-col-unit">{unitName(supervision.unitId)}</td>}
              <td className="sv-col-summary">
                <span className="sv-clamp">{item.appeal.summary}</span>
                {supervision.reopenings > 0 && <span className="sv-reopened">{t.reopened(supervision.reopenings)}</span>}
              </td>
              <td className="sv-col-deadline">
                <span className="sv-deadline" title={t.longDate(supervision.deadline)}>{t.monthDay(supervision.deadline)}</span>
                <DueBadge item={item} now={now} calendar={calendar} />
              </td>
              <td className="sv-col-status"><StatusBadge status={supervision.status} /></td>
              <td className="sv-col-rating"><RatingBadge rating={item.rating} /></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The line under a form: the (server's, Chinese) error, else the last success. */
export function FormMessage({ error, success, testId }: { error: CommandError | null | string; success?: string | null; testId?: string }) {
  const message = typeof error === 'string' ? error : error?.message;
  if (message) return <p role="alert" className="sv-form-error" data-testid={testId ? `${testId}-error` : undefined}>{message}</p>;
  return <p role="status" className="sv-form-ok" data-testid={testId ? `${testId}-ok` : undefined}>{success ?? ''}</p>;
}
