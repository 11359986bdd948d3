import type { ReactNode } from 'react';
import type { Rollup } from '../../../../shared/domain/rollups';
import { formatRate, SATISFACTION_DEFINITION } from '../../../../shared/domain/satisfaction';
import { satisfactionTone, type SatisfactionTone } from '../followup/satisfactionTone';
import { reportsStrings as t } from './strings';

function Figure({ id, label, value, children, tone, rateTone }: { id: string; label: string; value: ReactNode; children?: ReactNode; tone?: 'apart' | 'rate'; rateTone?: SatisfactionTone }) {
  const classes = ['rp-total', tone && `rp-total-${tone}`, rateTone && `rp-rate-${rateTone}`].filter(Boolean).join(' ');
  return (
    <div className={classes} data-testid={`total-${id}`} data-tone={rateTone}>
      <dt>{label}</dt>
      <dd>
        <b>{value}</b>
        {children ? <small>{children}</small> : null}
      </dd>
    </div>
  );
}

/**
 * 期间办理情况: the period's figures beyond the published table. Invalid calls stand apart (never in
 * the total); closures and on-time closures of the supervised items; satisfaction with its count of
 * valid ratings and its definition beside it.
 */
export function PeriodTotals({ total }: { total: Rollup }) {
  const { satisfaction } = total;
  return (
    <dl className="rp-totals">
      <Figure id="episodes" label={t.totals.episodes} value={total.episodes} />
      <Figure id="received" label={t.totals.received} value={total.received} />
      <Figure id="answeredOnAir" label={t.totals.answeredOnAir} value={total.answeredOnAir} />
      <Figure id="supervised" label={t.totals.supervised} value={total.supervised} />
      <Figure id="invalid" label={t.totals.invalid} value={total.invalid} tone="apart">
        {t.invalidHint}
      </Figure>
      <Figure id="closed" label={t.totals.closed} value={total.closed}>
        {t.closedOf(total.supervised)}
      </Figure>
      <Figure id="closedOnTime" label={t.totals.closedOnTime} value={total.closedOnTime}>
        {t.onTimeRate(formatRate(total.closed ? total.closedOnTime / total.closed : null))}
      </Figure>
      <Figure id="satisfaction" label={t.totals.satisfaction} value={formatRate(satisfaction.rate)} tone="rate" rateTone={satisfactionTone(satisfaction.rate)}>
        <span data-testid="rated-count">{t.ratedCount(satisfaction.rated)}</span>
        <span>{t.ratingSplit(satisfaction.satisfied, satisfaction.basicallySatisfied, satisfaction.unsatisfied)}</span>
        <span className="rp-definition" data-testid="satisfaction-definition">
          {t.definitionLabel}
          {SATISFACTION_DEFINITION}
        </span>
      </Figure>
    </dl>
  );
}
