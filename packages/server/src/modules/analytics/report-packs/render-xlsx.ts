import { unzipSync, zipSync, type Zippable } from 'fflate';
import { PACK_COLUMNS, type PackCounts, type PackFigures } from './pack-figures.ts';

// ZIP stores DOS times (2-second resolution, from 1980); every entry gets the pack's asOf.
function zipEntryTime(asOf: Date): Date {
  return asOf.getTime() < Date.UTC(1980, 0, 2) ? new Date(Date.UTC(1980, 0, 2)) : asOf;
}

function countCells(c: PackCounts): (number | string)[] {
  return PACK_COLUMNS.map(({ key }) => (key === 'averageDaysToHandle' ? (c.averageDaysToHandle === '—' ? '—' : Number(c.averageDaysToHandle)) : c[key]));
}

/**
 * The pack as an Excel workbook: a summary sheet and one sheet per breakdown. Deterministic bytes:
 * the workbook's dates are asOf, and the archive is written again with fixed entry times in a fixed
 * order (ExcelJS's zip stamps each entry with the wall clock).
 */
export async function renderPackXlsx(figures: PackFigures): Promise<Buffer> {
  const asOf = new Date(figures.asOf);
  // Loaded when a pack is made: exceljs is ~0.4 s of every process's start (and every test file's) otherwise.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Docket';
  workbook.lastModifiedBy = 'Docket';
  workbook.created = asOf;
  workbook.modified = asOf;
  workbook.title = `${figures.title} ${figures.periodTitle}`;

  const summary = workbook.addWorksheet('汇总 Summary');
  summary.columns = [{ width: 34 }, ...PACK_COLUMNS.map(() => ({ width: 16 }))];
  summary.addRow([figures.title]).font = { bold: true, size: 14 };
  summary.addRow(['统计期间 Period', `${figures.periodTitle} (${figures.from} – ${figures.to})`]);
  summary.addRow(['机构 Organisation', figures.organisation]);
  summary.addRow(['数据截至 As of', `${figures.asOfLocal} (${figures.timeZone})`]);
  summary.addRow(['生成程序 Generator', figures.generatorVersion]);
  summary.addRow([]);
  summary.addRow(['项目 Item', ...PACK_COLUMNS.map((c) => c.title)]).font = { bold: true };
  summary.addRow(['合计 Total', ...countCells(figures.totals)]);

  for (const breakdown of figures.breakdowns) {
    const sheet = workbook.addWorksheet(breakdown.title.split(' ')[0]!);
    sheet.columns = [{ width: 16 }, { width: 30 }, ...PACK_COLUMNS.map(() => ({ width: 16 }))];
    sheet.addRow([breakdown.title, '', figures.periodTitle]).font = { bold: true };
    sheet.addRow(['代码 Code', '名称 Name', ...PACK_COLUMNS.map((c) => c.title)]).font = { bold: true };
    for (const line of breakdown.lines) sheet.addRow([line.key, line.label, ...countCells(line)]);
    sheet.addRow(['', '合计 Total', ...countCells(figures.totals)]).font = { bold: true };
  }

  const written = Buffer.from(await workbook.xlsx.writeBuffer());
  const entries = unzipSync(written);
  const mtime = zipEntryTime(asOf);
  const names = Object.keys(entries);
  // [Content_Types].xml first, as Office writes it; the rest by name.
  names.sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const zippable: Zippable = {};
  for (const name of names) zippable[name] = [entries[name]!, { mtime, level: 6 }];
  return Buffer.from(zipSync(zippable));
}
