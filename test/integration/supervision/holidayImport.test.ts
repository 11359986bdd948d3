import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHolidayNotice } from '../../../shared/domain/holidaySchedule';
import { buildStudio, commandId, connectAs, ok, send, type Studio } from '../../helpers/testServer';
import { handOver, TestClock } from './helpers';

/*
 * chinese-days 1.5.7 knows official holidays through 2026 only. An admin brings in 2027's schedule
 * from the State Council's notice; from then on deadlines in working days skip the 2027 Spring
 * Festival. Expected dates are worked out by hand from the notice below.
 */
const NOTICE_2027 = `国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历腊月二十九、周五）至13日（农历正月初七、周六）放假调休，共9天。1月31日（周日）、2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。`;

const schedule = parseHolidayNotice(NOTICE_2027);

describe('a year of holidays brought in by the admin', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('moves deadlines handed over after it past the 2027 Spring Festival, and survives a restart', async () => {
    const clock = new TestClock('2027-02-03T02:00:00Z'); // Wednesday 3 February 2027
    studio = await buildStudio({ clock });
    // Without 2027's schedule the festival counts as working days: simple = Thu 4 + Fri 5.
    const before = await handOver(studio, { complexity: 'simple' });
    expect(before.supervision.deadline).toBe('2027-02-05');

    const result = await ok(studio.admin, 'calendar:importYear', { commandId: commandId(), year: 2027, source: 'notice', days: schedule.days });
    expect(result).toEqual({ year: 2027, days: 35 });

    // Thu 4 February, then Monday 15 February (5–13 off, 14 a Sunday): simple is due on the 15th; normal on the 18th.
    expect((await handOver(studio, { complexity: 'simple' })).supervision.deadline).toBe('2027-02-15');
    expect((await handOver(studio, { complexity: 'normal' })).supervision.deadline).toBe('2027-02-18');
    // The deadline set before the import is not silently moved.
    expect(studio.server.app.studio.state(studio.episodeId).appeals[before.id].supervision?.deadline).toBe('2027-02-05');

    const catalogue = await ok(studio.admin, 'catalogue:get', {});
    expect(catalogue.calendarYears['2027']).toMatchObject({ year: 2027, source: 'notice', importedAt: '2027-02-03T02:00:00.000Z' });
    expect(catalogue.calendarYears['2027'].days).toHaveLength(35);
    // Every screen's catalogue read carries it (the follow-up desk counts deadlines with it too).
    const followup = await connectAs(studio.server, studio.admin, 'followup');
    expect(Object.keys((await ok(followup, 'catalogue:get', {})).calendarYears)).toEqual(['2027']);
    followup.disconnect();

    // On disk, and still there after a restart.
    const onDisk = JSON.parse(await readFile(join(studio.server.dataDir, 'catalogue.json'), 'utf8'));
    expect(onDisk.calendarYears['2027'].days).toHaveLength(35);
    const server = await studio.server.restart();
    studio.server = server;
    expect(server.app.catalogue.calendar().isWorkday('2027-02-08')).toBe(false);
    expect(server.app.catalogue.calendar().isWorkday('2027-01-31')).toBe(true);
  });

  it('a retried import changes nothing twice; a second import replaces the first; a single-date correction still wins', async () => {
    studio = await buildStudio({ clock: new TestClock('2026-12-03T02:00:00Z') });
    const id = commandId();
    await ok(studio.admin, 'calendar:importYear', { commandId: id, year: 2027, source: 'notice', days: schedule.days });
    await ok(studio.admin, 'calendar:importYear', { commandId: id, year: 2027, source: 'notice', days: schedule.days });
    const audit = () => studio.server.app.catalogue.data.audit.filter((entry) => entry.command === 'calendar:importYear');
    expect(audit()).toHaveLength(1);
    expect(audit()[0].changes).toEqual([
      { path: 'calendarYears.2027.source', from: null, to: 'notice' },
      { path: 'calendarYears.2027.off', from: null, to: 29 },
      { path: 'calendarYears.2027.work', from: null, to: 6 },
    ]);

    const onlySpring = schedule.days.filter((day) => day.name === '春节');
    await ok(studio.admin, 'calendar:importYear', { commandId: commandId(), year: 2027, source: 'csv', days: onlySpring });
    const calendar = () => studio.server.app.catalogue.calendar();
    expect(calendar().isWorkday('2027-10-04')).toBe(true); // National Day is no longer in the brought-in schedule
    expect(calendar().isWorkday('2027-02-08')).toBe(false);

    await ok(studio.admin, 'calendar:setDay', { commandId: commandId(), date: '2027-02-08', dayType: 'work', reason: '本地安排：正月初二上班' });
    expect(calendar().isWorkday('2027-02-08')).toBe(true);
  });

  it('refuses a schedule with a date of another year or a date twice, with a Chinese sentence, and stores nothing', async () => {
    studio = await buildStudio();
    const outside: any = await send(studio.admin, 'calendar:importYear', { commandId: commandId(), year: 2027, source: 'csv', days: [{ date: '2028-01-01', dayType: 'off', name: '元旦' }] });
    expect(outside).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(outside.error.message).toContain('节假日安排里有不属于该年份的日期。');
    const twice: any = await send(studio.admin, 'calendar:importYear', {
      commandId: commandId(),
      year: 2027,
      source: 'csv',
      days: [
        { date: '2027-02-05', dayType: 'off', name: '春节' },
        { date: '2027-02-05', dayType: 'work', name: '春节' },
      ],
    });
    expect(twice).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(twice.error.message).toContain('节假日安排里同一天出现了两次。');
    const empty: any = await send(studio.admin, 'calendar:importYear', { commandId: commandId(), year: 2027, source: 'notice', days: [] });
    expect(empty).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(empty.error.message).toContain('节假日安排');
    const operator = await connectAs(studio.server, studio.admin, 'operator');
    const refused = await send(operator, 'calendar:importYear', { commandId: commandId(), year: 2027, source: 'notice', days: schedule.days });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    operator.disconnect();
    expect((await ok(studio.admin, 'catalogue:get', {})).calendarYears).toEqual({});
  });
});
