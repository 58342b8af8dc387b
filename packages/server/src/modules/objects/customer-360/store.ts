import { sql, type Expression, type SqlBool } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { PolicyCase } from '../../access/index.ts';

// Every SQL statement of the customer 360° view. It reads other modules' tables (cases, tasks,
// SLA targets, rule runs, the audit ledger) only to list what belongs to one customer, always
// under the visibility condition the owning module renders (cases.visibilityCondition for
// cases, recordVisibility for records), never a policy of its own.

/** A case as the 360° view lists it: no title here (findCaseHeadings gives the reader's). */
export interface CustomerCaseRow {
  id: string;
  number: string;
  typeKey: string;
  status: string;
  statusCategory: string;
  priority: string;
  channel: string | null;
  createdAt: Date;
  closedAt: Date | null;
}

export interface CaseCounts {
  open: number;
  past: number;
}

/** The unfinished categories of a case lifecycle; anything else (resolved, closed) is past. */
const OPEN_CATEGORIES = ['open', 'waiting'];

/** The cases a customer record has linked through a relation to cases. */
export async function findLinkedCaseIds(tx: Tx, recordId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    SELECT DISTINCT l.to_case_id AS id
      FROM objects.record_link l JOIN objects.relation r ON r.id = l.relation_id
     WHERE l.from_record_id = ${recordId}::uuid AND l.to_case_id IS NOT NULL AND r.deleted_at IS NULL`.execute(tx);
  return result.rows.map((r) => r.id);
}

/**
 * SQL: the ids of the customer's cases the reader may read — by the case's customer id (index
 * case_customer_idx on customer_ref) or by a link from the record. `visible` is the cases
 * module's condition, rendered on cases.case's own columns, so it sits in this single-table select.
 */
export function customerCaseIds(customer: { externalId: string | null; linkedCaseIds: string[] }, visible: Expression<SqlBool>) {
  return sql`SELECT id FROM cases.case WHERE ${belongsToCustomer(customer)} AND ${visible}`;
}

function belongsToCustomer(customer: { externalId: string | null; linkedCaseIds: string[] }) {
  const byRef = customer.externalId === null ? sql`FALSE` : sql`customer_ref = ${customer.externalId}`;
  return sql`(${byRef} OR id = ANY(${customer.linkedCaseIds}::uuid[]))`;
}

export async function countCustomerCases(tx: Tx, customer: { externalId: string | null; linkedCaseIds: string[] }, visible: Expression<SqlBool>): Promise<CaseCounts> {
  const result = await sql<{ open: string; past: string }>`
    SELECT count(*) FILTER (WHERE status_category = ANY(${OPEN_CATEGORIES}::text[])) AS open,
           count(*) FILTER (WHERE status_category <> ALL(${OPEN_CATEGORIES}::text[])) AS past
      FROM cases.case WHERE ${belongsToCustomer(customer)} AND ${visible}`.execute(tx);
  const row = result.rows[0];
  return { open: Number(row?.open ?? 0), past: Number(row?.past ?? 0) };
}

/** The latest `limit` open and `limit` past cases of the customer, newest first. */
export async function listLatestCustomerCases(
  tx: Tx,
  customer: { externalId: string | null; linkedCaseIds: string[] },
  visible: Expression<SqlBool>,
  limit: number,
): Promise<{ open: CustomerCaseRow[]; past: CustomerCaseRow[] }> {
  const select = (open: boolean) => sql<CaseSelect>`
    SELECT id, number, type_key, status, status_category, priority, channel, created_at, closed_at
      FROM cases.case
     WHERE ${belongsToCustomer(customer)} AND ${visible}
       AND ${open ? sql`status_category = ANY(${OPEN_CATEGORIES}::text[])` : sql`status_category <> ALL(${OPEN_CATEGORIES}::text[])`}
     ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
  const [open, past] = await Promise.all([select(true).execute(tx), select(false).execute(tx)]);
  return { open: open.rows.map(toCaseRow), past: past.rows.map(toCaseRow) };
}

