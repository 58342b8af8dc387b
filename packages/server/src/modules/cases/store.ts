import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { CaseRow, CaseTypeRow } from './case-row.ts';
import { caseNumberSequenceName } from './case-number.ts';
import type { FormSchema } from './form-schema.ts';
import type { CaseLifecycle } from './case-lifecycle.ts';
import type { CaseFilter } from '../access/index.ts';

type Executor = Db | Tx;

// ---- case types ----

export async function insertCaseType(tx: Tx, type: { key: string; prefix: string; now: Date }): Promise<void> {
  await tx.insertInto('cases.case_type').values({ key: type.key, prefix: type.prefix, current_version: 1, created_at: type.now, updated_at: type.now }).execute();
  // DDL in the same transaction: the sequence exists exactly when the type does.
  await sql`CREATE SEQUENCE IF NOT EXISTS ${sql.raw(caseNumberSequenceName(type.prefix))}`.execute(tx);
}

export async function insertCaseTypeVersion(
  tx: Tx,
  version: {
    key: string;
    version: number;
    name: string;
    description: string | null;
    schema: FormSchema;
    separationOfDuties: boolean;
    defaultQueue?: string | null;
    defaultQueueId?: string | null;
    processKey?: string | null;
    lifecycle: CaseLifecycle;
    createdBy: string | null;
    now: Date;
  },
): Promise<void> {
  await tx
    .insertInto('cases.case_type_version')
    .values({
      key: version.key,
      version: version.version,
      name: version.name,
      description: version.description,
      schema: JSON.stringify(version.schema),
      separation_of_duties: version.separationOfDuties,
      default_queue: version.defaultQueue ?? null,
      default_queue_id: version.defaultQueueId ?? null,
      process_key: version.processKey ?? null,
      lifecycle: JSON.stringify(version.lifecycle),
      created_by: version.createdBy,
      created_at: version.now,
    })
    .execute();
  await tx.updateTable('cases.case_type').set({ current_version: version.version, updated_at: version.now }).where('key', '=', version.key).execute();
}

function caseTypeQuery(tx: Executor) {
  return tx
    .selectFrom('cases.case_type as t')
    .innerJoin('cases.case_type_version as v', 'v.key', 't.key')
    .select([
      't.key',
      'v.version',
      't.current_version',
      't.prefix',
      'v.name',
      'v.description',
      'v.schema',
      'v.separation_of_duties',
      'v.default_queue',
      'v.default_queue_id',
      'v.process_key',
      'v.lifecycle',
      't.created_at',
      't.updated_at',
    ]);
}

type CaseTypeSelect = Awaited<ReturnType<ReturnType<typeof caseTypeQuery>['executeTakeFirstOrThrow']>>;

