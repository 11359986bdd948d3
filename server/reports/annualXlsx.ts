import ExcelJS from 'exceljs';
import { cellText, type AnnualTable } from '../../shared/domain/annualTable';

/**
 * The annual table as an Excel workbook (exceljs): one sheet per layout, two header rows with the
 * groups merged as in the printed report, figures as numbers, 同比 in the cell beneath, notes below.
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
    sheet.addRow(table.columns.map((c) => c.value));
    sheet.addRow(table.columns.map((c) => (c.yoy ? `同比 ${c.yoy}` : '')));
    for (const note of table.notes) sheet.addRow([note]);
    for (const row of [2, 3]) sheet.getRow(row).eachCell((cell) => {
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
    sheet.getRow(4).eachCell((cell) => (cell.alignment = { horizontal: 'center' }));
    sheet.columns.forEach((column) => (column.width = 16));
    // The printed form, for whoever reads the file without Excel's number formats.
    sheet.getCell(4 + 2 + table.notes.length, 1).value = table.columns.map(cellText).join(' | ');
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
