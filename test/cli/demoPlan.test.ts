import { describe, expect, it } from 'vitest';
import { formatRate2 } from '../../shared/domain/resolution';
import { formatRate } from '../../shared/domain/satisfaction';
import { workCalendar } from '../../shared/domain/workCalendar';
import { apportion } from '../../server/cli/demo/random';
import { closestUnsatisfied, planYear, targetsFor, XUZHOU_2025 } from '../../server/cli/demo/yearPlan';
import { displayWidth, padEnd } from '../../server/cli/terminalTable';

describe('the demo year plan (before any command runs)', () => {
  it('adds up to the Xuzhou 2025 figures exactly at scale 1, on working days, inside the year', () => {
    const plan = planYear(2025, 1);
    const { episodes } = plan;
    const valid = episodes.flatMap((e) => e.appeals.filter((a) => a.fate !== 'invalid'));
    const supervised = valid.filter((a) => a.supervision);
    const answeredOnAir = valid.filter((a) => a.fate === 'answered');
    // Every rated appeal: supervised items and the appeals answered on air called back (回访).
    const rated = [...supervised.filter((a) => a.supervision!.outcome !== 'unreachable'), ...answeredOnAir.filter((a) => a.onAirCallback !== 'unreachable')];
    const unsatisfied = rated.filter((a) => a.supervision?.outcome === 'unsatisfied' || a.onAirCallback === 'unsatisfied');
    expect({
      episodes: episodes.length,
      units: new Set(episodes.map((e) => e.unit)).size,
      principalLeaders: episodes.filter((e) => e.leader.principal).length,
      received: valid.length,
      answeredOnAir: answeredOnAir.length,
      supervised: supervised.length,
      satisfaction: formatRate((rated.length - unsatisfied.length) / rated.length),
      // 解决 (resolution.ts) once every item has run its course: all but the ones last rated 不满意.
      resolved: valid.length - unsatisfied.length,
      hotspots: episodes.flatMap((e) => e.publications).filter((p) => p.kind === 'hotspot').length,
      policyQa: episodes.flatMap((e) => e.publications).filter((p) => p.kind === 'qa').length,
    }).toEqual({ ...XUZHOU_2025, satisfaction: '98.6%' });
    expect(formatRate2((valid.length - unsatisfied.length) / valid.length)).toBe('98.60%');
    expect(answeredOnAir.every((a) => a.onAirCallback)).toBe(true);
    expect(answeredOnAir.filter((a) => a.onAirCallback === 'unreachable')).toHaveLength(51);
    // 诉求来源: online messages are a real part of the year (the generator's channel weights: 45 / 30 / 25).
    const online = valid.filter((a) => a.channel === 'online').length;
    expect(online / valid.length).toBeGreaterThan(0.2);
    expect(online / valid.length).toBeLessThan(0.3);

    const calendar = workCalendar();
    for (const episode of episodes) {
      expect(calendar.isWorkday(episode.date), episode.date).toBe(true);
      expect(episode.date.startsWith('2025-')).toBe(true);
      // One call on air at a time, all within the live episode.
      const aired = episode.appeals.filter((a) => a.airAt !== null).sort((a, b) => a.airAt! - b.airAt!);
      aired.forEach((a, i) => {
        expect(a.airAt!).toBeGreaterThan(episode.startAt);
        expect(a.screenAt!).toBeLessThanOrEqual(a.airAt!);
        expect(a.receivedAt).toBeLessThan(a.screenAt!);
        if (i > 0) expect(a.airAt!).toBeGreaterThan(aired[i - 1].settleAt!);
      });
      for (const a of episode.appeals) expect(a.settleAt ?? a.screenAt ?? a.receivedAt).toBeLessThan(episode.endAt);
    }
    expect(new Set(episodes.map((e) => `${e.date} ${e.slot.start}`)).size).toBe(episodes.length);
  });

  it('scales every volume down and is the same plan for the same seed', () => {
    expect(targetsFor(0.1)).toMatchObject({ episodes: 25, units: 13, received: 1255, answeredOnAir: 427, supervised: 828, principalLeaders: 5, hotspots: 10, policyQa: 72 });
    const strip = (p: ReturnType<typeof planYear>) => p.episodes.map((e) => [e.date, e.unit.name, e.appeals.map((a) => [a.receivedAt, a.summary, a.fate])]);
    expect(strip(planYear(2025, 0.02))).toEqual(strip(planYear(2025, 0.02)));
    expect(strip(planYear(2025, 0.02, 'another seed'))).not.toEqual(strip(planYear(2025, 0.02)));
  });

  it('apportions exactly and picks the unsatisfied count that prints the target rate', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(100, [5, 1, 1], 10, [20, 100, 100]).reduce((a, b) => a + b)).toBe(100);
    expect(formatRate((8182 - closestUnsatisfied(8182, 0.986)) / 8182)).toBe('98.6%');
  });

  it('measures terminal width with CJK characters counting two', () => {
    expect(displayWidth('政风热线ab')).toBe(10);
    expect(displayWidth('（127家）')).toBe(9);
    expect(displayWidth(padEnd('期数', 8))).toBe(8);
  });
});
