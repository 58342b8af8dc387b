import type pg from 'pg';

// Renders tables.generated.ts from a migrated database: one interface per table, the column
// types from information_schema, string unions from single-column CHECK (col IN (...))
// constraints, and the JSON shapes below. test/architecture/generated-files.test.ts renders it
// from the test template database and fails if the committed file differs:
//   npm run generate:tables -w @docket/server

/** What a jsonb column holds, when the code relies on it; other jsonb columns are `unknown`. */
const JSON_COLUMNS: Record<string, string> = {
  'audit.event.changes': 'FieldChange[]',
  'access.role.permissions': 'unknown[]',
  'cases.case.fields': 'Record<string, unknown>',
};

/**
 * Text columns typed as the union of their CHECK (col IN (...)) values. Opt-in: a column's union
 * then binds every query that filters on it, and the case lifecycle is becoming data (issue 13).
 */
const NARROWED = new Set<string>([
  'access.department.kind',
  'access.user.status',
  'access.group.kind',
  'cases.comment.visibility',
  'access.data_key.purpose',
  'access.data_key.suite',
  'access.data_key.status',
]);

const SCALARS: Record<string, string> = {
  uuid: 'string',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  citext: 'string',
  inet: 'string',
  xid8: 'string',
  numeric: 'string',
  int2: 'number',
  int4: 'number',
  float4: 'number',
  float8: 'number',
  // database.ts parses int8 as a number (ids and counts stay below 2^53).
  int8: 'number',
  bool: 'boolean',
  bytea: 'Buffer',
  // Written with to_tsvector(...) expressions and read only inside SQL (ranking, headlines).
  tsvector: 'string',
};

interface ColumnRow {
  table_schema: string;
  table_name: string;
  column_name: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  has_default: boolean;
}

const pascal = (name: string) =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** `CHECK ((kind = ANY (ARRAY['a'::text, 'b'::text])))` → ['kind', ['a', 'b']]. */
export function parseEnumCheck(definition: string): [string, string[]] | undefined {
  const match = /^CHECK \(\(\(?"?([a-z_][a-z0-9_]*)"?\)?(?:::text)? = ANY \(\(?ARRAY\[(.*)\]\)?(?:::text\[\])?\)\)\)$/.exec(definition);
  if (!match) return undefined;
  const values = [...match[2]!.matchAll(/'((?:[^']|'')*)'::(?:text|character varying)/g)].map((m) => m[1]!.replaceAll("''", "'"));
  return values.length > 0 ? [match[1]!, values] : undefined;
}

function columnType(column: ColumnRow, enums: Map<string, string[]>): string {
  const key = `${column.table_schema}.${column.table_name}.${column.column_name}`;
  const nullable = column.is_nullable === 'YES';
  const orNull = (t: string) => (nullable ? `${t} | null` : t);
  const isArray = column.udt_name.startsWith('_');
  const udt = isArray ? column.udt_name.slice(1) : column.udt_name;
  let select: string;
  let insert: string;
  if (udt === 'timestamptz' || udt === 'timestamp' || udt === 'date') {
    if (isArray) throw new Error(`${key}: arrays of ${udt} are not mapped`);
    select = 'Date';
    insert = 'Date | string';
  } else if (udt === 'jsonb' || udt === 'json') {
    select = JSON_COLUMNS[key] ?? 'unknown';
    insert = 'string';
  } else {
    const scalar =
      (NARROWED.has(key)
        ? enums
            .get(key)
            ?.map((v) => `'${v}'`)
            .join(' | ')
        : undefined) ?? SCALARS[udt];
    if (!scalar) throw new Error(`${key}: PostgreSQL type ${column.udt_name} is not mapped in table-types.ts`);
    select = isArray ? (scalar.includes('|') ? `(${scalar})[]` : `${scalar}[]`) : scalar;
    insert = select;
  }
  if (select === insert) return column.has_default ? `Generated<${orNull(select)}>` : orNull(select);
  if (!column.has_default) {
    const named = insert === 'string' ? `Json${select === 'unknown' ? '' : `<${select}>`}` : 'Timestamp';
    return orNull(named);
  }
  return `ColumnType<${orNull(select)}, ${orNull(insert)} | undefined, ${orNull(insert)}>`;
}

export async function renderTableTypes(q: Pick<pg.Pool | pg.Client, 'query'>): Promise<string> {
  const { rows: columns } = await q.query<ColumnRow>(`
    SELECT c.table_schema, c.table_name, c.column_name, c.udt_name, c.is_nullable,
           (c.column_default IS NOT NULL OR c.is_identity = 'YES' OR c.is_generated = 'ALWAYS') AS has_default
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
    WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg\\_%'
    ORDER BY c.table_schema, c.table_name, c.ordinal_position`);
  const { rows: checks } = await q.query<{ schema: string; table: string; definition: string }>(`
    SELECT n.nspname AS schema, r.relname AS table, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
    WHERE k.contype = 'c' ORDER BY 1, 2, 3`);
  const enums = new Map<string, string[]>();
  for (const check of checks) {
    const parsed = parseEnumCheck(check.definition);
    if (parsed) enums.set(`${check.schema}.${check.table}.${parsed[0]}`, parsed[1]);
  }
  const tables = new Map<string, ColumnRow[]>();
  for (const column of columns) {
    const name = `${column.table_schema}.${column.table_name}`;
    tables.set(name, [...(tables.get(name) ?? []), column]);
  }
  const out = [
    '// Generated by src/platform/db/table-types.ts from the migrated database. Do not edit:',
    '// npm run generate:tables -w @docket/server',
    "import type { ColumnType, Generated } from 'kysely';",
    "import type { FieldChange } from './json-columns.ts';",
    '',
    'type Timestamp = ColumnType<Date, Date | string, Date | string>;',
    'type Json<T = unknown> = ColumnType<T, string, string>;',
    '',
  ];
  for (const [name, cols] of tables) {
    out.push(`export interface ${pascal(name)}Table {`);
    for (const column of cols) out.push(`  ${/^[a-z_][a-z0-9_]*$/.test(column.column_name) ? column.column_name : `'${column.column_name}'`}: ${columnType(column, enums)};`);
    out.push('}', '');
  }
  out.push('export interface Tables {');
  for (const name of tables.keys()) out.push(`  '${name}': ${pascal(name)}Table;`);
  out.push('}', '');
  return out.join('\n');
}
