import { useMemo, useState, type FormEvent } from 'react';
import { centreCalendar, chinaDate, nextDay, officialScheduleThrough, workCalendar } from '../../../../shared/domain/workCalendar';
import { scheduledOverrides } from '../../../../shared/domain/holidaySchedule';
import { HolidayImport } from './HolidayImport';
import type { CatalogueView } from '../../../../shared/protocol/events';
import type { StudioSocket } from '../../api/socket';
import { useCommand } from '../../api/useCommand';
import { adminStrings as t } from './strings';

const DAYS_SHOWN = 42;

/**
 * 工作日历: the official calendar (holidays and 调休 make-up workdays) as deadlines count it, and the
 * admin's corrections of single dates, each with a reason kept in the audit trail.
 */
export function CalendarSection({ socket, catalogue, offline }: { socket: StudioSocket | null; catalogue: CatalogueView; offline: boolean }) {
  const s = t.calendar;
  const command = useCommand(socket);
  const [date, setDate] = useState(chinaDate(new Date()));
  const [dayType, setDayType] = useState<'work' | 'off' | 'official'>('off');
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const overrides = catalogue.calendarOverrides;
  const years = catalogue.calendarYears;
  const scheduled = useMemo(() => scheduledOverrides(years), [years]);
  const calendar = useMemo(() => centreCalendar(overrides, years), [overrides, years]);
  const official = useMemo(() => workCalendar(), []);
  const today = chinaDate(new Date());
  const libraryThrough = officialScheduleThrough(Number(today.slice(0, 4)));
  let coveredThrough = libraryThrough;
  while (years[String(coveredThrough + 1)]) coveredThrough++;
  const days = useMemo(() => {
    // Weeks start on Monday, as Chinese calendars print them.
    let start = today;
    while (new Date(`${start}T00:00:00Z`).getUTCDay() !== 1) start = new Date(Date.parse(`${start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const out: string[] = [];
    for (let d = start, i = 0; i < DAYS_SHOWN; i++, d = nextDay(d)) out.push(d);
    return out;
  }, [today]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await command.run('calendar:setDay', { date, dayType: dayType === 'official' ? null : dayType, reason });
    if (result) {
      setSaved(s.saved(result.date));
      setReason('');
    }
  };

  return (
    <>
      <div className="admin-split">
        <section className="admin-card" aria-labelledby="calendar-days">
          <h2 id="calendar-days">{s.upcoming}</h2>
          <ol className="admin-calendar" data-testid="calendar-days">
            {days.map((day) => {
              const work = calendar.isWorkday(day);
              const changed = day in overrides;
              const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
              const makeUp = work && weekend && !changed && (scheduled[day] === 'work' || official.isWorkday(day));
              return (
                <li key={day} className={`${work ? 'work' : 'off'} ${changed ? 'changed' : ''}`} title={changed ? s.overridden : makeUp ? s.makeUp : ''}>
                  <span className="day">{day.slice(5)}</span>
                  <span className="kind">{changed ? s.overridden : makeUp ? s.makeUp : work ? s.work : s.off}</span>
                </li>
              );
            })}
          </ol>
          <p className="admin-hint">{s.explain}</p>
          <p className="admin-warning" role="note" data-testid="calendar-coverage">{coveredThrough > libraryThrough ? s.coverageWithImports(coveredThrough) : s.coverage(coveredThrough)}</p>
        </section>
        <section className="admin-card" aria-labelledby="calendar-form">
          <h2 id="calendar-form">{s.formHeading}</h2>
          <form className="admin-form" onSubmit={submit}>
            <label>
              {s.date}
              <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </label>
            <label>
              {s.dayType}
              <select value={dayType} onChange={(e) => setDayType(e.target.value as typeof dayType)}>
                <option value="off">{s.off}</option>
                <option value="work">{s.work}</option>
                <option value="official">{s.official}</option>
              </select>
            </label>
            <label>
              {s.reason}
              <input value={reason} placeholder={s.reasonPlaceholder} onChange={(e) => setReason(e.target.value)} />
            </label>
            <button type="submit" disabled={offline || command.busy || !reason.trim()}>{s.save}</button>
            {command.error ? <p role="alert" className="error">{command.error.message}</p> : saved && <p className="ok" role="status">{saved}</p>}
          </form>
          <h3>{s.overrides}</h3>
          <ul className="admin-overrides" data-testid="calendar-overrides">
            {Object.keys(overrides).length === 0 && <li className="muted">{s.none}</li>}
            {Object.entries(overrides)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([day, kind]) => (
                <li key={day}>
                  {day} · {kind === 'work' ? s.work : s.off}
                </li>
              ))}
          </ul>
        </section>
      </div>
      <HolidayImport socket={socket} years={years} offline={offline} />
    </>
  );
}