interface CaseSelect {
  id: string;
  number: string;
  type_key: string;
  status: string;
  status_category: string;
  priority: string;
  channel: string | null;
  created_at: Date;
  closed_at: Date | null;
}

function toCaseRow(r: CaseSelect): CustomerCaseRow {
  return {
    id: r.id,
    number: r.number,
    typeKey: r.type_key,
    status: r.status,
    statusCategory: r.status_category,
    priority: r.priority,
    channel: r.channel,
    createdAt: r.created_at,
    closedAt: r.closed_at,
  };
}

export interface CustomerTaskRow {
  id: string;
  name: string | null;
  kind: string;
  state: string;
  caseId: string | null;
  assignee: string | null;
  dueAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  system: string | null;
  link: string | null;
}

/**
 * SQL: the automation's follow-up tasks about a record — external tasks of system 'automation'
 * whose link (or external id) names the record (the rule engine's create-task action links the
 * task to its subject). The (system, external_id) index narrows to the automation's tasks.
 */
function isFollowUpOf(recordId: string) {
  return sql`(system = 'automation' AND (strpos(coalesce(link, ''), ${recordId}) > 0 OR strpos(coalesce(external_id, ''), ${recordId}) > 0))`;
}

/** Tasks of the customer's visible cases (when `caseIds` is given) and follow-ups linked to the record; open first, newest first. */
export async function listCustomerTasks(
  tx: Tx,
  recordId: string,
  caseIds: ReturnType<typeof customerCaseIds> | null,
  limit: number,
): Promise<{ items: CustomerTaskRow[]; open: number; total: number }> {
  const where = caseIds === null ? isFollowUpOf(recordId) : sql`(case_id IN (${caseIds}) OR ${isFollowUpOf(recordId)})`;
  const [rows, counts] = await Promise.all([
    sql<{
      id: string;
      name: string | null;
      kind: string;
      state: string;
      case_id: string | null;
      assignee: string | null;
      due_at: Date | null;
      created_at: Date;
      completed_at: Date | null;
      system: string | null;
      link: string | null;
    }>`SELECT id, name, kind, state, case_id, assignee, due_at, created_at, completed_at, system, link
         FROM process.task WHERE ${where}
        ORDER BY (completed_at IS NULL) DESC, created_at DESC, id DESC LIMIT ${limit}`.execute(tx),
    sql<{
      open: string;
      total: string;
    }>`SELECT count(*) FILTER (WHERE completed_at IS NULL AND state NOT IN ('completed', 'canceled', 'cancelled')) AS open, count(*) AS total FROM process.task WHERE ${where}`.execute(tx),
  ]);
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      state: r.state,
      caseId: r.case_id,
      assignee: r.assignee,
      dueAt: r.due_at,
      createdAt: r.created_at,
      completedAt: r.completed_at,
      system: r.system,
      link: r.link,
    })),
    open: Number(counts.rows[0]?.open ?? 0),
    total: Number(counts.rows[0]?.total ?? 0),
  };
}

export interface SlaOutcomeCounts {
  metOnTime: number;
  breached: number;
  running: number;
  total: number;
}

/** The SLA targets of the customer's visible cases: met on time, breached (met late or still running past due), running on time. */
export async function countSlaOutcomes(tx: Tx, caseIds: ReturnType<typeof customerCaseIds>): Promise<SlaOutcomeCounts> {
  const result = await sql<{ met: string; breached: string; running: string; total: string }>`
    SELECT count(*) FILTER (WHERE state = 'met' AND breached_at IS NULL) AS met,
           count(*) FILTER (WHERE breached_at IS NOT NULL) AS breached,
           count(*) FILTER (WHERE state IN ('running', 'paused') AND breached_at IS NULL) AS running,
           count(*) FILTER (WHERE state <> 'canceled') AS total
      FROM sla.target WHERE case_id IN (${caseIds})`.execute(tx);
  const r = result.rows[0];
  return { metOnTime: Number(r?.met ?? 0), breached: Number(r?.breached ?? 0), running: Number(r?.running ?? 0), total: Number(r?.total ?? 0) };
}

