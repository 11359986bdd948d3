import { describe, expect, it } from 'vitest';
import { combineRollups, type Rollup } from '../../shared/domain/rollups';
import { paragraphNote, periodLabel, reportParagraph, unitKindsPhrase } from '../../shared/domain/reportParagraph';
import { SATISFACTION_DEFINITIONS } from '../../shared/domain/resolution';
import { summarizeRatings } from '../../shared/domain/satisfaction';
import type { Rating } from '../../shared/domain/types';

/*
 * The report's paragraph from the data, in the words of the Xuzhou 2025 report (seed 004, 一(二)1).
 */

const rated = (good: number, bad: number): Rating[] => [...Array<Rating>(good).fill('satisfied'), ...Array<Rating>(bad).fill('unsatisfied')];

function year2025(overrides: Partial<Rollup> = {}): Rollup {
  return {
    ...combineRollups([]),
    episodes: 247,
    leaders: 247,
    principalLeaders: 52,
    units: 127,
    received: 12551,
    phone: 12000,
    internet: 551,
    answeredOnAir: 4270,
    supervised: 8281,
    resolved: 12375,
    satisfaction: summarizeRatings(rated(12225, 176)),
    ...overrides,
  };
}

describe('reportParagraph: the Xuzhou sentence from the data', () => {
  it('resolved ÷ accepted: the seed’s sentence, figure for figure, with 98.60%', () => {
    const p = reportParagraph('2025年', year2025(), ['department', 'public_service'], 'resolved');
    expect(p.text).toBe('2025年，全市127家政府职能部门和公共服务单位走进政风热线直播室，直播节目247期，接听受理诉求12551件，着力解决群众“急难愁盼”诉求12375件，群众诉求办理满意率98.60%。');
    expect(p.sources).toBe('其中电话诉求12000件、互联网诉求551件（网络留言占4.39%）。');
    expect(p.definition).toBe(`满意率口径：${SATISFACTION_DEFINITIONS.resolved}`);
  });

  it('callback-rated: the same sentence with the callback rate, and that definition beside it', () => {
    const p = reportParagraph('2025年', year2025(), ['department', 'public_service'], 'callback');
    expect(p.text).toContain('群众诉求办理满意率98.58%。');
    expect(p.definition).toBe(`满意率口径：${SATISFACTION_DEFINITIONS.callback}`);
    expect(paragraphNote(p)).toBe(`报告表述：${p.text}${p.sources}`);
  });

  it('nothing broadcast in the period: says so instead of a sentence of zeros', () => {
    expect(reportParagraph('2026年第一季度', combineRollups([]), [], 'resolved').text).toBe('2026年第一季度，政风热线没有播出节目。');
  });

  it('names the kinds of unit on air as the report does', () => {
    expect(unitKindsPhrase(['public_service', 'department', 'department'])).toBe('政府职能部门和公共服务单位');
    expect(unitKindsPhrase(['department'])).toBe('政府职能部门');
    expect(unitKindsPhrase(['county', 'department', 'public_service'])).toBe('政府职能部门、公共服务单位和县（市、区）政府');
    expect(unitKindsPhrase([])).toBe('单位');
  });
});

describe('periodLabel: how the paragraph names its period', () => {
  it('a year, a quarter, a month, whole months, any range', () => {
    expect(periodLabel({ from: '2025-01-01', to: '2025-12-31' })).toBe('2025年');
    expect(periodLabel({ from: '2025-04-01', to: '2025-06-30' })).toBe('2025年第二季度');
    expect(periodLabel({ from: '2024-02-01', to: '2024-02-29' })).toBe('2024年2月');
    expect(periodLabel({ from: '2025-01-01', to: '2025-02-28' })).toBe('2025年1月至2月');
    expect(periodLabel({ from: '2025-01-05', to: '2025-03-20' })).toBe('2025年1月5日至3月20日');
    expect(periodLabel({ from: '2024-12-01', to: '2025-01-15' })).toBe('2024年12月1日至2025年1月15日');
  });
});
