import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { annualTableXuzhou } from '../../../../shared/domain/annualTable';
import { PARAGRAPH_NOTE_PREFIX } from '../../../../shared/domain/reportParagraph';
import { SATISFACTION_BASES, type SatisfactionBasis } from '../../../../shared/domain/resolution';
import type { Period } from '../../../../shared/domain/rollups';
import type { AnnualReport, ReportSummary } from '../../../../shared/protocol/events';
import { sendCommand } from '../../api/socket';
import { useCatalogue } from '../../api/useCatalogue';
import type { ScreenProps } from '../../screenProps';
import { currentYearInChina, defaultChoice, periodLabel, periodOf, wholeYearOf, type PeriodChoice } from './period';
import { PeriodPicker } from './PeriodPicker';
import { EpisodeRows } from './EpisodeRows';
import { PeriodTotals } from './PeriodTotals';
import { ReportParagraph } from './ReportParagraph';
import { ReportTable } from './ReportTable';
import { reportsStrings as t } from './strings';
import './reports.css';

// The chart library is most of this screen's weight: its own chunk, so the tables show while it loads.
const Charts = lazy(() => import('./Charts'));

/** What is on screen: the figures of one period, and the label it was asked under. */
interface Loaded {
  label: string;
  summary: ReportSummary;
  annual: AnnualReport | null;
}

const printMoment = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/** Where this browser keeps the centre's choice of 满意率 (the report it publishes uses one definition year after year). */
const BASIS_KEY = 'zfrx.reports.satisfaction';

function storedBasis(): SatisfactionBasis {
  try {
    const stored = window.localStorage.getItem(BASIS_KEY);
    return (SATISFACTION_BASES as readonly string[]).includes(stored ?? '') ? (stored as SatisfactionBasis) : 'callback';
  } catch {
    return 'callback';
  }
}

/** The 满意率 the reports print, chosen on this screen and remembered in this browser. */
function useBasis(): [SatisfactionBasis, (basis: SatisfactionBasis) => void] {
  const [basis, setBasis] = useState<SatisfactionBasis>(storedBasis);
  const choose = (next: SatisfactionBasis) => {
    setBasis(next);
    try {
      window.localStorage.setItem(BASIS_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  };
  return [basis, choose];
}

/** The period's figures (and the annual tables when it is a whole year), fetched again on reconnect or on 刷新. */
function useReport(socket: ScreenProps['socket'], choice: PeriodChoice, basis: SatisfactionBasis) {
  const period = periodOf(choice);
  const from = period?.from ?? '';
  const to = period?.to ?? '';
  const label = period ? periodLabel(choice, period) : '';
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    if (!socket || !from || !to) return;
    let cancelled = false;
    const load = async () => {
      setLoading(true);
      const wanted: Period = { from, to };
      const year = wholeYearOf(wanted);
      const [summary, annual] = await Promise.all([
        sendCommand(socket, 'reports:summary', { ...wanted, satisfaction: basis }),
        year !== null ? sendCommand(socket, 'reports:annual', { year, satisfaction: basis }) : Promise.resolve(null),
      ]);
      if (cancelled) return;
      setLoading(false);
      if (!summary.ok) return setError(summary.error.message);
      if (annual && !annual.ok) return setError(annual.error.message);
      setError(null);
      setLoaded({ label, summary: summary.data, annual: annual ? annual.data : null });
    };
    socket.on('connect', load);
    if (socket.connected) void load();
    return () => {
      cancelled = true;
      socket.off('connect', load);
    };
  }, [socket, from, to, label, basis, reloads]);

  return { loaded, loading, error, reload: () => setReloads((n) => n + 1) };
}

/**
 * 统计报表: the 政风热线 annual table in both published layouts (with 同比), the period's other
 * figures, charts, exports and an A4 print view. Any period works; a whole year gets the server's
 * annual tables, any other period the same figures in the Xuzhou layout without 同比.
 */
