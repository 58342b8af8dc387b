import type { FieldError } from '../../../platform/http/problem.ts';
import type { ObjectFieldDefinition } from '../model.ts';

// Which column of an import file fills which part of a record, and how a cell's text becomes a
// record input value. Pure: the validation of the values is record creation's own (never here).

/** Record properties a column may fill besides the type's fields. */
export const RECORD_TARGETS = ['externalId', 'tags', 'ownerId', 'departmentId', 'sensitivity'] as const;
export type RecordTarget = (typeof RECORD_TARGETS)[number];

/** A column's target: a field key, or one of RECORD_TARGETS. */
export type ColumnTarget = { kind: 'field'; key: string; definition: ObjectFieldDefinition } | { kind: 'record'; key: RecordTarget };

// Header spellings of the record targets people use in exports of other systems.
const RECORD_TARGET_ALIASES: Record<RecordTarget, string[]> = {
  externalId: ['externalid', 'external id', 'external_id', '外部编号', '外部id'],
  tags: ['tags', '标签'],
  ownerId: ['ownerid', 'owner', '负责人'],
  departmentId: ['departmentid', 'department', '部门'],
  sensitivity: ['sensitivity', '密级'],
};

const normalise = (header: string) => header.trim().toLowerCase();

export interface ColumnMapping {
  /** columns[i]: the target of the file's column i, or null when the column is not imported. */
  columns: (ColumnTarget | null)[];
  /** header → target key, as stored with the import. */
  used: Record<string, string>;
}

/**
 * Maps the file's headers to targets. An explicit mapping (header → field key or record target)
 * wins; other headers match a field's key or its zh-CN / en-US label, case-insensitively. An
 * explicit mapping naming a header the file lacks or a target the type lacks is an error, as is
 * two columns filling one target.
 */
export function mapColumns(headers: string[], fields: ObjectFieldDefinition[], explicit: Record<string, string> = {}): ColumnMapping | FieldError[] {
  const errors: FieldError[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const targetOfKey = (key: string): ColumnTarget | null => {
    const definition = byKey.get(key);
    if (definition) return { kind: 'field', key, definition };
    if ((RECORD_TARGETS as readonly string[]).includes(key)) return { kind: 'record', key: key as RecordTarget };
    return null;
  };
  const byHeader = new Map<string, ColumnTarget>();
  for (const f of fields) {
    for (const spelling of [f.key, f.label['zh-CN'], f.label['en-US']]) {
      const n = normalise(spelling);
      if (!byHeader.has(n)) byHeader.set(n, { kind: 'field', key: f.key, definition: f });
    }
  }
  for (const target of RECORD_TARGETS) {
    for (const alias of RECORD_TARGET_ALIASES[target]) if (!byHeader.has(alias)) byHeader.set(alias, { kind: 'record', key: target });
  }
  const headerSet = new Set(headers);
  for (const [header, key] of Object.entries(explicit)) {
    if (!headerSet.has(header)) errors.push({ field: `mapping.${header}`, reason: 'names a column the file does not have' });
    else if (!targetOfKey(key)) errors.push({ field: `mapping.${header}`, reason: `${key} is not a field of this object type (nor ${RECORD_TARGETS.join(', ')})` });
  }
  const columns = headers.map((header) => {
    if (Object.hasOwn(explicit, header)) return targetOfKey(explicit[header]!);
    return byHeader.get(normalise(header)) ?? null;
  });
  const used: Record<string, string> = {};
  const columnOfTarget = new Map<string, number>();
  columns.forEach((target, i) => {
    if (!target) return;
    const first = columnOfTarget.get(target.key);
    if (first !== undefined) errors.push({ field: `mapping.${headers[i]}`, reason: `${target.key} is already filled by column ${headers[first]}` });
    else columnOfTarget.set(target.key, i);
    used[headers[i]!] = target.key;
  });
  if (columnOfTarget.size === 0) errors.push({ field: 'file', reason: 'has no column matching a field of this object type (by key or label); send a mapping' });
  return errors.length > 0 ? errors : { columns, used };
}

/** The record input a row makes: its fields and record properties. Empty cells are left out. */
export interface RowInput {
  externalId?: string;
  fields: Record<string, unknown>;
  tags?: string[];
  ownerId?: string;
  departmentId?: string;
  sensitivity?: string;
}

// A multi-value cell: 'a;b', 'a, b', 'a、b', 'a|b'.
const LIST_SEPARATOR = /[;,、|，；]/;
const splitList = (text: string) =>
  text
    .split(LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * A cell's text as the value record creation expects for the field's type. A cell that does not
 * read as its type stays text, so record validation refuses it with its own reason.
 */
export function cellToValue(definition: ObjectFieldDefinition, text: string): unknown {
  switch (definition.type) {
    case 'number': {
      const plain = text.replaceAll(',', '');
      return /^[-+]?\d+(\.\d+)?$/.test(plain) ? Number(plain) : text;
    }
    case 'money': {
      // Decimal strings keep their cents exactly; thousands separators and a currency sign go.
      const plain = text.replace(/^[¥￥$]/, '').replaceAll(',', '');
      return /^[-+]?\d+(\.\d+)?$/.test(plain) ? plain : text;
    }
    case 'date': {
      const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
      return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : text;
    }
    case 'boolean': {
      const n = text.toLowerCase();
      if (['true', 'yes', 'y', '1', '是'].includes(n)) return true;
      if (['false', 'no', 'n', '0', '否'].includes(n)) return false;
      return text;
    }
    case 'multi-select':
      return splitList(text);
    default:
      return text;
  }
}

/** A row's record input through the column mapping. */
export function rowToInput(mapping: ColumnMapping, cells: string[]): RowInput {
  const input: RowInput = { fields: {} };
  mapping.columns.forEach((target, i) => {
    const text = (cells[i] ?? '').trim();
    if (!target || text === '') return;
    if (target.kind === 'field') input.fields[target.key] = cellToValue(target.definition, text);
    else if (target.key === 'tags') input.tags = splitList(text);
    else input[target.key] = text;
  });
  return input;
}
