import { useEffect, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, Pie, PieChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatRate } from '../../../../shared/domain/satisfaction';
import type { ReportSummary } from '../../../../shared/protocol/events';
import { reportsStrings as t } from './strings';

/** The programme's red for 现场回应, a calm blue for 直播后督办, green for satisfaction. */
const COLORS = { answeredOnAir: '#b3202a', supervised: '#2f5fb3', satisfaction: '#1f7a3f', category: '#c4682b', phone: '#6b4fa0', internet: '#12857a', grid: '#e3e6ee', axis: '#4a5263' } as const;
const TICK = { fill: COLORS.axis, fontSize: 12 };
const TOP = 10;

/** Every chart here is SVG (a viewBox scales it in print) and draws at once: no animation to catch mid-way in print or a screenshot. */
const still = { isAnimationActive: false } as const;

function ChartCard({ title, hint, testId, wide, children }: { title: string; hint?: string; testId: string; wide?: boolean; children: ReactNode }) {
  return (
    <figure className={wide ? 'rp-chart rp-chart-wide' : 'rp-chart'} data-testid={testId}>
      <figcaption>
        <strong>{title}</strong>
        {hint ? <small>{hint}</small> : null}
      </figcaption>
      {children}
    </figure>
  );
}

/**
 * True while the browser prints. Printing lays the page out again at the paper's width without
 * running the charts' resize observers, so the charts are drawn at the paper's size first
 * (synchronously, in beforeprint) instead of being shrunk from the screen's size.
 */
function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  return printing;
}

/** A4 portrait less the page margins (see reports.css): about 700 CSS pixels for the wide chart, half for the others. */
const PRINT_WIDTH = { wide: 690, half: 335 } as const;

const countTooltip = (value: unknown) => t.countUnit(Number(value ?? 0));

interface Slice {
  key: 'answeredOnAir' | 'supervised' | 'phone' | 'internet';
  name: string;
  value: number;
}

