import { useState, type ChangeEvent } from 'react';
import { parseHolidayNotice, parseScheduleCsv, parseScheduleIcs, type ImportedSchedules, type ParsedSchedule, type ScheduleSource } from '../../../../shared/domain/holidaySchedule';
import { calendarCoverageGap, chinaDate } from '../../../../shared/domain/workCalendar';
import type { StudioSocket } from '../../api/socket';
import { useCommand } from '../../api/useCommand';
import { formatMonthDayTime } from '../../ui/format';
import { adminStrings as t } from './strings';

/** A schedule file is a few kilobytes; anything far larger is not one, and is not read into the page. */
const MAX_FILE_BYTES = 256 * 1024;
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

const weekday = (date: string) => `周${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}`;

/**
 * 导入全年节假日安排: paste the State Council's notice (or upload a CSV / ICS), read it here with the
 * shared parser, review every date, then apply it in one command. Nothing applies before the review.
 */
export function HolidayImport({ socket, years, offline }: { socket: StudioSocket | null; years: ImportedSchedules; offline: boolean }) {
  const s = t.holidays;
  const command = useCommand(socket);
  const today = chinaDate(new Date());
  const gap = calendarCoverageGap(today, Object.keys(years));
  const [year, setYear] = useState<number>(gap?.year ?? Number(today.slice(0, 4)) + 1);
  const [source, setSource] = useState<ScheduleSource>('notice');
  const [text, setText] = useState('');
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [review, setReview] = useState<ParsedSchedule | null>(null);
  const [applied, setApplied] = useState<string | null>(null);

  const read = () => {
    setApplied(null);
    const parse = source === 'notice' ? parseHolidayNotice : source === 'csv' ? parseScheduleCsv : parseScheduleIcs;
    const parsed = parse(text, year);
    setReview(parsed);
  };

  const pickFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setFileProblem(null);
    setReview(null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setFileProblem(s.fileTooBig(Math.round(MAX_FILE_BYTES / 1024)));
    setText(await file.text());
  };

  const apply = async () => {
    if (!review?.year || review.problems.length || !review.days.length) return;
    const result = await command.run('calendar:importYear', { year: review.year, source, days: review.days });
    if (result) {
      setApplied(s.applied(result.year, result.days));
      setReview(null);
      setText('');
    }
  };

  const off = review?.days.filter((d) => d.dayType === 'off').length ?? 0;
  const work = (review?.days.length ?? 0) - off;
  const thisYear = Number(today.slice(0, 4));

  return (
    <section className="admin-card holiday-import" aria-labelledby="holiday-import">
      <h2 id="holiday-import">{s.heading}</h2>
      <p className="admin-hint">{s.explain}</p>
      <div className="admin-form">
        <label>
          {s.year}
          <select value={year} onChange={(e) => (setYear(Number(e.target.value)), setReview(null))}>
            {[thisYear, thisYear + 1, thisYear + 2].map((y) => (
              <option key={y} value={y}>
                {s.yearOption(y)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="admin-radios">
          <legend>{s.source}</legend>
          {(['notice', 'csv', 'ics'] as const).map((kind) => (
            <label key={kind}>
              <input type="radio" name="holiday-source" checked={source === kind} onChange={() => (setSource(kind), setReview(null), setText(''))} />
              {s.sources[kind]}
            </label>
          ))}
        </fieldset>
        {source === 'notice' ? (
          <label>
            {s.paste}
            <textarea rows={8} value={text} placeholder={s.pastePlaceholder} maxLength={20_000} onChange={(e) => (setText(e.target.value), setReview(null))} />
          </label>
        ) : (
          <label>
            {s.file(source)}
            <input type="file" accept={source === 'csv' ? '.csv,text/csv,text/plain' : '.ics,text/calendar'} onChange={pickFile} />
          </label>
        )}
        {fileProblem && <p role="alert" className="error">{fileProblem}</p>}
        <button type="button" disabled={!text.trim()} onClick={read}>
          {s.read}
        </button>
      </div>

      {review && (
        <div className="holiday-review" data-testid="holiday-review">
          <h3>{s.reviewHeading(review.year ?? year)}</h3>
          {review.problems.length > 0 ? (
            <ul role="alert" className="error holiday-problems">
              {review.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          ) : (
            <p className="ok">{s.reviewSummary(off, work)}</p>
          )}
          <table className="admin-table">
            <thead>
              <tr>
                <th>{s.columns.date}</th>
                <th>{s.columns.weekday}</th>
                <th>{s.columns.type}</th>
                <th>{s.columns.name}</th>
              </tr>
            </thead>
            <tbody>
              {review.days.map((day) => (
                <tr key={day.date} className={day.dayType}>
                  <td>{day.date}</td>
                  <td>{weekday(day.date)}</td>
                  <td>{day.dayType === 'off' ? s.off : s.work}</td>
                  <td>{day.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" disabled={offline || command.busy || review.problems.length > 0 || review.days.length === 0} onClick={apply}>
            {s.apply(review.year ?? year)}
          </button>
          {years[String(review.year ?? year)] && <p className="admin-warning">{s.replaces(review.year ?? year)}</p>}
        </div>
      )}
      {command.error && <p role="alert" className="error">{command.error.message}</p>}
      {applied && <p className="ok" role="status">{applied}</p>}

      <h3>{s.importedHeading}</h3>
      <ul className="admin-overrides" data-testid="calendar-years">
        {Object.keys(years).length === 0 && <li className="muted">{s.noneImported}</li>}
        {Object.values(years)
          .sort((a, b) => a.year - b.year)
          .map((schedule) => (
            <li key={schedule.year}>
              {s.importedLine(
                schedule.year,
                s.sources[schedule.source],
                schedule.days.filter((d) => d.dayType === 'off').length,
                schedule.days.filter((d) => d.dayType === 'work').length,
                schedule.importedBy,
                formatMonthDayTime(new Date(schedule.importedAt)),
              )}
            </li>
          ))}
      </ul>
    </section>
  );
}
