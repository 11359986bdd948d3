import ExcelJS from 'exceljs';
import { LEDGER_COLUMNS, ledgerRow, type LedgerItem } from '../../shared/domain/supervisionLedger';

const WIDTHS: Partial<Record<(typeof LEDGER_COLUMNS)[number], number>> = { 诉求摘要: 40, 最近答复内容: 40, 承办单位: 20, 交办时间: 17, 最近答复时间: 17, 办结时间: 17 };

/**
 * 督办台账 as an Excel workbook: a title naming the filter and when it was exported, one header row,
 * one row per item, frozen header and an autofilter so the desk sorts and filters in Excel.
 */
export async function supervisionLedgerWorkbook(items: LedgerItem[], unitName: (unitId: string) => string, title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '政风热线直播台';
  const sheet = workbook.addWorksheet('督办台账', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  const header = sheet.addRow([...LEDGER_COLUMNS]);
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  // Text a citizen typed is text in the sheet, never a formula: exceljs writes strings as strings.
  for (const item of items) sheet.addRow(ledgerRow(item, unitName)).alignment = { vertical: 'top', wrapText: true };
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: LEDGER_COLUMNS.length } };
  LEDGER_COLUMNS.forEach((name, i) => (sheet.getColumn(i + 1).width = WIDTHS[name] ?? 12));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
