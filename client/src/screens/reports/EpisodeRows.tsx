import type { ReportSummary } from '../../../../shared/protocol/events';
import { reportsStrings as t } from './strings';

const COLUMNS = ['received', 'phone', 'internet', 'answeredOnAir', 'supervised', 'resolved'] as const;

/** 各期明细: one row per episode of the period with its counts, 诉求来源 电话 / 互联网 included, and the total. */
export function EpisodeRows({ summary }: { summary: ReportSummary }) {
  if (summary.episodes.length === 0) return null;
  return (
    <div className="rp-episodes" data-testid="episode-rows">
      <table className="rp-table rp-episode-table">
        <thead>
          <tr>
            <th scope="col">{t.episodeColumns.number}</th>
            <th scope="col">{t.episodeColumns.date}</th>
            <th scope="col">{t.episodeColumns.theme}</th>
            {COLUMNS.map((c) => (
              <th key={c} scope="col" data-col={c}>
                {t.episodeColumns[c]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {summary.episodes.map((e) => (
            <tr key={e.id} data-episode={e.id}>
              <td>{t.episodeNumber(e.year, e.number)}</td>
              <td>{e.date}</td>
              <td className="rp-episode-theme">{e.theme}</td>
              {COLUMNS.map((c) => (
                <td key={c} data-col={c}>
                  {e.rollup[c]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t.episodesTotal}
            </th>
            {COLUMNS.map((c) => (
              <td key={c} data-col={c}>
                {summary.total[c]}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