/** A ring of the parts of the period's appeals, with each part's share and count beside it. */
function Share({ slices, received, printing }: { slices: Slice[]; received: number; printing: boolean }) {
  return (
    <div className="rp-share">
      <PieChart {...(printing ? { width: 170, height: 170 } : { responsive: true, style: { width: '100%', maxWidth: 240, aspectRatio: 1 } })}>
        <Pie data={slices} dataKey="value" nameKey="name" innerRadius="52%" outerRadius="92%" startAngle={90} endAngle={-270} stroke="#fff" {...still}>
          {slices.map((s) => (
            <Cell key={s.key} fill={COLORS[s.key]} />
          ))}
        </Pie>
        <Tooltip formatter={countTooltip} />
      </PieChart>
      <dl className="rp-share-legend">
        {slices.map((s) => (
          <div key={s.key} data-slice={s.key}>
            <dt>
              <i style={{ background: COLORS[s.key] }} aria-hidden="true" />
              {s.name}
            </dt>
            <dd>
              <b>{formatRate(received ? s.value / received : null)}</b>
              <span>{t.countUnit(s.value)}</span>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/**
 * The charts of a period: appeals per month (stacked 现场回应 / 直播后督办), the share of each
 * outcome, the top categories and units, and satisfaction month by month.
 */
export default function Charts({ summary }: { summary: ReportSummary }) {
  const multiYear = summary.period.from.slice(0, 4) !== summary.period.to.slice(0, 4);
  const months = summary.months.map(({ month, rollup }) => ({
    month: t.monthTick(month, multiYear),
    answeredOnAir: rollup.answeredOnAir,
    supervised: rollup.supervised,
    received: rollup.received,
    // Position on the chart only; every printed rate goes through formatRate.
    rate: rollup.satisfaction.rate === null ? null : rollup.satisfaction.rate * 100,
    rateText: formatRate(rollup.satisfaction.rate),
    rated: rollup.satisfaction.rated,
  }));
  const { total } = summary;
  const share: Slice[] = [
    { key: 'answeredOnAir', name: t.series.answeredOnAir, value: total.answeredOnAir },
    { key: 'supervised', name: t.series.supervised, value: total.supervised },
  ];
  // 诉求来源: 电话 (hotline + studio line) and 互联网 (online messages), as the annual reports split every count.
  const sources: Slice[] = [
    { key: 'phone', name: t.series.phone, value: total.phone },
    { key: 'internet', name: t.series.internet, value: total.internet },
  ];
  const categories = summary.categories.slice(0, TOP).map(({ key, count }) => ({ name: key, count }));
  const units = summary.units.slice(0, TOP).map(({ name, rollup }) => ({ name: name || t.unknownUnit, answeredOnAir: rollup.answeredOnAir, supervised: rollup.supervised }));
  const anyRating = months.some((m) => m.rate !== null);
  const empty = total.episodes === 0;
  // Long unit names need room on a horizontal bar chart's axis; short category names less.
  const axisWidth = (names: string[]) => Math.min(190, Math.max(64, 14 + 13 * Math.max(0, ...names.map((n) => n.length))));
  const barHeight = (rows: number) => 70 + 30 * Math.max(rows, 3);

  const printing = usePrinting();
  /** On screen the charts follow their card's width; in print they are drawn at the paper's. */
  const size = (kind: keyof typeof PRINT_WIDTH, height: number) =>
    printing ? { responsive: false, width: PRINT_WIDTH[kind], height: Math.round(height * 0.8) } : { responsive: true, style: { width: '100%', height } };

  /** A horizontal bar chart of named rows (top categories, top units): one bar per name, counted along the bottom. */
  const byNameChart = <R extends { name: string }>(rows: R[]) => ({
    ...size('half', barHeight(rows.length)),
    layout: 'vertical' as const,
    data: rows,
    margin: { top: 4, right: 24, bottom: 4, left: 4 },
  });
  const byNameAxes = (rows: { name: string }[]) => [
    <CartesianGrid key="grid" horizontal={false} stroke={COLORS.grid} />,
    <XAxis key="x" type="number" allowDecimals={false} tick={TICK} />,
    <YAxis key="y" type="category" dataKey="name" tick={TICK} width={axisWidth(rows.map((r) => r.name))} interval={0} />,
    <Tooltip key="tip" formatter={countTooltip} />,
  ];

  if (empty) return <p className="rp-empty">{t.noData}</p>;

  return (
    <div className="rp-charts">
      <ChartCard title={t.charts.monthly} hint={t.charts.monthlyHint} testId="chart-monthly" wide>
        <BarChart {...size('wide', 280)} data={months} margin={{ top: 12, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid vertical={false} stroke={COLORS.grid} />
          <XAxis dataKey="month" tick={TICK} interval={0} />
          <YAxis allowDecimals={false} tick={TICK} width={44} />
          <Tooltip formatter={countTooltip} />
          <Legend verticalAlign="top" height={28} />
          <Bar dataKey="answeredOnAir" name={t.series.answeredOnAir} stackId="received" fill={COLORS.answeredOnAir} maxBarSize={42} {...still} />
          <Bar dataKey="supervised" name={t.series.supervised} stackId="received" fill={COLORS.supervised} maxBarSize={42} {...still} />
        </BarChart>
      </ChartCard>

      <ChartCard title={t.charts.share} testId="chart-share">
        <Share slices={share} received={total.received} printing={printing} />
      </ChartCard>

      <ChartCard title={t.charts.sources} hint={t.sourceHint} testId="chart-sources">
        <Share slices={sources} received={total.received} printing={printing} />
      </ChartCard>

      <ChartCard title={t.charts.satisfaction} hint={anyRating ? t.charts.satisfactionHint : t.noRatings} testId="chart-satisfaction">
        <LineChart {...size('half', 250)} data={months} margin={{ top: 12, right: 20, bottom: 4, left: 0 }}>
          <CartesianGrid vertical={false} stroke={COLORS.grid} />
          <XAxis dataKey="month" tick={TICK} interval="preserveStartEnd" minTickGap={6} />
          <YAxis
            tick={TICK}
            width={48}
            domain={[(min: number) => (Number.isFinite(min) ? Math.max(0, Math.floor(min / 10) * 10 - 10) : 0), 100]}
            tickFormatter={(v: number) => `${v}%`}
            allowDecimals={false}
          />
          <Tooltip formatter={(_value, _name, item) => t.rateTooltip(String(item.payload?.rateText ?? ''), Number(item.payload?.rated ?? 0))} />
          <Line type="linear" dataKey="rate" name={t.series.satisfaction} stroke={COLORS.satisfaction} strokeWidth={2} dot={{ r: 3 }} connectNulls {...still} />
        </LineChart>
      </ChartCard>

      <ChartCard title={t.charts.categories} testId="chart-categories">
        <BarChart {...byNameChart(categories)}>
          {byNameAxes(categories)}
          <Bar dataKey="count" name={t.series.count} fill={COLORS.category} maxBarSize={22} label={{ position: 'right', fill: COLORS.axis, fontSize: 12 }} {...still} />
        </BarChart>
      </ChartCard>

      <ChartCard title={t.charts.units} testId="chart-units">
        <BarChart {...byNameChart(units)}>
          {byNameAxes(units)}
          <Legend verticalAlign="top" height={28} />
          <Bar dataKey="answeredOnAir" name={t.series.answeredOnAir} stackId="unit" fill={COLORS.answeredOnAir} maxBarSize={22} {...still} />
          <Bar dataKey="supervised" name={t.series.supervised} stackId="unit" fill={COLORS.supervised} maxBarSize={22} {...still} />
        </BarChart>
      </ChartCard>
    </div>
  );
}
