import type { Logger } from 'pino';
import { calendarCoverageGap, chinaDate } from '../../shared/domain/workCalendar';
import type { CatalogueService } from './catalogueService';
import type { Clock } from './clock';

const CHECK_EVERY_MS = 60 * 60_000;

/**
 * The log's share of the calendar warning (the screens show it too): once a day while next year's
 * (or this year's) official holidays are missing, a warning the IT staff's log watch can catch.
 */
export function watchCalendarCoverage(catalogue: CatalogueService, clock: Clock, logger: Logger): () => void {
  let toldOn: string | null = null;
  const check = () => {
    const today = chinaDate(clock.now());
    if (toldOn === today) return;
    const gap = calendarCoverageGap(today, Object.keys(catalogue.calendarYears()));
    if (!gap) return;
    toldOn = today;
    logger.warn(
      { calendarGapYear: gap.year, started: gap.started },
      gap.started
        ? `${gap.year} 年的法定节假日安排尚未录入，办理期限正把假日算作工作日：请在 /admin 的「工作日历」导入国务院通知`
        : `${gap.year} 年的法定节假日安排尚未录入：公布后请在 /admin 的「工作日历」导入国务院通知`,
    );
  };
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
