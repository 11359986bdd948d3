import ExcelJS from 'exceljs';
import { cellText, type AnnualTable, type TableColumn } from '../../shared/domain/annualTable';

/** Excel's format for a satisfaction rate: the fraction 0.986 shows as 98.6 %, as the report prints it. */
export const RATE_FORMAT = '0.0%';

/** Labels of the rows below the figures: each row of the sheet says what it is. */
export const XLSX_LABELS = {
  yoyEmpty: (year: number) => `同比：${year - 1}年无节目数据，本年不计算同比。`,
  printed: '报告格式（括号内为同比）：',
} as const;

/** The satisfaction rate as a number (0.986) from the printed "98.6%", or null for "—" (nothing rated). */
export function rateNumber(value: number | string): number | null {
  const match = typeof value === 'string' ? /^(-?\d+(?:\.\d+)?)%$/.exec(value.trim()) : null;
  return match ? Number((Number(match[1]) / 100).toFixed(6)) : null;
}

function isRate(column: TableColumn): boolean {
  return column.id === 'satisfaction';
}

/**
 * The annual table as an Excel workbook (exceljs): one sheet per layout, two header rows with the
 * groups merged as in the printed report, figures as numbers (the satisfaction rate a number with a
 * percent format), notes below. The first table is the layout that prints 同比 (the Xuzhou report):
 * its 同比 row sits beneath the figures, and says why when there is no previous year to compare with.
 * The short layouts print no 同比, so they get no 同比 row. Every row below the figures is labelled.
 */
export async function annualWorkbook(tables: AnnualTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '政风热线直播台';
  for (const [index, table] of tables.entries()) {
    const sheet = workbook.addWorksheet(index === 0 ? '政风热线管理运行' : `简表${index}`);
    const width = table.columns.length;
    sheet.addRow([table.title]);
    sheet.mergeCells(1, 1, 1, width);
    sheet.getCell(1, 1).font = { bold: true, size: 14 };
    sheet.addRow(table.columns.map((c) => c.group ?? c.label));
    sheet.addRow(table.columns.map((c) => (c.group ? c.label : '')));
    // Merge each group's header across its columns, and single headers down both rows.
    for (let i = 0; i < width; ) {
      const group = table.columns[i].group;
      let j = i;
      while (group && j + 1 < width && table.columns[j + 1].group === group) j++;
      if (group) sheet.mergeCells(2, i + 1, 2, j + 1);
      else sheet.mergeCells(2, i + 1, 3, i + 1);
      i = j + 1;
    }
    const figures = sheet.addRow(table.columns.map((c) => (isRate(c) ? (rateNumber(c.value) ?? c.value) : c.value)));
    table.columns.forEach((c, i) => {
      const cell = figures.getCell(i + 1);
      if (isRate(c) && typeof cell.value === 'number') cell.numFmt = RATE_FORMAT;
    });
    if (index === 0) {
      if (table.columns.some((c) => c.yoy)) sheet.addRow(table.columns.map((c) => (c.yoy ? `同比 ${c.yoy}` : '')));
      else sheet.addRow([XLSX_LABELS.yoyEmpty(table.year)]);
    }
    for (const note of table.notes) sheet.addRow([note]);
    for (const row of [2, 3]) sheet.getRow(row).eachCell((cell) => {
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
    sheet.getRow(4).eachCell((cell) => (cell.alignment = { horizontal: 'center' }));
    sheet.columns.forEach((column) => (column.width = 16));
    // The printed form, for whoever reads the file without Excel's number formats: labelled, in the row after the notes.
    sheet.addRow([XLSX_LABELS.printed + table.columns.map(cellText).join(' | ')]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
