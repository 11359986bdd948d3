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
      {choice.kind !== 'range' ? (
        <label className="rp-field">
          {t.year}
          <select data-testid="rp-year" value={choice.year} onChange={(e) => set({ year: Number(e.target.value) })}>
            {years.map((y) => (
              <option key={y} value={y}>
                {t.yearOption(y)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {choice.kind === 'quarter' ? (
        <label className="rp-field">
          {t.quarter}
          <select data-testid="rp-quarter" value={choice.quarter} onChange={(e) => set({ quarter: Number(e.target.value) as PeriodChoice['quarter'] })}>
            {QUARTERS.map((q) => (
              <option key={q} value={q}>
                {t.quarterOption(q)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {choice.kind === 'month' ? (
        <label className="rp-field">
          {t.month}
          <select data-testid="rp-month" value={choice.month} onChange={(e) => set({ month: Number(e.target.value) })}>
            {MONTHS.map((m) => (
              <option key={m} value={m}>
                {t.monthOption(m)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {choice.kind === 'range' ? (
        <>
          <label className="rp-field">
            {t.from}
            <input type="date" data-testid="rp-from" value={choice.from} max={choice.to || undefined} onChange={(e) => set({ from: e.target.value })} />
          </label>
          <label className="rp-field">
            {t.to}
            <input type="date" data-testid="rp-to" value={choice.to} min={choice.from || undefined} aria-invalid={rangeInvalid || undefined} onChange={(e) => set({ to: e.target.value })} />
          </label>
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
