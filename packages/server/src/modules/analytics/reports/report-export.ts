import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import type { ExportFormat } from './report-schedule.ts';
import type { ReportRow } from './report-store.ts';
import { type ReportResult, runReportDefinition } from './run-report.ts';

// A report's export holds what its result shows the reader: the same rows, dimension names in
// place of ids, no case-level data. The file is built from a result the reader's policies made.

export interface ReportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
  rowCount: number;
}

// OWASP CSV injection: a cell starting with = + - @ (or tab/CR) is a formula to a spreadsheet.
const neutralise = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);
const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

function tableOf(result: ReportResult): { header: string[]; rows: (string | number | null)[][] } {
  const header = result.columns.map((c) => c.key);
  const rows = result.rows.map((r) => [...r.labels.map((l, i) => l ?? r.keys[i] ?? null), ...r.values]);
  return { header, rows };
}

export function toCsv(result: ReportResult): Buffer {
  const { header, rows } = tableOf(result);
  const lines = [header, ...rows].map((row) => row.map((cell) => (cell === null ? '' : typeof cell === 'number' ? String(cell) : quote(neutralise(cell)))).join(','));
  // A byte-order mark: Excel otherwise reads UTF-8 Chinese as mojibake.
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function toXlsx(result: ReportResult, sheetName: string, createdAt: Date): Promise<Buffer> {
  // Loaded when a report is exported: exceljs is ~0.4 s of every process's start otherwise.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Docket';
  workbook.created = createdAt;
  workbook.modified = createdAt;
  // Excel refuses sheet names over 31 characters or with []:*?/\.
  const sheet = workbook.addWorksheet(sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Report');
  const { header, rows } = tableOf(result);
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function buildReportFile(ctx: CommandContext, report: ReportRow, format: ExportFormat): Promise<ReportFile> {
  const result = await runReportDefinition(ctx, report.definition);
  const stamp = ctx.now.toISOString().slice(0, 10);
  const base = `report-${report.id.slice(0, 8)}-${stamp}`;
  if (format === 'csv') return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(result), rowCount: result.rows.length };
  return {
    fileName: `${base}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await toXlsx(result, report.name, ctx.now),
    rowCount: result.rows.length,
  };
}

/** Exports a saved report for the reader (analytics:export), audited `analytics.report-exported`. */
export async function exportReport(ctx: CommandContext, report: ReportRow, format: ExportFormat): Promise<ReportFile> {
  assertAllowed(ctx.actor, 'analytics:export');
  const file = await buildReportFile(ctx, report, format);
  await recordAuditEvent(ctx, {
    action: 'analytics.report-exported',
    targetType: 'analytics-report',
    targetId: report.id,
    data: { id: report.id, name: report.name, format, rows: file.rowCount, definition: report.definition },
  });
  return file;
}
