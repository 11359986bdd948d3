import type { AnnualTable, TableColumn } from '../../../../shared/domain/annualTable';
import { reportsStrings as t } from './strings';

/** Runs of neighbouring columns under one group header (上线人数(人) over 总数 and 其中:主要负责人数). */
function headerRuns(columns: TableColumn[]): Array<{ group: string | null; columns: TableColumn[] }> {
  const runs: Array<{ group: string | null; columns: TableColumn[] }> = [];
  for (const column of columns) {
    const last = runs[runs.length - 1];
    if (column.group && last && last.group === column.group) last.columns.push(column);
    else runs.push({ group: column.group, columns: [column] });
  }
  return runs;
}

/**
 * A 政风热线 table as the annual reports print it: one or two header rows (a group header spans its
 * columns, a single header spans both rows), one row of figures with 同比 in brackets, notes below.
 * A cell reads exactly as the server's cellText() prints it; the bracket is its own span only so a
 * narrow printed column can wrap it under the figure.
 */
export function ReportTable({ table, caption, testId }: { table: AnnualTable; caption: string; testId: string }) {
  const runs = headerRuns(table.columns);
  const twoRows = runs.some((r) => r.group !== null);
  return (
    <div className="rp-table-block" data-testid={testId}>
      <table className="rp-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {runs.map((run) =>
              run.group ? (
                <th key={run.columns[0].id} scope="colgroup" colSpan={run.columns.length}>
                  {run.group}
                </th>
              ) : (
                <th key={run.columns[0].id} scope="col" rowSpan={twoRows ? 2 : 1} data-col={run.columns[0].id}>
                  {run.columns[0].label}
                </th>
              ),
            )}
          </tr>
          {twoRows ? (
            <tr>
              {runs
                .filter((run) => run.group)
                .flatMap((run) => run.columns)
                .map((column) => (
                  <th key={column.id} scope="col" data-col={column.id}>
                    {column.label}
                  </th>
                ))}
            </tr>
          ) : null}
        </thead>
        <tbody>
          <tr>
            {table.columns.map((column) => (
              <td key={column.id} data-col={column.id}>
                <span className="rp-fig">{String(column.value)}</span>
                {column.yoy ? <span className="rp-yoy">({column.yoy})</span> : null}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      {table.notes.length > 0 ? (
        <div className="rp-notes">
          <span>{t.notesLabel}</span>
          <ol>
            {table.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}
