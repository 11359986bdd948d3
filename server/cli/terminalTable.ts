import { cellText, type AnnualTable } from '../../shared/domain/annualTable';
import { PARAGRAPH_NOTE_PREFIX } from '../../shared/domain/reportParagraph';
import type { AnnualReport } from '../../shared/protocol/events';

/**
 * The annual table for a terminal. A CJK character takes two columns, so padding counts display
 * columns, not string length; only ASCII rules and borders are used, because box-drawing
 * characters are "ambiguous width" and take two columns in many Chinese terminals.
 */

/** Columns a string takes in a terminal: East Asian wide and fullwidth characters count two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

const LAYOUT_NAMES = { xuzhou: '徐州版式 Xuzhou layout', suqian: '宿迁版式 Suqian layout' } as const;
export type Layout = keyof typeof LAYOUT_NAMES;

/**
 * One table, one row per figure (nine columns side by side would not fit a terminal): the report's
 * header groups become an unindented row with the figures indented under it; then the figure, its
 * 同比 when the report prints one, the notes, and the figures exactly as the printed report has them.
 */
export function renderAnnualTable(table: AnnualTable, layout: Layout): string {
  const rows: Array<[string, string, string]> = [];
  let group: string | null = null;
  for (const column of table.columns) {
    if (column.group && column.group !== group) rows.push([column.group, '', '']);
    group = column.group;
    rows.push([column.group ? `  ${column.label}` : column.label, String(column.value), column.yoy ?? '']);
  }
  const header: [string, string, string] = ['项目 item', `${table.year}年`, '同比 YoY'];
  const widths = [0, 1, 2].map((i) => Math.max(...[header, ...rows].map((row) => displayWidth(row[i]))));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (row: [string, string, string]) => `| ${padEnd(row[0], widths[0])} | ${padStart(row[1], widths[1])} | ${padStart(row[2], widths[2])} |`;
  return [
    `${table.title}（${LAYOUT_NAMES[layout]}）`,
    rule,
    line(header),
    rule,
    ...rows.map(line),
    rule,
    // The paragraph is printed once, after the tables (renderAnnualReport).
    ...table.notes.filter((note) => !note.startsWith(PARAGRAPH_NOTE_PREFIX)).map((note) => `注：${note}`),
    `报告原样 as printed: ${table.columns.map(cellText).join(' | ')}`,
  ].join('\n');
}

/** The chosen layout, or both (Xuzhou first) when none was chosen. */
export function renderAnnualReport(report: AnnualReport, layout?: Layout): string {
  const layouts: Layout[] = layout ? [layout] : ['xuzhou', 'suqian'];
  const { paragraph } = report;
  const text = [`报告表述 the report's paragraph:`, `  ${paragraph.text}`, `  ${paragraph.sources}`, `  ${paragraph.definition}`].join('\n');
  return [...layouts.map((l) => renderAnnualTable(report[l], l)), text].join('\n\n') + '\n';
}
