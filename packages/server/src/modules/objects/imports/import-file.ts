import { parse } from 'csv-parse/sync';
import type { FieldError } from '../../../platform/http/problem.ts';

/** A spreadsheet as the import reads it: the header row, then every data row's cells as text. */
export interface ImportTable {
  headers: string[];
  /** Data rows only; `rows[i]` is the file's row i + 2 (row 1 is the header), as a spreadsheet numbers it. */
  rows: string[][];
}

export const IMPORT_FILE_KINDS = ['csv', 'xlsx'] as const;
export type ImportFileKind = (typeof IMPORT_FILE_KINDS)[number];

/** At most this many data rows per file: the 10,000-row import is the issue's; a margin beyond it. */
export const IMPORT_MAX_ROWS = 50_000;
export const IMPORT_MAX_COLUMNS = 200;

// XLSX is a ZIP (PK\x03\x04); a CSV never starts with those bytes.
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Which kind a file is, by its first bytes and then its name; null when it is neither. */
export function detectImportFileKind(fileName: string, content: Buffer): ImportFileKind | null {
  const lower = fileName.toLowerCase();
  if (content.subarray(0, 4).equals(ZIP_MAGIC)) return lower.endsWith('.xlsx') || !lower.endsWith('.csv') ? 'xlsx' : null;
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || lower === '') return 'csv';
  return null;
}

/**
 * The file's text. UTF-8 with or without its BOM; a file that is not valid UTF-8 is read as
 * GB18030 (the superset of GBK and GB2312 that Excel on a zh-CN Windows writes as "CSV").
 */
export function decodeCsvText(content: Buffer): string {
  const body = content.subarray(0, 3).equals(UTF8_BOM) ? content.subarray(3) : content;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

export class ImportFileError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field} ${e.reason}`).join('; '));
  }
}

/** RFC 4180 CSV: quoted cells, doubled quotes, CRLF or LF; blank lines skipped; cells trimmed. */
export function readCsv(content: Buffer): ImportTable {
  let records: string[][];
  try {
    records = parse(decodeCsvText(content), { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true, max_record_size: 1_000_000 });
  } catch (error) {
    // csv-parse names the line: "Invalid Closing Quote: ... at line 12". Never the cell's text.
    const line = /line (\d+)/.exec((error as Error).message)?.[1];
    throw new ImportFileError([{ field: 'file', reason: `is not valid CSV${line ? ` (at line ${line})` : ''}` }]);
  }
  return toTable(records);
}

/** The first worksheet of an XLSX workbook, each cell as the text a person sees in it. */
export async function readXlsx(content: Buffer): Promise<ImportTable> {
  // Loaded on first use: exceljs costs about 0.5 s of every process's start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new ImportFileError([{ field: 'file', reason: 'is not a readable XLSX workbook' }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError([{ field: 'file', reason: 'has no worksheet' }]);
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= Math.min(row.cellCount, IMPORT_MAX_COLUMNS + 1); c++) cells.push(cellText(row.getCell(c).value));
    records.push(cells);
  });
  return toTable(records.filter((r) => r.some((cell) => cell !== '')));
}

/** A cell's value as text: dates as YYYY-MM-DD (or an ISO instant with a time), formulas by their result. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    // Excel stores a date without a time as midnight UTC.
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const v = value as { result?: unknown; text?: unknown; richText?: { text: string }[]; hyperlink?: string };
    if ('result' in v) return cellText(v.result);
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('').trim();
    if (typeof v.text === 'string') return v.text.trim();
    return '';
  }
  return String(value).trim();
}

function toTable(records: string[][]): ImportTable {
  const [headers, ...rows] = records;
  if (!headers || headers.every((h) => h === '')) throw new ImportFileError([{ field: 'file', reason: 'has no header row' }]);
  if (headers.length > IMPORT_MAX_COLUMNS) throw new ImportFileError([{ field: 'file', reason: `has more than ${IMPORT_MAX_COLUMNS} columns` }]);
  if (rows.length > IMPORT_MAX_ROWS) throw new ImportFileError([{ field: 'file', reason: `has more than ${IMPORT_MAX_ROWS} rows; split it` }]);
  return { headers: headers.map((h) => h.trim()), rows };
}

/** Reads a CSV or XLSX file into its header and rows, or throws ImportFileError naming what is wrong. */
export async function readImportFile(fileName: string, content: Buffer): Promise<ImportTable> {
  const kind = detectImportFileKind(fileName, content);
  if (kind === null) throw new ImportFileError([{ field: 'file', reason: 'must be a .csv (UTF-8 or GB18030) or .xlsx file' }]);
  if (content.length === 0) throw new ImportFileError([{ field: 'file', reason: 'is empty' }]);
  return kind === 'xlsx' ? readXlsx(content) : readCsv(content);
}
