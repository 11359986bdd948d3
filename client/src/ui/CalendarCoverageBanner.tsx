import { calendarCoverageGap, chinaDate } from '../../../shared/domain/workCalendar';
import type { ImportedSchedules } from '../../../shared/domain/holidaySchedule';
import { calendarStrings as t } from '../strings/calendar';

/**
 * From 1 November, when next year's official holidays are neither in the calendar library nor
 * brought in by the admin (and from 1 January when this year's are not): say so where deadlines are
 * set and read, before a deadline counts the Spring Festival as working days.
 */
export function CalendarCoverageBanner({ years, forAdmin }: { years: ImportedSchedules | undefined; forAdmin: boolean }) {
  const gap = calendarCoverageGap(chinaDate(new Date()), Object.keys(years ?? {}));
  if (!gap) return null;
  return (
    <p className="calendar-gap" role="note" data-testid="calendar-coverage-gap">
      {gap.started ? t.gapStarted(gap.year) : t.gapAhead(gap.year)}
      {forAdmin ? t.adminAction : t.deskAction}
    </p>
  );
}
