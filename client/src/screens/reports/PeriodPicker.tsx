import { PERIOD_KINDS, type PeriodChoice } from './period';
import { reportsStrings as t } from './strings';

const QUARTERS = [1, 2, 3, 4] as const;
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/**
 * 统计期间: a whole year (the default), a quarter, a month, or any range of broadcast dates. The
 * kind is a radio group, so the keyboard moves between kinds with the arrow keys.
 */
export function PeriodPicker({ choice, years, onChange }: { choice: PeriodChoice; years: number[]; onChange: (next: PeriodChoice) => void }) {
  const set = (patch: Partial<PeriodChoice>) => onChange({ ...choice, ...patch });
  const rangeInvalid = choice.kind === 'range' && Boolean(choice.from && choice.to) && choice.from > choice.to;

  return (
    <fieldset className="rp-picker">
      <legend>{t.periodLabel}</legend>
      <div className="rp-kinds" role="radiogroup" aria-label={t.periodKind}>
        {PERIOD_KINDS.map((kind) => (
          <label key={kind} className={choice.kind === kind ? 'rp-kind rp-kind-on' : 'rp-kind'}>
            <input type="radio" name="rp-kind" value={kind} checked={choice.kind === kind} onChange={() => set({ kind })} />
            {t.kinds[kind]}
          </label>
        ))}
      </div>
      {choice.kind !== 'range' ? <NumberSelect name="year" label={t.year} value={choice.year} options={years} optionLabel={t.yearOption} onChange={(year) => set({ year })} /> : null}
      {choice.kind === 'quarter' ? (
        <NumberSelect name="quarter" label={t.quarter} value={choice.quarter} options={QUARTERS} optionLabel={t.quarterOption} onChange={(q) => set({ quarter: q as PeriodChoice['quarter'] })} />
      ) : null}
      {choice.kind === 'month' ? <NumberSelect name="month" label={t.month} value={choice.month} options={MONTHS} optionLabel={t.monthOption} onChange={(month) => set({ month })} /> : null}
      {choice.kind === 'range' ? (
        <>
          <label className="rp-field">
            {t.from}
            <input type="date" required aria-invalid={!choice.from || undefined} data-testid="rp-from" value={choice.from} max={choice.to || undefined} onChange={(e) => set({ from: e.target.value })} />
          </label>
          <label className="rp-field">
            {t.to}
            <input type="date" required data-testid="rp-to" value={choice.to} min={choice.from || undefined} aria-invalid={rangeInvalid || !choice.to || undefined} onChange={(e) => set({ to: e.target.value })} />
          </label>
          {!choice.from || !choice.to ? (
            <p className="rp-error" role="alert" data-testid="rp-range-missing">
              {t.rangeMissing(!choice.from, !choice.to)}
            </p>
          ) : null}
          {rangeInvalid ? (
            <p className="rp-error" role="alert">
              {t.rangeInvalid}
            </p>
          ) : null}
        </>
      ) : null}
    </fieldset>
  );
}

/** One labelled select of whole numbers (year, quarter, month), found by tests as rp-<name>. */
function NumberSelect(props: { name: string; label: string; value: number; options: readonly number[]; optionLabel: (n: number) => string; onChange: (n: number) => void }) {
  return (
    <label className="rp-field">
      {props.label}
      <select data-testid={`rp-${props.name}`} value={props.value} onChange={(e) => props.onChange(Number(e.target.value))}>
        {props.options.map((n) => (
          <option key={n} value={n}>
            {props.optionLabel(n)}
          </option>
        ))}
      </select>
    </label>
  );
}
