import { cpus, freemem, release, totalmem, type } from 'node:os';

/**
 * One figure of the result table: the product's value, the floor's (the best this machine does the
 * same job in the same run) and their ratio. Machines are shared and noisy, so the ratio is what
 * compares across runs; absolute values are printed beside it. Targets are printed, never asserted.
 */
export interface Row {
  scenario: string;
  figure: string;
  unit: 'ms' | 's' | '/s' | 'B' | 'kB' | 'MB' | 'x' | '';
  product: number | null;
  floor: number | null;
  /** What the floor is, when it is not the scenario's main floor (a second reference row). */
  floorName?: string;
  /** product / floor (for throughput: product / baseline). */
  ratio: number | null;
  target: string;
  note?: string;
}

export function row(scenario: string, figure: string, unit: Row['unit'], product: number | null, floor: number | null, target = '', extra: Partial<Row> = {}): Row {
  const ratio = product !== null && floor !== null && floor > 0 ? product / floor : null;
  return { scenario, figure, unit, product, floor, ratio, target, ...extra };
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    ramGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeRamGB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}

export function describeMachine(m: ReturnType<typeof machine>): string {
  return `${m.cpu}, ${m.cores} cores, ${m.ramGB} GB RAM, ${m.os}, Node ${m.node}, ${m.date.slice(0, 16).replace('T', ' ')} UTC`;
}

function format(value: number | null, unit: Row['unit']): string {
  if (value === null || Number.isNaN(value)) return '—';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

function formatRatio(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`;
}

function cells(r: Row): string[] {
  const floor = r.floorName && r.floor !== null ? `${format(r.floor, r.unit)} (${r.floorName})` : format(r.floor, r.unit);
  return [r.scenario, r.figure, format(r.product, r.unit), floor, formatRatio(r.ratio), r.target];
}

const HEADER = ['scenario', 'figure', 'product', 'floor / baseline', 'ratio', 'target'];

/** Display width: a CJK character takes two terminal columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

export function renderTable(rows: Row[]): string {
  const table = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, c) => Math.max(...table.map((r) => width(r[c]))));
  const line = (r: string[]) => r.map((cell, c) => (c >= 2 && c <= 4 ? ' '.repeat(widths[c] - width(cell)) + cell : cell + ' '.repeat(widths[c] - width(cell)))).join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(HEADER), rule, ...rows.map((r) => line(cells(r)))].join('\n');
}

export function renderMarkdown(rows: Row[], machineLine: string, quick: boolean): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `Machine: ${machineLine}${quick ? ' — quick mode (smaller data and fewer clients)' : ''}`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, c) => (c >= 2 && c <= 4 ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${cells(r).map(escape).join(' | ')} |`),
  ].join('\n');
}
