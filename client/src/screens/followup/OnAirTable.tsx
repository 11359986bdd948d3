import { callerLabel } from '../../../../shared/domain/masking';
import type { OnAirCallbackRow } from '../../../../shared/protocol/events';
import { RatingBadge } from './parts';
import { followupStrings as t } from './strings';

const w = t.onAir;

/** 第37期 · 第3号 */
export function onAirNo(row: OnAirCallbackRow): string {
  return t.itemNo(row.episode.number, row.appeal.no);
}

/** 11月25日 · 市住建局 · 张建国: the episode a row was answered in. */
export function episodeLine(row: OnAirCallbackRow, unitName: (id: string) => string): string {
  return w.episodeLine(t.monthDay(row.episode.date), row.episode.unitIds.map(unitName).join('、'), row.episode.leaderNames.join('、'));
}

/** Unanswered calls so far, for a row still awaiting a callback. */
function tries(row: OnAirCallbackRow): number {
  return (row.appeal.onAirCallbacks ?? []).filter((c) => c.outcome === 'unreachable').length;
}

/** The appeals answered on air: number with the episode and when it was answered, the matter, the caller, the callback state. A row opens it. */
export function OnAirTable(props: { rows: OnAirCallbackRow[]; selectedId: string | null; onSelect: (row: OnAirCallbackRow) => void; unitName: (id: string) => string; emptyText: string }) {
  const { rows, selectedId, onSelect, unitName } = props;
  if (rows.length === 0) return <p className="sv-empty" data-testid="onair-empty">{props.emptyText}</p>;
  return (
    <table className="sv-table onair-table" data-testid="onair-list">
      <thead>
        <tr>
          <th scope="col" className="onair-col-no">{w.columns.no}</th>
          <th scope="col">{w.columns.summary}</th>
          <th scope="col" className="onair-col-caller">{w.columns.caller}</th>
          <th scope="col" className="onair-col-state">{w.columns.state}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const selected = row.appeal.id === selectedId;
          const missed = tries(row);
          return (
            <tr key={row.appeal.id} className={selected ? 'selected' : undefined} aria-selected={selected} data-appeal-id={row.appeal.id} data-testid="onair-row" onClick={() => onSelect(row)}>
              <th scope="row" className="onair-col-no">
                <button type="button" className="sv-row-open" aria-label={`${onAirNo(row)} ${row.appeal.summary}`} onClick={(e) => { e.stopPropagation(); onSelect(row); }}>
                  {onAirNo(row)}
                </button>
                <span className="onair-episode">{episodeLine(row, unitName)}</span>
                <span className="onair-answered">{w.answeredLine(t.moment(row.answeredAt))}</span>
              </th>
              <td>
                <span className="sv-clamp">{row.appeal.summary}</span>
                <span className="sv-dim onair-matter">{[row.appeal.area, row.appeal.category].filter(Boolean).join(t.dot)}</span>
              </td>
              <td className="onair-col-caller">
                <span className="onair-caller-name">{callerLabel(row.appeal.caller)}</span>
                <span className="onair-phone">{row.appeal.caller.phone}</span>
              </td>
              <td className="onair-col-state" data-testid="onair-state">
                {row.awaiting ? <span className="sv-status replied">{w.awaiting}</span> : <RatingBadge rating={row.rating} />}
                {row.awaiting && missed > 0 && <span className="sv-dim onair-tries">{w.tries(missed)}</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