export interface FollowUpRow {
  id: string;
  ruleKey: string;
  ruleName: string;
  status: string;
  triggerKind: string;
  triggerDetail: string | null;
  detail: string | null;
  actions: unknown;
  startedAt: Date;
}

/** The rule runs whose subject is the record, newest first (index run_subject_idx). */
export async function listFollowUps(tx: Tx, recordId: string, limit: number): Promise<{ items: FollowUpRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    sql<{
      id: string;
      key: string;
      name: string;
      status: string;
      trigger_kind: string;
      trigger_detail: string | null;
      detail: string | null;
      actions: unknown;
      started_at: Date;
    }>`SELECT r.id, u.key, u.name, r.status, r.trigger_kind, r.trigger_detail, r.detail, r.actions, r.started_at
         FROM automation.run r JOIN automation.rule u ON u.id = r.rule_id
        WHERE r.subject_id = ${recordId}::uuid
        ORDER BY r.started_at DESC, r.id DESC LIMIT ${limit}`.execute(tx),
    sql<{ n: string }>`SELECT count(*) AS n FROM automation.run WHERE subject_id = ${recordId}::uuid`.execute(tx),
  ]);
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      ruleKey: r.key,
      ruleName: r.name,
      status: r.status,
      triggerKind: r.trigger_kind,
      triggerDetail: r.trigger_detail,
      detail: r.detail,
      actions: r.actions,
      startedAt: r.started_at,
    })),
    total: Number(count.rows[0]?.n ?? 0),
  };
}

export interface CustomerRelationRow {
  id: string;
  key: string;
  nameZh: string;
  nameEn: string;
  inverseNameZh: string;
  inverseNameEn: string;
  direction: 'outgoing' | 'incoming';
  /** The type on the other end. */
  otherTypeId: string;
  otherTypeKey: string;
  otherTypeNameZh: string;
  otherTypeNameEn: string;
}

/** The relations between the customer type and other object types, both ways (a relation of the type to itself appears once each way). */
export async function listCustomerRelations(tx: Tx, customerTypeId: string): Promise<CustomerRelationRow[]> {
  const result = await sql<{
    id: string;
    key: string;
    name_zh: string;
    name_en: string;
    inverse_name_zh: string;
    inverse_name_en: string;
    direction: 'outgoing' | 'incoming';
    other_type_id: string;
    other_type_key: string;
    other_name_zh: string;
    other_name_en: string;
  }>`
    SELECT r.id, r.key, r.name_zh, r.name_en, r.inverse_name_zh, r.inverse_name_en, 'outgoing' AS direction,
           t.id AS other_type_id, t.key AS other_type_key, t.name_zh AS other_name_zh, t.name_en AS other_name_en
      FROM objects.relation r JOIN objects.object_type t ON t.id = r.to_type_id
     WHERE r.from_type_id = ${customerTypeId}::uuid AND r.to_kind = 'object' AND r.deleted_at IS NULL
    UNION ALL
    SELECT r.id, r.key, r.name_zh, r.name_en, r.inverse_name_zh, r.inverse_name_en, 'incoming' AS direction,
           t.id, t.key, t.name_zh, t.name_en
      FROM objects.relation r JOIN objects.object_type t ON t.id = r.from_type_id
     WHERE r.to_type_id = ${customerTypeId}::uuid AND r.to_kind = 'object' AND r.deleted_at IS NULL
     ORDER BY 2, 7`.execute(tx);
  return result.rows.map((r) => ({
    id: r.id,
    key: r.key,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    inverseNameZh: r.inverse_name_zh,
    inverseNameEn: r.inverse_name_en,
    direction: r.direction,
    otherTypeId: r.other_type_id,
    otherTypeKey: r.other_type_key,
    otherTypeNameZh: r.other_name_zh,
    otherTypeNameEn: r.other_name_en,
  }));
}

