import type { ReactNode } from 'react';
import { formatRate2, resolutionRate, type SatisfactionFigure } from '../../../../shared/domain/resolution';
import type { Rollup } from '../../../../shared/domain/rollups';
import { formatRate } from '../../../../shared/domain/satisfaction';
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
 * 期间办理情况: the period's figures beyond the published table. The units that went on air; the
 * appeals by 诉求来源 (电话 / 互联网); invalid calls apart (never in the total); closures and on-time
 * closures of the supervised items; 着力解决 (resolution.ts); satisfaction on the chosen basis, with
 * what it counts and its definition beside it.
 */
export function PeriodTotals({ total, figure }: { total: Rollup; figure: SatisfactionFigure }) {
  const { satisfaction } = total;
  const share = (n: number) => formatRate(total.received ? n / total.received : null);
  return (
    <>
      <dl className="rp-totals">
        <Figure id="episodes" label={t.totals.episodes} value={total.episodes} />
        <Figure id="units" label={t.totals.units} value={total.units} />
        <Figure id="received" label={t.totals.received} value={total.received} />
        <Figure id="phone" label={t.totals.phone} value={total.phone}>
          {t.sourceShare(share(total.phone))}
        </Figure>
        <Figure id="internet" label={t.totals.internet} value={total.internet}>
          {t.sourceShare(share(total.internet))}
        </Figure>
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
        <Figure id="resolved" label={t.totals.resolved} value={total.resolved}>
          {t.resolvedOf(total.received, formatRate2(resolutionRate(total.resolved, total.received)))}
        </Figure>
        <Figure id="satisfaction" label={t.totals.satisfaction} value={formatRate(figure.rate)} tone="rate" rateTone={satisfactionTone(figure.rate)}>
          <span data-testid="rated-count">{figure.basis === 'callback' ? t.ratedCount(satisfaction.rated) : figure.counted}</span>
          {figure.basis === 'callback' ? <span>{t.ratingSplit(satisfaction.satisfied, satisfaction.basicallySatisfied, satisfaction.unsatisfied)}</span> : null}
          <span className="rp-definition" data-testid="satisfaction-definition">
            {t.definitionLabel}
            {figure.definition}
          </span>
        </Figure>
      </dl>
      <p className="rp-source-hint">{t.sourceHint}</p>
    </>
  );
}