function toCaseTypeRow(row: CaseTypeSelect): CaseTypeRow {
  return {
    key: row.key,
    version: row.version,
    currentVersion: row.current_version,
    prefix: row.prefix,
    name: row.name,
    description: row.description,
    schema: row.schema as FormSchema,
    separationOfDuties: row.separation_of_duties,
    defaultQueue: row.default_queue,
    defaultQueueId: row.default_queue_id,
    processKey: row.process_key,
    lifecycle: row.lifecycle as CaseLifecycle,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findCaseType(tx: Executor, key: string, version?: number): Promise<CaseTypeRow | undefined> {
  let query = caseTypeQuery(tx).where('t.key', '=', key);
  query = version === undefined ? query.whereRef('v.version', '=', 't.current_version') : query.where('v.version', '=', version);
  const row = await query.executeTakeFirst();
  return row && toCaseTypeRow(row);
}

export async function findCaseTypeByPrefix(tx: Executor, prefix: string): Promise<string | undefined> {
  const row = await tx.selectFrom('cases.case_type').select('key').where('prefix', '=', prefix).executeTakeFirst();
  return row?.key;
}

export async function listCurrentCaseTypes(tx: Executor): Promise<CaseTypeRow[]> {
  const rows = await caseTypeQuery(tx).whereRef('v.version', '=', 't.current_version').orderBy('t.key').execute();
  return rows.map(toCaseTypeRow);
}

export async function listCaseTypeVersions(tx: Executor, key: string): Promise<CaseTypeRow[]> {
  const rows = await caseTypeQuery(tx).where('t.key', '=', key).orderBy('v.version', 'desc').execute();
  return rows.map(toCaseTypeRow);
}

// ---- numbering ----

/** n numbers of a prefix in one round trip. */
export async function nextCaseSequences(tx: Tx, prefix: string, count: number): Promise<number[]> {
  const result = await sql<{ n: number }>`SELECT nextval(${caseNumberSequenceName(prefix)}::regclass) AS n FROM generate_series(1, ${count})`.execute(tx);
  return result.rows.map((r) => Number(r.n));
}

// ---- cases ----

const CASE_COLUMNS = [
  'id',
  'number',
  'type_key',
  'type_version',
  'title',
  'status',
  'status_category',
  'priority',
  'channel',
  'customer',
  'customer_ref',
  'fields',
  'tags',
  'external_source',
  'external_id',
  'assignee_id',
  'queue',
  'queue_id',
  'department_id',
  'due_at',
  'sla_state',
  'created_by',
  'created_at',
  'updated_at',
  'resolved_at',
  'closed_at',
  'version',
  'sensitivity',
  'title_sealed',
] as const;

type CaseSelect = {
  id: string;
  number: string;
  type_key: string;
  type_version: number;
  title: string;
  status: string;
  status_category: string;
  priority: string;
  channel: string | null;
  customer: unknown;
  customer_ref: string | null;
  fields: unknown;
  tags: string[];
  external_source: string | null;
  external_id: string | null;
  assignee_id: string | null;
  queue: string | null;
  queue_id: string | null;
  department_id: string | null;
  due_at: Date | null;
  sla_state: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  version: number;
  sensitivity: string;
  title_sealed: string | null;
};

export function toCaseRow(row: CaseSelect): CaseRow {
  return {
    id: row.id as CaseRow['id'],
    number: row.number,
    typeKey: row.type_key,
    typeVersion: row.type_version,
    title: row.title,
    status: row.status,
    statusCategory: row.status_category as CaseRow['statusCategory'],
    priority: row.priority as CaseRow['priority'],
    channel: row.channel,
    customer: row.customer as CaseRow['customer'],
    fields: row.fields as Record<string, unknown>,
    tags: row.tags,
    externalSource: row.external_source,
    externalId: row.external_id,
    assigneeId: row.assignee_id,
    queue: row.queue,
    queueId: row.queue_id,
    departmentId: row.department_id,
    dueAt: row.due_at,
    slaState: row.sla_state as CaseRow['slaState'],
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    version: row.version,
    sensitivity: row.sensitivity as CaseRow['sensitivity'],
    titleSealed: row.title_sealed,
  };
}

/**
 * Inserts many cases in one statement (unnest of column arrays: one round trip, one plan).
 * Cases whose (external_source, external_id) already exists are skipped; the ids inserted are returned.
 */
/**
 * Inserts many cases in one statement: the batch travels as one JSON document expanded by
 * jsonb_to_recordset (one round trip, one plan, and JSON.stringify instead of pg's per-element
 * array escaping, which cost more CPU than the rest of the insert). Cases whose
 * (external_source, external_id) already exists are skipped; the ids inserted are returned.
 */
export async function insertCases(tx: Tx, rows: CaseRow[], sensitiveIndexes: string[][]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const batch = JSON.stringify(
    rows.map((r, i) => ({
      id: r.id,
      number: r.number,
      type_key: r.typeKey,
      type_version: r.typeVersion,
      title: r.title,
      status: r.status,
      status_category: r.statusCategory,
      priority: r.priority,
      channel: r.channel,
      customer: r.customer,
      customer_ref: r.customer?.id ?? null,
      fields: r.fields,
      tags: r.tags,
      external_source: r.externalSource,
      external_id: r.externalId,
      assignee_id: r.assigneeId,
      queue: r.queue,
      department_id: r.departmentId,
      due_at: r.dueAt,
      created_by: r.createdBy,
      created_at: r.createdAt,
      sensitive_index: sensitiveIndexes[i],
      sensitivity: r.sensitivity,
      title_sealed: r.titleSealed ?? null,
    })),
  );
  const result = await sql<{ id: string }>`
    INSERT INTO cases.case (id, number, type_key, type_version, title, status, status_category, priority, channel, customer, customer_ref, fields,
                            tags, external_source, external_id, assignee_id, queue, department_id, due_at, created_by,
                            created_at, updated_at, version, sensitive_index, sensitivity, title_sealed)
    SELECT u.id, u.number, u.type_key, u.type_version, u.title, u.status, u.status_category, u.priority, u.channel, u.customer, u.customer_ref,
           u.fields, u.tags, u.external_source, u.external_id, u.assignee_id, u.queue,
           u.department_id, u.due_at, u.created_by, u.created_at, u.created_at, 1, u.sensitive_index, u.sensitivity, u.title_sealed
    FROM jsonb_to_recordset(${batch}::jsonb)
      AS u(id uuid, number text, type_key text, type_version int, title text, status text, status_category text, priority text, channel text,
           customer jsonb, customer_ref text, fields jsonb, tags text[], external_source text, external_id text, assignee_id uuid,
           queue text, department_id uuid, due_at timestamptz, created_by uuid, created_at timestamptz, sensitive_index text[],
           sensitivity text, title_sealed text)
    ON CONFLICT (external_source, external_id) WHERE external_id IS NOT NULL DO NOTHING
    RETURNING id`.execute(tx);
  return new Set(result.rows.map((r) => r.id));
}

export async function findCaseById(tx: Executor, id: string): Promise<CaseRow | undefined> {
  const row = await tx.selectFrom('cases.case').select(CASE_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toCaseRow(row as CaseSelect);
}

/** The cases of these ids the reader's record scope reaches (in no particular order). */
export async function findVisibleCasesByIds(tx: Executor, ids: string[], visible: CaseFilter): Promise<CaseRow[]> {
  if (ids.length === 0 || visible.kind === 'none') return [];
  const rows = await tx.selectFrom('cases.case').select(CASE_COLUMNS).where('id', '=', sql<string>`ANY(${ids}::uuid[])`).where(visibilityCondition(visible)).execute();
  return rows.map((row) => toCaseRow(row as CaseSelect));
}

export async function findCasesByExternalIds(tx: Executor, source: string, externalIds: string[]): Promise<Map<string, CaseRow>> {
  if (externalIds.length === 0) return new Map();
  const rows = await tx.selectFrom('cases.case').select(CASE_COLUMNS).where('external_source', '=', source).where('external_id', 'in', externalIds).execute();
  return new Map(rows.map((row) => [row.external_id!, toCaseRow(row as CaseSelect)]));
}

export type CaseChanges = Partial<
  Pick<
    CaseRow,
    | 'title'
    | 'status'
    | 'statusCategory'
    | 'priority'
    | 'channel'
    | 'customer'
    | 'fields'
    | 'tags'
    | 'assigneeId'
    | 'queue'
    | 'departmentId'
    | 'dueAt'
    | 'resolvedAt'
    | 'closedAt'
    | 'sensitivity'
    | 'titleSealed'
  >
>;

const CHANGE_COLUMNS: Record<keyof CaseChanges, string> = {
  title: 'title',
  status: 'status',
  statusCategory: 'status_category',
  priority: 'priority',
  channel: 'channel',
  customer: 'customer',
  fields: 'fields',
  tags: 'tags',
  assigneeId: 'assignee_id',
  queue: 'queue',
  departmentId: 'department_id',
  dueAt: 'due_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  sensitivity: 'sensitivity',
  titleSealed: 'title_sealed',
};

/** Optimistic concurrency: the update applies only if the version is still the one the caller read. */
export async function updateCaseIfVersion(
  tx: Tx,
  id: string,
  expectedVersion: number,
  changes: CaseChanges,
  now: Date,
  sensitiveIndex?: string[],
  /** Part of a change this command already versioned (the router placing a case it just created): the version stays. */
  keepVersion = false,
): Promise<CaseRow | undefined> {
  const set: Record<string, unknown> = keepVersion ? { updated_at: now } : { updated_at: now, version: sql`version + 1` };
  if (sensitiveIndex) set.sensitive_index = sensitiveIndex;
  for (const [key, value] of Object.entries(changes) as [keyof CaseChanges, unknown][]) {
    const column = CHANGE_COLUMNS[key];
    set[column] = key === 'customer' || key === 'fields' ? (value === null ? null : JSON.stringify(value)) : value;
    if (key === 'customer') set.customer_ref = (value as CaseRow['customer'])?.id ?? null;
  }
  const row = await tx
    .updateTable('cases.case')
    .set(set as never)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning(CASE_COLUMNS)
    .executeTakeFirst();
  return row && toCaseRow(row as CaseSelect);
}

export interface CaseListFilter {
  types?: string[];
  statuses?: string[];
  /** Status categories (open, waiting, …): the filter the partial indexes of unfinished cases are built on. */
  statusCategories?: string[];
  priorities?: string[];
  assigneeId?: string;
  /** The queue's key. */
  queue?: string;
  queueId?: string;
  departmentId?: string;
  customerRef?: string;
  tags?: string[];
  createdFrom?: Date;
  createdTo?: Date;
  dueFrom?: Date;
  dueTo?: Date;
  text?: string;
  /** Blind-index terms (`<dataClass>:<index>`) the case must carry: search by resident id, card, phone. */
  sensitiveTerms?: string[];
}

export const CASE_SORTS = ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', 'dueAt', '-dueAt'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
const SORT_COLUMNS = { createdAt: 'created_at', updatedAt: 'updated_at', dueAt: 'due_at' } as const;

export interface Keyset {
  value: string | null;
  id: string;
}

/**
 * One page of cases in keyset order (the sort column, then id). Unfinished cases of a queue or
 * department (statusCategories open,waiting) stay on their partial indexes, whatever each case
 * type calls its statuses; `text` uses the trigram index on title.
 */
// The reader's record scope as SQL: each clause is a conjunction, clauses are OR-ed. Department
// clauses are `department_id = ANY(...)` so they stay on case_department_idx.
export function visibilityCondition(visible: CaseFilter): Expression<SqlBool> {
  if (visible.kind === 'all') return sql<SqlBool>`TRUE`;
  if (visible.kind === 'none') return sql<SqlBool>`FALSE`;
  const clauses = visible.clauses.map((c) => {
    const parts = [];
    if (c.ownedBy !== undefined) parts.push(sql`(created_by = ${c.ownedBy}::uuid OR assignee_id = ${c.ownedBy}::uuid)`);
    if (c.departmentIn !== undefined) parts.push(sql`department_id = ANY(${c.departmentIn}::uuid[])`);
    if (c.typeIn !== undefined) parts.push(sql`type_key = ANY(${c.typeIn}::text[])`);
    if (c.tagsAny !== undefined) parts.push(sql`tags && ${c.tagsAny}::text[]`);
    if (c.sensitivityIn !== undefined) parts.push(sql`sensitivity = ANY(${c.sensitivityIn}::text[])`);
    // A read grant on named cases (抄送, cases.case_reader), by primary key.
    if (c.idIn !== undefined) parts.push(sql`id = ANY(${c.idIn}::uuid[])`);
    return sql`(${sql.join(parts, sql` AND `)})`;
  });
  return sql<SqlBool>`(${sql.join(clauses, sql` OR `)})`;
}

export async function listCasesPage(tx: Executor, filter: CaseListFilter, visible: CaseFilter, sort: CaseSort, after: Keyset | undefined, limit: number): Promise<CaseRow[]> {
  const descending = sort.startsWith('-');
  const column = SORT_COLUMNS[sort.replace('-', '') as keyof typeof SORT_COLUMNS];
  const nullable = column === 'due_at';
  if (visible.kind === 'none') return [];
  let query = tx.selectFrom('cases.case').select(CASE_COLUMNS);
  if (visible.kind === 'any') query = query.where(visibilityCondition(visible));
  if (filter.types?.length) query = query.where('type_key', 'in', filter.types);
  if (filter.statuses?.length) query = query.where('status', 'in', filter.statuses);
  if (filter.statusCategories?.length) query = query.where('status_category', 'in', filter.statusCategories);
  if (filter.priorities?.length) query = query.where('priority', 'in', filter.priorities);
  if (filter.assigneeId) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.queue) query = query.where('queue', '=', filter.queue);
  // By the key the id stands for, so a queue page stays on the partial indexes of unfinished cases (on queue).
  if (filter.queueId) query = query.where('queue', '=', sql<string>`(SELECT q.key FROM routing.queue q WHERE q.id = ${filter.queueId}::uuid)`);
  if (filter.departmentId) query = query.where('department_id', '=', filter.departmentId);
  if (filter.customerRef) query = query.where('customer_ref', '=', filter.customerRef);
  if (filter.sensitiveTerms?.length) query = query.where('sensitive_index', '@>', sql<string[]>`${filter.sensitiveTerms}::text[]`);
  if (filter.tags?.length) query = query.where('tags', '@>', sql<string[]>`${filter.tags}::text[]`);
  if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo) query = query.where('created_at', '<', filter.createdTo);
  if (filter.dueFrom) query = query.where('due_at', '>=', filter.dueFrom);
  if (filter.dueTo) query = query.where('due_at', '<', filter.dueTo);
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('title', 'ilike', pattern), eb('number', '=', filter.text!)]));
  }
  if (after) {
    const op = descending ? '<' : '>';
    const col = sql.ref(column);
    // NULL sort values (cases without a due date) come last in both directions.
    const tuple = sql<SqlBool>`(${col}, id) ${sql.raw(op)} (${after.value}::timestamptz, ${after.id}::uuid)`;
    const condition: Expression<SqlBool> = !nullable
      ? tuple
      : after.value === null
        ? sql<SqlBool>`(${col} IS NULL AND id ${sql.raw(op)} ${after.id}::uuid)`
        : sql<SqlBool>`(${tuple} OR ${col} IS NULL)`;
    query = query.where(condition);
  }
  // Only due_at is nullable; NULLS LAST on the NOT NULL columns would stop the planner using their indexes.
  const direction = sql.raw(`${descending ? 'DESC' : 'ASC'}${nullable ? ' NULLS LAST' : ''}`);
  query = query
    .orderBy(sql`${sql.ref(column)} ${direction}`)
    .orderBy(sql`id ${descending ? sql`DESC` : sql`ASC`}`)
    .limit(limit);
  const rows = await query.execute();
  return rows.map((row) => toCaseRow(row as CaseSelect));
}