export default function ReportsScreen({ socket, connection }: ScreenProps) {
  const catalogue = useCatalogue(socket);
  const [choice, setChoice] = useState<PeriodChoice>(() => defaultChoice());
  const [basis, setBasis] = useBasis();
  const { loaded, loading, error, reload } = useReport(socket, choice, basis);

  const years = useMemo(() => {
    const set = new Set<number>([currentYearInChina(), choice.year]);
    for (const episode of catalogue?.episodes ?? []) set.add(episode.year);
    return [...set].sort((a, b) => b - a);
  }, [catalogue, choice.year]);

  const period = periodOf(choice);
  const exportYear = choice.kind === 'range' ? Number((period?.from ?? choice.from).slice(0, 4)) || choice.year : choice.year;
  const exportUrl = (format: 'xlsx' | 'csv') => `/api/reports/annual?year=${exportYear}&format=${format}&satisfaction=${basis}`;

  return (
    <section className="reports" aria-labelledby="rp-title">
      <header className="rp-head">
        <h1 id="rp-title">
          <span className="rp-screen-only">{t.title}</span>
          <span className="rp-print-only">{t.printTitle(loaded?.label ?? '')}</span>
        </h1>
        <PeriodPicker choice={choice} years={years} onChange={setChoice} />
        <label className="rp-basis">
          <span>{t.basisLabel}</span>
          <select value={basis} onChange={(e) => setBasis(e.target.value as SatisfactionBasis)} data-testid="satisfaction-basis">
            {SATISFACTION_BASES.map((b) => (
              <option key={b} value={b}>
                {t.basisOptions[b]}
              </option>
            ))}
          </select>
        </label>
        <div className="rp-actions" role="group" aria-label={t.actionsLabel}>
          <a className="rp-button" href={exportUrl('xlsx')} download data-testid="export-xlsx">
            {t.exportXlsx}
          </a>
          <a className="rp-button rp-button-plain" href={exportUrl('csv')} download data-testid="export-csv">
            {t.exportCsv}
          </a>
          <button type="button" className="rp-button rp-button-plain" onClick={() => window.print()}>
            {t.print}
          </button>
          <button type="button" className="rp-button rp-button-plain" onClick={reload} disabled={loading || !socket}>
            {loading ? t.refreshing : t.refresh}
          </button>
          <small className="rp-export-hint">{t.exportHint(exportYear)}</small>
        </div>
      </header>

      {connection !== 'connected' ? <p className="rp-warning">{t.offline}</p> : null}
      {error ? (
        <p className="rp-error" role="alert">
          {error}
        </p>
      ) : null}

      {!loaded ? (
        <p className="muted">{t.loading}</p>
      ) : (
        <ReportBody loaded={loaded} stale={loading} basis={basis} />
      )}
    </section>
  );
}

function ReportBody({ loaded, stale, basis }: { loaded: Loaded; stale: boolean; basis: SatisfactionBasis }) {
  const { summary, annual, label } = loaded;
  // Not a whole year: the Xuzhou layout of the period's total, built by the same shared function, without 同比.
  const periodTable = useMemo(() => {
    if (annual) return null;
    const table = annualTableXuzhou(Number(summary.period.from.slice(0, 4)), summary.total, null, t.periodColumn, basis);
    return { ...table, title: t.periodCaption(label), notes: [...table.notes, t.periodTableNote] };
  }, [annual, summary, label, basis]);

  return (
    <div className={stale ? 'rp-body rp-stale' : 'rp-body'} aria-busy={stale}>
      <div className="rp-period">
        <h2 data-testid="rp-period-label">{label}</h2>
        {label !== t.periodTitle(summary.period.from, summary.period.to) ? <span>{t.periodTitle(summary.period.from, summary.period.to)}</span> : null}
        <small>{t.byBroadcastDate}</small>
        <small className="rp-print-only">{t.printedAt(printMoment.format(new Date()))}</small>
      </div>

      <ReportParagraph paragraph={summary.paragraph} />

      <section className="rp-section" aria-labelledby="rp-tables">
        <h2 id="rp-tables">{t.tablesHeading}</h2>
        {annual ? (
          <>
            {/* The paragraph note is for the exports; on screen the paragraph has its own section above. */}
            <ReportTable table={{ ...annual.xuzhou, notes: annual.xuzhou.notes.filter((n) => !n.startsWith(PARAGRAPH_NOTE_PREFIX)) }} caption={t.xuzhouCaption} testId="table-xuzhou" />
            <ReportTable table={annual.suqian} caption={t.suqianCaption} testId="table-suqian" />
          </>
        ) : periodTable ? (
          <ReportTable table={periodTable} caption={periodTable.title} testId="table-period" />
        ) : null}
      </section>

      <section className="rp-section" aria-labelledby="rp-totals">
        <h2 id="rp-totals">{t.totalsHeading}</h2>
        <PeriodTotals total={summary.total} figure={summary.satisfaction} />
      </section>

      <section className="rp-section" aria-labelledby="rp-episodes">
        <h2 id="rp-episodes">{t.episodesHeading}</h2>
        <EpisodeRows summary={summary} />
      </section>

      <section className="rp-section rp-charts-section" aria-labelledby="rp-charts">
        <h2 id="rp-charts">{t.chartsHeading}</h2>
        <Suspense fallback={<p className="muted">{t.chartsLoading}</p>}>
          <Charts summary={summary} />
        </Suspense>
      </section>
    </div>
  );
}
