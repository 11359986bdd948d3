import { formatRate2, satisfactionFigure, type SatisfactionBasis } from './resolution';
import type { Rollup } from './rollups';
import type { UnitKind } from './types';

/**
 * The paragraph an annual report prints about the programme, in the Xuzhou 2025 report's own words
 * (seeds/004, 一(二)1):
 *
 *   2025年，全市127家政府职能部门和公共服务单位走进政风热线直播室，直播节目247期，接听受理诉求12551件，
 *   着力解决群众“急难愁盼”诉求12375件，群众诉求办理满意率98.60%。
 *
 * every figure from the period's rollup: the distinct units that went on air, held episodes, valid
 * appeals, resolved appeals (解决, resolution.ts) and the satisfaction rate on the chosen basis, with
 * two decimals as the sentence prints it. The definition of that rate always goes with it.
 */
export interface ReportParagraph {
  text: string;
  /** The 诉求来源 split, said after the sentence: 其中电话诉求…件、互联网诉求…件。 */
  sources: string;
  /** What the printed 满意率 is: printed beside the paragraph, always. */
  definition: string;
  basis: SatisfactionBasis;
  /** The figures the sentence states, for whoever checks or reuses them. */
  figures: { units: number; episodes: number; received: number; phone: number; internet: number; resolved: number; rate: number | null };
}

/** Where the paragraph stands among a table's notes (so CSV and XLSX carry it): 报告表述：… */
export const PARAGRAPH_NOTE_PREFIX = '报告表述：';

/** The paragraph as one note line under a table. */
export function paragraphNote(paragraph: ReportParagraph): string {
  return `${PARAGRAPH_NOTE_PREFIX}${paragraph.text}${paragraph.sources}`;
}

/** How the report names each kind of unit on air. */
export const UNIT_KIND_WORDS: Record<UnitKind, string> = {
  department: '政府职能部门',
  public_service: '公共服务单位',
  county: '县（市、区）政府',
};

/** The kinds of the units on air as the sentence names them: 政府职能部门和公共服务单位. */
export function unitKindsPhrase(kinds: Iterable<UnitKind>): string {
  const present = new Set(kinds);
  const words = (Object.keys(UNIT_KIND_WORDS) as UnitKind[]).filter((k) => present.has(k)).map((k) => UNIT_KIND_WORDS[k]);
  if (words.length === 0) return '单位';
  if (words.length === 1) return words[0];
  return `${words.slice(0, -1).join('、')}和${words.at(-1)}`;
}

/**
 * The paragraph for a period. `periodLabel` names it as the report begins (2025年, 2025年第一季度,
 * 2025年1月1日至3月31日); `unitKinds` are the kinds of the distinct units that went on air.
 */
export function reportParagraph(periodLabel: string, totals: Rollup, unitKinds: Iterable<UnitKind>, basis: SatisfactionBasis): ReportParagraph {
  const figure = satisfactionFigure(totals, basis);
  const definition = `满意率口径：${figure.definition}`;
  const { units, episodes, received, phone, internet, resolved } = totals;
  const figures = { units, episodes, received, phone, internet, resolved, rate: figure.rate };
  if (totals.episodes === 0) {
    return { text: `${periodLabel}，政风热线没有播出节目。`, sources: '', definition, basis, figures };
  }
  const text =
    `${periodLabel}，全市${totals.units}家${unitKindsPhrase(unitKinds)}走进政风热线直播室，直播节目${totals.episodes}期，` +
    `接听受理诉求${totals.received}件，着力解决群众“急难愁盼”诉求${totals.resolved}件，群众诉求办理满意率${formatRate2(figure.rate)}。`;
  const sources = `其中电话诉求${totals.phone}件、互联网诉求${totals.internet}件（网络留言占${formatRate2(totals.received ? totals.internet / totals.received : null)}）。`;
  return { text, sources, definition, basis, figures };
}

/** A period as the paragraph begins: 2025年, 2025年第一季度, 2025年3月, or 2025年1月5日至2025年2月3日. */
export function periodLabel(period: { from: string; to: string }): string {
  const [fy, fm, fd] = period.from.split('-').map(Number);
  const [ty, tm, td] = period.to.split('-').map(Number);
  const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const wholeMonths = fd === 1 && td === lastDay(ty, tm) && fy === ty;
  if (wholeMonths && fm === 1 && tm === 12) return `${fy}年`;
  if (wholeMonths && fm === tm) return `${fy}年${fm}月`;
  if (wholeMonths && (fm - 1) % 3 === 0 && tm === fm + 2) return `${fy}年第${'一二三四'[(fm - 1) / 3]}季度`;
  if (wholeMonths) return `${fy}年${fm}月至${tm}月`;
  return `${fy}年${fm}月${fd}日至${ty === fy ? '' : `${ty}年`}${tm}月${td}日`;
}
