import ExcelJS from 'exceljs';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { EpisodeState } from '../../../shared/domain/episodeState';
import {
  CALLBACK_WORDS,
  CHANNEL_WORDS,
  COMPLEXITY_WORDS,
  formatChinaTime,
  formatLeader,
  HISTORY_COLUMNS,
  PUBLICATION_COLUMNS,
  PUBLICATION_WORDS,
  RATING_WORDS,
  UNIT_KIND_WORDS,
} from '../../../shared/domain/historyImport';
import type { Appeal, Callback } from '../../../shared/domain/types';
import type { CatalogueDoc } from '../../store/store';

/**
 * A data folder written out in the history format: what a centre's spreadsheet would hold for the
 * same years (one row per appeal, its final state), and the published hotspots and Q&A. Used to
 * prove the import round trip (export a demo year, import it into a new folder, compare the
 * annual tables) and to move a programme's history between installations.
 *
 * One row keeps one reply and one callback: the latest reply the latest callback follows, and the
 * latest callback (or the latest that reached the citizen, when a later call did not). Reminders,
 * extension requests and reassignments are not kept; the final unit and deadline are.
 */

const reverse = <T extends string>(map: Record<string, T>) => Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k])) as Record<T, string>;
const CHANNEL = reverse(CHANNEL_WORDS);
const COMPLEXITY = reverse(COMPLEXITY_WORDS);
const RATING = reverse(RATING_WORDS);
const UNIT_KIND = reverse(UNIT_KIND_WORDS);
const CALLBACK = reverse(CALLBACK_WORDS as Record<string, 'reached' | 'unreachable'>);
const OUTCOME: Partial<Record<Appeal['status'], string>> = { answered_on_air: '现场回应', supervised: '转督办', invalid: '无效' };

/** The callback a row keeps: the latest, unless a later unanswered call hides an earlier rating. */
function keptCallback(callbacks: readonly Callback[] | undefined): Callback | null {
  if (!callbacks?.length) return null;
  const last = callbacks.at(-1)!;
  if (last.outcome === 'reached') return last;
  const rated = [...callbacks].reverse().find((c) => c.outcome === 'reached');
  return rated ?? last;
}

export interface ExportedSheets {
  appeals: string[][];
  publications: string[][];
  episodes: number;
}

export function sheetsFromFolder(catalogue: CatalogueDoc, states: EpisodeState[], year?: number): ExportedSheets {
  const unitName = (id: string | null | undefined) => (id ? (catalogue.units[id]?.name ?? id) : '');
  const appeals: string[][] = [HISTORY_COLUMNS.map((c) => c.name)];
  const publications: string[][] = [PUBLICATION_COLUMNS.map((c) => c.name)];
  const held = states
    .filter((s) => s.episode.status === 'ended' && (year === undefined || s.episode.year === year))
    .sort((a, b) => a.episode.date.localeCompare(b.episode.date) || a.episode.number - b.episode.number);
  for (const { episode, appeals: byId, appealOrder, publications: pubs } of held) {
    const units = episode.unitIds.map((id) => catalogue.units[id]);
    const common: Record<string, string> = {
      节目日期: episode.date,
      期号: String(episode.number),
      节目时段: `${episode.slot.start}-${episode.slot.end}`,
      主持人: episode.host,
      上线单位: units.map((u, k) => u?.name ?? episode.unitIds[k]).join('、'),
      单位类型: units.map((u) => UNIT_KIND[u?.kind ?? 'department']).join('、'),
      单位层级: units.map((u) => u?.level || '市级').join('、'),
      上线领导: episode.leaders.map(formatLeader).join('、'),
      主要负责人: episode.leaders.filter((l) => l.principal).map((l) => l.name).join('、'),
      节目主题: episode.theme,
    };
    for (const id of appealOrder) {
      const a = byId[id];
      const outcome = OUTCOME[a.status];
      if (!outcome) continue;
      const cells: Record<string, string> = {
        ...common,
        序号: String(a.no),
        诉求来源: CHANNEL[a.channel],
        来电时间: formatChinaTime(a.receivedAt),
        来电人: a.caller.anonymous ? '匿名' : a.caller.name,
        称呼: a.caller.anonymous ? '' : (a.caller.title ?? ''),
        联系电话: a.caller.phone,
        区域: a.area,
        诉求类别: a.category,
        诉求内容: a.summary,
        办理结果: outcome,
      };
      if (a.status === 'invalid') cells.无效原因 = a.invalidReason ?? '';
      if (a.status === 'answered_on_air') {
        cells.现场答复要点 = a.answer?.points ?? '';
        cells.承诺事项 = a.answer?.commitment ?? '';
        const callback = keptCallback(a.onAirCallbacks);
        if (callback) Object.assign(cells, callbackCells(callback));
      }
      const s = a.supervision;
      if (a.status === 'supervised' && s) {
        cells.承办单位 = unitName(s.unitId);
        cells.复杂程度 = COMPLEXITY[s.complexity];
        cells.交办时间 = formatChinaTime(s.assignedAt);
        cells.办理期限 = s.deadline;
        const callback = keptCallback(s.callbacks);
        // The reply the kept callback follows (a reopened item's newer reply, not yet called back, is left out).
        const reply = callback ? [...s.replies].reverse().find((r) => r.at <= callback.at) : s.replies.at(-1);
        if (reply) {
          cells.单位答复时间 = formatChinaTime(reply.at);
          cells.单位答复内容 = reply.text;
          if (callback) Object.assign(cells, callbackCells(callback));
        }
        if (s.status === 'closed' && s.closedAt) {
          cells.办结时间 = formatChinaTime(s.closedAt);
          cells.办结说明 = s.closeNote ?? '';
        }
      }
      appeals.push(HISTORY_COLUMNS.map((c) => cells[c.name] ?? ''));
    }
    for (const p of Object.values(pubs ?? {})) {
      if (p.status !== 'published' || !p.publishedAt) continue;
      const nos = p.appealIds.map((id) => byId[id]?.no).filter((n): n is number => n !== undefined);
      const kind = Object.entries(PUBLICATION_WORDS).find(([, v]) => v === p.kind)![0];
      const cells: Record<string, string> = { 节目日期: episode.date, 期号: String(episode.number), 类型: kind, 标题: p.title, 内容: p.body, 发布时间: formatChinaTime(p.publishedAt), 关联诉求序号: nos.join('、') };
      publications.push(PUBLICATION_COLUMNS.map((c) => cells[c.name] ?? ''));
    }
  }
  return { appeals, publications, episodes: held.length };
}

function callbackCells(c: Callback): Record<string, string> {
  return { 回访时间: formatChinaTime(c.at), 回访结果: CALLBACK[c.outcome], 满意度: c.rating ? RATING[c.rating] : '' };
}

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
export const toCsv = (rows: string[][]) => '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

/** Write the sheets: one XLSX with the sheets 诉求 and 发布, or a CSV (and FILE.发布.csv beside it when there are publications). */
export async function writeSheets(file: string, sheets: ExportedSheets): Promise<string[]> {
  if (extname(file).toLowerCase() === '.csv') {
    await writeFile(file, toCsv(sheets.appeals));
    if (sheets.publications.length <= 1) return [file];
    const second = file.replace(/\.csv$/i, '.发布.csv');
    await writeFile(second, toCsv(sheets.publications));
    return [file, second];
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  for (const [name, rows] of [
    ['诉求', sheets.appeals],
    ['发布', sheets.publications],
  ] as const) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row).commit();
    sheet.commit();
  }
  await workbook.commit();
  return [file];
}
