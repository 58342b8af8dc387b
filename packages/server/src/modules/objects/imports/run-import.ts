import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { assertAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import type { ObjectType } from '../model.ts';
import { objectProblems } from '../problems.ts';
import { toRecordView } from '../records/record-view.ts';
import { findObjectTypeOrThrow } from '../types/object-types.ts';
import { mapColumns, rowToInput } from './column-mapping.ts';
import { ImportFileError, readImportFile } from './import-file.ts';
import { findImportById, insertImport, listImportsOfType, type ImportRow } from './import-store.ts';
import { importProblems } from './problems.ts';
import { prepareRecordBatch, writeRecordBatch, type BatchRow, type PreparedWrite } from './record-batch.ts';
import type { ImportAction, ImportMode, ImportReport } from './schemas.ts';

export interface ImportRequest {
  fileName: string;
  content: Buffer;
  mode: ImportMode;
  action: ImportAction;
  preview: boolean;
  /** Column header → field key (or a record target). */
  mapping?: Record<string, string>;
}

/** Rows shown in a report's preview, and errors in its JSON answer (errors.csv has all of them). */
export const PREVIEW_ROWS = 10;
export const REPORTED_ERRORS = 1_000;

// record:import lets a person bring records in; each row is still checked against the record
// policy (scope, tags, sensitivity) as record creation checks one record.
const IMPORT_PERMISSIONS = { create: ['record:import'], update: ['record:import'] };

/**
 * Reads a CSV/XLSX file and imports its rows as records of the type, in the context's one
 * transaction. Preview validates every row and writes no record; all-or-nothing writes none when
 * a row is bad (status rejected); valid-rows writes the valid rows. The import and its per-row
 * report are kept either way; the report never holds a cell's value.
 */
export async function runImport(ctx: CommandContext, typeKey: string, request: ImportRequest): Promise<ImportReport> {
  assertAllowed(ctx.actor, 'record:import');
  const type = await findObjectTypeOrThrow(ctx.tx, typeKey);
  if (type.archivedAt) throw objectProblems.typeArchived({ detail: `Object type ${type.key} is archived: it takes no new records` });
  let table: Awaited<ReturnType<typeof readImportFile>>;
  try {
    table = await readImportFile(request.fileName, request.content);
  } catch (error) {
    if (error instanceof ImportFileError) throw httpProblems.validationFailed({ detail: error.message, errors: error.errors });
    throw error;
  }
  const mapping = mapColumns(table.headers, type.fields, request.mapping);
  if (Array.isArray(mapping)) throw httpProblems.validationFailed({ detail: 'The columns cannot be mapped to the object type’s fields', errors: mapping });

  // Row numbers as a spreadsheet shows them: the header is row 1.
  const rows: BatchRow[] = table.rows.map((cells, i) => ({ row: i + 2, input: rowToInput(mapping, cells) }));
  const prepared = await prepareRecordBatch(ctx, type, rows, { action: request.action, permissions: IMPORT_PERMISSIONS });
  const failedRows = prepared.failedRows.size;
  const base: ImportRow = {
    id: newId<string>(),
    typeId: type.id,
    typeKey: type.key,
    mode: request.mode,
    action: request.action,
    status: 'previewed',
    fileName: cleanFileName(request.fileName),
    totalRows: rows.length,
    importedRows: 0,
    failedRows,
    errors: prepared.errors,
    mapping: mapping.used,
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
    finishedAt: ctx.now,
  };
  const preview = previewOf(ctx, type, prepared.writes);

  if (request.preview) {
    await insertImport(ctx.tx, base);
    return { ...presentImport(base), preview };
  }
  if (request.mode === 'all-or-nothing' && failedRows > 0) {
    const rejected: ImportRow = { ...base, status: 'rejected' };
    await insertImport(ctx.tx, rejected);
    await recordAuditEvent(ctx, {
      action: 'objects.import-rejected',
      targetType: 'object-import',
      targetId: rejected.id,
      data: { type: type.key, mode: request.mode, action: request.action, totalRows: rows.length, failedRows, fileName: rejected.fileName },
    });
    return { ...presentImport(rejected), preview };
  }
  const written = await writeRecordBatch(ctx, type, prepared.writes, { created: 'objects.record-created', changed: 'objects.record-changed', data: { importId: base.id } });
  const imported: ImportRow = { ...base, status: 'imported', importedRows: prepared.writes.length };
  await insertImport(ctx.tx, imported);
  await recordAuditEvent(ctx, {
    action: 'objects.records-imported',
    targetType: 'object-import',
    targetId: imported.id,
    data: {
      type: type.key,
      mode: request.mode,
      action: request.action,
      totalRows: rows.length,
      importedRows: imported.importedRows,
      createdRows: written.created.length,
      updatedRows: written.updated.length,
      failedRows,
      fileName: imported.fileName,
    },
  });
  return { ...presentImport(imported), createdRows: written.created.length, updatedRows: written.updated.length, preview };
}

/** A file name fit to keep and show: no path, no control characters, at most 200 characters. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').slice(0, 200);
  return clean === '' ? 'import' : clean;
}

/** The first rows as they would be stored, masked for the reader by the records part's one view. */
function previewOf(ctx: CommandContext, type: ObjectType, writes: PreparedWrite[]): ImportReport['preview'] {
  return writes.slice(0, PREVIEW_ROWS).map((w) => ({ row: w.row, externalId: w.after.externalId, fields: toRecordView(w.after, type, ctx.actor).fields }));
}

export function presentImport(row: ImportRow): ImportReport {
  return {
    id: row.id,
    objectType: row.typeKey,
    fileName: row.fileName,
    mode: row.mode,
    action: row.action,
    status: row.status,
    totalRows: row.totalRows,
    importedRows: row.importedRows,
    failedRows: row.failedRows,
    errors: row.errors.slice(0, REPORTED_ERRORS),
    ...(row.errors.length > REPORTED_ERRORS ? { errorsTruncated: true } : {}),
    mapping: row.mapping,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/**
 * An import, to the person who ran it or whoever holds record:import on the type. The report
 * holds row numbers, field keys and reasons only.
 */
export async function findImportForReaderOrThrow(ctx: CommandContext, id: string): Promise<ImportRow> {
  const found = await findImportById(ctx.tx, id);
  if (!found || !mayReadImport(ctx, found)) throw importProblems.importNotFound({ detail: `No import ${id}` });
  return found;
}

function mayReadImport(ctx: CommandContext, row: ImportRow): boolean {
  if (row.createdBy === ctx.actor.userId) return true;
  return ctx.actor.permissions.some((p) => p.action === 'record:import' && (p.scope ?? 'all') === 'all' && (!p.caseTypes || p.caseTypes.includes(row.typeKey)));
}

/** The type's imports the reader may see, newest first. */
export async function listImports(ctx: CommandContext, typeKey: string, limit: number): Promise<ImportReport[]> {
  assertAllowed(ctx.actor, 'record:import');
  const type = await findObjectTypeOrThrow(ctx.tx, typeKey);
  const seesAll = ctx.actor.permissions.some((p) => p.action === 'record:import' && (p.scope ?? 'all') === 'all' && (!p.caseTypes || p.caseTypes.includes(type.key)));
  const rows = await listImportsOfType(ctx.tx, type.id, { limit, ...(seesAll ? {} : { createdBy: ctx.actor.userId }) });
  return rows.map(presentImport);
}

/** The error report as CSV (UTF-8 with BOM, so Excel opens the Chinese reasons): row, field, reason. */
export function formatImportErrorsCsv(row: ImportRow): string {
  const quote = (text: string) => {
    // A cell starting with = + - @ is a formula to a spreadsheet (CSV injection): shown as text.
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = ['row,field,reason', ...row.errors.map((e) => [String(e.row), quote(e.field), quote(e.reason)].join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