/**
 * The ids of records linked to `recordId` through one relation in one direction that the reader
 * may read (`visible`: recordVisibility, on objects.record's own columns), newest first, with
 * their count.
 */
export async function listLinkedRecordIds(
  tx: Tx,
  relationId: string,
  recordId: string,
  direction: 'outgoing' | 'incoming',
  visible: Expression<SqlBool>,
  limit: number,
): Promise<{ ids: string[]; total: number }> {
  const linked =
    direction === 'outgoing'
      ? sql`SELECT to_record_id FROM objects.record_link WHERE relation_id = ${relationId}::uuid AND from_record_id = ${recordId}::uuid AND to_record_id IS NOT NULL`
      : sql`SELECT from_record_id FROM objects.record_link WHERE relation_id = ${relationId}::uuid AND to_record_id = ${recordId}::uuid`;
  const result = await sql<{ id: string; total: string }>`
    SELECT id, count(*) OVER () AS total FROM objects.record
     WHERE id IN (${linked}) AND deleted_at IS NULL AND ${visible}
     ORDER BY updated_at DESC, id DESC LIMIT ${limit}`.execute(tx);
  return { ids: result.rows.map((r) => r.id), total: Number(result.rows[0]?.total ?? 0) };
}

/** Of these record ids, those not deleted that the reader may read. */
export async function filterVisibleRecordIds(tx: Tx, ids: string[], visible: Expression<SqlBool>): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await sql<{ id: string }>`SELECT id FROM objects.record WHERE id = ANY(${ids}::uuid[]) AND deleted_at IS NULL AND ${visible}`.execute(tx);
  return new Set(result.rows.map((r) => r.id));
}

/** The customer record of a case: by the case's customer id (external id), else by a link from a customer record to the case. */
export async function findCaseCustomerRecordId(tx: Tx, customerTypeId: string, customerRef: string | null, caseId: string): Promise<string | null> {
  if (customerRef !== null) {
    const byRef = await sql<{ id: string }>`
      SELECT id FROM objects.record WHERE type_id = ${customerTypeId}::uuid AND external_id = ${customerRef} AND deleted_at IS NULL`.execute(tx);
    if (byRef.rows[0]) return byRef.rows[0].id;
  }
  const byLink = await sql<{ id: string }>`
    SELECT r.id FROM objects.record_link l
      JOIN objects.relation rel ON rel.id = l.relation_id AND rel.deleted_at IS NULL
      JOIN objects.record r ON r.id = l.from_record_id
     WHERE l.to_case_id = ${caseId}::uuid AND r.type_id = ${customerTypeId}::uuid AND r.deleted_at IS NULL
     ORDER BY l.created_at LIMIT 1`.execute(tx);
  return byLink.rows[0]?.id ?? null;
}

/** Whether a record of this type exists and is not deleted (no permission check: the caller decides what to say). */
export async function isLiveRecordOfType(tx: Tx, id: string, typeId: string): Promise<boolean> {
  const result = await sql<{ n: number }>`SELECT 1 AS n FROM objects.record WHERE id = ${id}::uuid AND type_id = ${typeId}::uuid AND deleted_at IS NULL`.execute(tx);
  return result.rows.length > 0;
}

/** The record's policy columns, as the policy engine reads a record (PolicyCase). */
export async function findRecordPolicyFacts(tx: Tx, id: string): Promise<PolicyCase | undefined> {
  const row = await tx.selectFrom('objects.record').select(['type_key', 'created_by', 'owner_id', 'department_id', 'tags', 'sensitivity']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return {
    id,
    typeKey: row.type_key,
    createdBy: row.created_by,
    assigneeId: row.owner_id,
    departmentId: row.department_id,
    tags: row.tags,
    sensitivity: row.sensitivity as PolicyCase['sensitivity'],
  };
}
