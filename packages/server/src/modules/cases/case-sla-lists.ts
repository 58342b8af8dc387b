import { sql, type RawBuilder } from 'kysely';
import type { CommandContext } from '../../platform/commands/index.ts';
import { compileCaseFilter, isAllowedOnCase, type PolicyCase } from '../access/index.ts';
import { presentFreeText } from './free-text-personal-data.ts';
import { listCurrentCaseTypes, visibilityCondition } from './store.ts';

// What the SLA module's supervisor board and on-time report (issue 16) read of cases, with the
// same record policy as the case list (listCasesPage's visibility condition): the SQL of
// cases.case stays in this module.

/** Unfinished cases (status category open or waiting) that carry an SLA state, narrowed by the board's filters. */
export interface OpenSlaCaseFilter {
  departmentId?: string;
  queue?: string;
  caseType?: string;
  /** Only these SLA states (on-track, at-risk, breached, paused). */
  slaStates?: string[];
}

export interface SlaStateCount {
  departmentId: string | null;
  queue: string | null;
  slaState: string;
  count: number;
}

export interface OpenSlaCase {
  id: string;
  number: string;
  /** As the case list shows it: the masked copy, with the reader's field rules on top. */
  title: string;
  type: string;
  priority: string;
  status: string;
  assigneeId: string | null;
  departmentId: string | null;
  queue: string | null;
  dueAt: Date | null;
  slaState: string;
  version: number;
  /** Whether the reader may assign it to anyone (case:update and case:assign), as the case view's allowed.assign. */
  canAssign: boolean;
}

function openSlaCaseConditions(ctx: CommandContext, filter: OpenSlaCaseFilter): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [sql`status_category IN ('open', 'waiting')`, sql`sla_state IS NOT NULL`];
  const visible = compileCaseFilter(ctx.actor, 'case:read');
  if (visible.kind === 'none') conditions.push(sql`FALSE`);
  if (visible.kind === 'any') conditions.push(sql`${visibilityCondition(visible)}`);
  if (filter.departmentId) conditions.push(sql`department_id = ${filter.departmentId}::uuid`);
  if (filter.queue) conditions.push(sql`queue = ${filter.queue}`);
  if (filter.caseType) conditions.push(sql`type_key = ${filter.caseType}`);
  if (filter.slaStates?.length) conditions.push(sql`sla_state = ANY(${filter.slaStates}::text[])`);
  return conditions;
}

/** How many of the reader's unfinished cases stand in each SLA state, per department and queue. */
export async function countOpenCasesBySlaState(ctx: CommandContext, filter: OpenSlaCaseFilter): Promise<SlaStateCount[]> {
  const where = sql.join(openSlaCaseConditions(ctx, filter), sql` AND `);
  const result = await sql<{ department_id: string | null; queue: string | null; sla_state: string; count: number }>`
    SELECT department_id, queue, sla_state, count(*)::int AS count FROM cases.case WHERE ${where}
    GROUP BY department_id, queue, sla_state`.execute(ctx.tx);
  return result.rows.map((r) => ({ departmentId: r.department_id, queue: r.queue, slaState: r.sla_state, count: r.count }));
}

/** The reader's unfinished cases with an SLA state, at most `perGroup` per department and queue, soonest due first. */
export async function listOpenCasesBySlaGroup(ctx: CommandContext, filter: OpenSlaCaseFilter, perGroup: number): Promise<OpenSlaCase[]> {
  const where = sql.join(openSlaCaseConditions(ctx, filter), sql` AND `);
  const result = await sql<{
    id: string;
    number: string;
    title: string;
    type_key: string;
    priority: string;
    status: string;
    assignee_id: string | null;
    department_id: string | null;
    queue: string | null;
    due_at: Date | null;
    sla_state: string;
    version: number;
    created_by: string;
    tags: string[];
    sensitivity: PolicyCase['sensitivity'];
  }>`
    SELECT * FROM (
      SELECT id, number, title, type_key, priority, status, assignee_id, department_id, queue, due_at, sla_state, version, created_by, tags, sensitivity,
             row_number() OVER (PARTITION BY department_id, queue ORDER BY due_at ASC NULLS LAST, id) AS rank
        FROM cases.case WHERE ${where}
    ) ranked WHERE rank <= ${perGroup} ORDER BY due_at ASC NULLS LAST, id`.execute(ctx.tx);
  return result.rows.map((r) => {
    const record: PolicyCase = { id: r.id, typeKey: r.type_key, createdBy: r.created_by, assigneeId: r.assignee_id, departmentId: r.department_id, tags: r.tags, sensitivity: r.sensitivity };
    return {
      id: r.id,
      number: r.number,
      title: presentFreeText(r.title, ctx.actor, record, 'title'),
      type: r.type_key,
      priority: r.priority,
      status: r.status,
      assigneeId: r.assignee_id,
      departmentId: r.department_id,
      queue: r.queue,
      dueAt: r.due_at,
      slaState: r.sla_state,
      version: r.version,
      canAssign: isAllowedOnCase(ctx.actor, 'case:update', record) && isAllowedOnCase(ctx.actor, 'case:assign', record),
    };
  });
}

export interface ReadableCaseFilter {
  departmentId?: string;
  queue?: string;
  caseType?: string;
}

/**
 * SQL relation (id, type_key, department_id, queue) of the cases the reader may read, narrowed by
 * the filter: another module's report joins it on its case id column.
 */
export function readableCaseDimensions(ctx: CommandContext, filter: ReadableCaseFilter): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`TRUE`];
  const visible = compileCaseFilter(ctx.actor, 'case:read');
  if (visible.kind === 'none') conditions.push(sql`FALSE`);
  if (visible.kind === 'any') conditions.push(sql`${visibilityCondition(visible)}`);
  if (filter.departmentId) conditions.push(sql`department_id = ${filter.departmentId}::uuid`);
  if (filter.queue) conditions.push(sql`queue = ${filter.queue}`);
  if (filter.caseType) conditions.push(sql`type_key = ${filter.caseType}`);
  return sql`SELECT id, type_key, department_id, queue FROM cases.case WHERE ${sql.join(conditions, sql` AND `)}`;
}

/** The current name of every case type, by key. */
export async function findCaseTypeNames(ctx: CommandContext): Promise<Map<string, string>> {
  return new Map((await listCurrentCaseTypes(ctx.tx)).map((t) => [t.key, t.name]));
}
