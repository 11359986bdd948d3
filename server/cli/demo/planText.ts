import type { Random } from './random';

/** Which of a unit's stock sentences answers an appeal: the one about the same thing. */

/** Two-character words too common to say two sentences are about the same thing. */
const COMMON = new Set(['已安', '安排', '将对', '督促', '整改', '相关', '问题', '部门', '进行', '现场', '核查', '依法', '处理', '工作', '尽快', '市民', '单位', '已经', '完成', '按规', '规定', '人员', '将督', '已督', '经核', '核实', '已对', '并督']);

function words(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) {
    const w = text.slice(i, i + 2);
    if (/^[\u4e00-\u9fff]{2}$/.test(w) && !COMMON.has(w)) out.add(w);
  }
  return out;
}

/**
 * The sentence of `options` that is about the same thing as the appeal (most shared words), or
 * the fallback when none is: a leader answers the call that was made, not a random one.
 */
export function matching(options: string[], appeal: { issue: string; category: string }, rng: Random, fallback: string): string {
  const about = words(`${appeal.category}${appeal.issue}`);
  let best: string[] = [];
  let score = 0;
  for (const option of options) {
    let shared = 0;
    for (const w of words(option)) if (about.has(w)) shared++;
    if (shared > score) [best, score] = [[option], shared];
    else if (shared === score && shared > 0) best.push(option);
  }
  return best.length ? rng.pick(best) : fallback;
}
