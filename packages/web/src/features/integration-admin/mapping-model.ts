import type { FieldError } from '@docket/client';
import type { Translate } from '../../i18n/i18n.ts';
import type { FieldMapping } from './integration-admin-api.ts';

// The mapping editor's rows: each names a case input field, then how its value is found in the
// message — a JSONPath, a FEEL expression over `message`, or a constant. The API takes exactly one
// of path / feel / value per field; the editor keeps the text the administrator typed.

export const MAPPING_KINDS = ['path', 'feel', 'value'] as const;
export type MappingKind = (typeof MAPPING_KINDS)[number];

export interface MappingRow {
  /** Stable across edits so React keeps each row's inputs (and focus) while others are removed. */
  id: string;
  target: string;
  kind: MappingKind;
  text: string;
}

/** The fixed targets the editor offers; `fields.<key>` and `customer.<key>` are typed. */
export const MAPPING_TARGETS = ['title', 'description', 'priority', 'channel', 'dueAt', 'tags', 'type'] as const;
const TARGET = /^(title|description|priority|channel|dueAt|tags|type|(fields|customer)\.[A-Za-z][A-Za-z0-9_-]{0,99})$/;

let nextRow = 0;
export function newRow(partial: Partial<Omit<MappingRow, 'id'>> = {}): MappingRow {
  nextRow += 1;
  return { id: `row-${nextRow}`, target: '', kind: 'path', text: '', ...partial };
}

/**
 * A constant as typed: JSON where it reads as JSON (numbers, true/false, lists, "quoted"), else the
 * text itself, so `high` and `"high"` are the same string and `3` is the number 3.
 */
export function parseConstant(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}

/** A constant as the editor shows it: a string plainly unless it would read back as something else. */
export function formatConstant(value: unknown): string {
  if (typeof value === 'string') return typeof parseConstant(value) === 'string' && parseConstant(value) === value ? value : JSON.stringify(value);
  return JSON.stringify(value ?? null);
}

export function mappingToRows(fields: readonly FieldMapping[]): MappingRow[] {
  return fields.map((f) => {
    if (f.path !== undefined) return newRow({ target: f.target, kind: 'path', text: f.path });
    if (f.feel !== undefined) return newRow({ target: f.target, kind: 'feel', text: f.feel });
    return newRow({ target: f.target, kind: 'value', text: formatConstant(f.value) });
  });
}

export function rowsToMapping(rows: readonly MappingRow[]): FieldMapping[] {
  return rows
    .filter((r) => r.target.trim() !== '' || r.text.trim() !== '')
    .map((r) => {
      const target = r.target.trim();
      if (r.kind === 'path') return { target, path: r.text.trim() };
      if (r.kind === 'feel') return { target, feel: r.text.trim() };
      return { target, value: parseConstant(r.text) };
    });
}

export interface RowProblem {
  rowId: string;
  part: 'target' | 'text';
  message: string;
}

/** What the editor can tell before the server does: a target it does not know, a target twice, an empty expression, a path not starting at `$`. */
export function checkRows(rows: readonly MappingRow[], t: Translate): RowProblem[] {
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const target = row.target.trim();
    if (target === '' && row.text.trim() === '') continue;
    if (!TARGET.test(target)) problems.push({ rowId: row.id, part: 'target', message: t('integrationAdmin.mapping.badTarget') });
    else if (seen.has(target)) problems.push({ rowId: row.id, part: 'target', message: t('integrationAdmin.mapping.duplicateTarget') });
    seen.add(target);
    if (row.kind !== 'value' && row.text.trim() === '') problems.push({ rowId: row.id, part: 'text', message: t('integrationAdmin.required') });
    else if (row.kind === 'path' && !row.text.trim().startsWith('$')) problems.push({ rowId: row.id, part: 'text', message: t('integrationAdmin.mapping.pathStartsWithDollar') });
  }
  return problems;
}

/**
 * A server field error on the mapping, on the row it names: `mapping.fields[2].path`,
 * `mapping.fields.2.feel`, or the mapped case field itself (`fields.amount`, from the preview).
 * Rows are counted as rowsToMapping sends them (blank rows left out).
 */
export function placeMappingErrors(rows: readonly MappingRow[], errors: readonly FieldError[]): { placed: RowProblem[]; elsewhere: FieldError[] } {
  const sent = rows.filter((r) => r.target.trim() !== '' || r.text.trim() !== '');
  const placed: RowProblem[] = [];
  const elsewhere: FieldError[] = [];
  for (const error of errors) {
    const indexed = /^mapping\.fields(?:\[(\d+)\]|\.(\d+))(?:\.(\w+))?$/.exec(error.field);
    const row = indexed ? sent[Number(indexed[1] ?? indexed[2])] : sent.find((r) => r.target.trim() === error.field);
    if (row) placed.push({ rowId: row.id, part: indexed?.[3] === 'target' ? 'target' : 'text', message: error.reason });
    else elsewhere.push(error);
  }
  return { placed, elsewhere };
}
