import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { HISTORY_COLUMNS, PUBLICATION_COLUMNS } from '../../../shared/domain/historyImport';
import { UsageError } from '../cliSupport';

/**
 * Reading a history spreadsheet: XLSX (exceljs' workbook reader, every sheet) or CSV (UTF-8 with
 * or without a byte-order mark, quoted fields with commas, quotes and line breaks). A sheet is
 * told apart by its header: the appeals sheet has 诉求内容, the publications sheet 类型 and 标题.
 * Rows are numbered as the spreadsheet shows them (the header is row 1); empty rows are skipped.
 */

export interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

export interface HistorySheets {
  appeals: SheetRow[];
  publications: SheetRow[];
  /** Headers that are not columns of the format (reported, not fatal). */
  unknownColumns: string[];
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Cell text: dates as written in the sheet (exceljs reads an Excel date as that wall-clock time in UTC). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    const time = iso.slice(11, 19);
    return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
  }
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error) return '';
    return '';
  }
  return String(value);
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const KNOWN = new Set([...HISTORY_COLUMNS, ...PUBLICATION_COLUMNS].map((c) => c.name));

function toRows(records: Array<{ row: number; values: string[] }>, unknown: Set<string>): { kind: 'appeals' | 'publications' | null; rows: SheetRow[] } {
  const header = records[0];
  if (!header) return { kind: null, rows: [] };
  const names = header.values.map((v) => v.trim());
  const kind = names.includes('诉求内容') ? 'appeals' : names.includes('类型') && names.includes('标题') ? 'publications' : null;
  if (!kind) return { kind, rows: [] };
  for (const name of names) if (name && !KNOWN.has(name)) unknown.add(name);
  const rows: SheetRow[] = [];
  for (const { row, values } of records.slice(1)) {
    if (values.every((v) => v.trim() === '')) continue;
    const cells: Record<string, string> = {};
    names.forEach((name, k) => {
      if (name) cells[name] = (values[k] ?? '').trim();
    });
    rows.push({ row, cells });
  }
  return { kind, rows };
}

async function readXlsx(file: string, into: HistorySheets, unknown: Set<string>): Promise<void> {
  // The workbook reader, not the streaming one: exceljs' streaming reader can split a multi-byte
  // character at a chunk boundary and garble Chinese text (seen on a 1,300-row sheet).
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  for (const worksheet of workbook.worksheets) {
    const records: Array<{ row: number; values: string[] }> = [];
    worksheet.eachRow({ includeEmpty: false }, (row) => {
      // row.values is 1-based (index 0 is empty).
      const values = (row.values as unknown[]).slice(1).map(cellText);
      records.push({ row: row.number, values });
    });
    const { kind, rows } = toRows(records, unknown);
    if (kind && into[kind].length === 0) into[kind] = rows;
  }
}

/** Read the appeals (and publications) of a history file; `publicationsFile` is a second CSV for 发布. */
export async function readHistoryFile(file: string, publicationsFile?: string): Promise<HistorySheets> {
  const sheets: HistorySheets = { appeals: [], publications: [], unknownColumns: [] };
  const unknown = new Set<string>();
  const readCsvInto = async (path: string) => {
    const text = await readFile(path, 'utf8');
    const { kind, rows } = toRows(
      parseCsv(text).map((values, k) => ({ row: k + 1, values })),
      unknown,
    );
    if (!kind) throw new UsageError(`${path} 的第一行不是诉求表或发布表的表头（诉求表须有「诉求内容」列）`, `${path}: the first line is not the header of the appeals or publications sheet.`);
    sheets[kind] = rows;
  };
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx') await readXlsx(file, sheets, unknown);
  else if (ext === '.csv') await readCsvInto(file);
  else throw new UsageError(`只支持 .xlsx 或 .csv 文件：${file}`, `Only .xlsx or .csv files: ${file}`);
  if (publicationsFile) await readCsvInto(publicationsFile);
  sheets.unknownColumns = [...unknown];
  return sheets;
}

export { CHINA_OFFSET_MS };
