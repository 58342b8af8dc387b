import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { InstanceRecord, InstanceState } from '../engine/contract.ts';
import { toInstanceRecord } from './records.ts';

// What the read endpoints show of instances: plain queries, no engine.

export interface InstanceDetail {
  instance: InstanceRecord;
  activeElements: { elementInstanceId: string; elementId: string; elementType: string }[];
  waitingEvents: { elementId: string; kind: 'timer' | 'message' | 'signal'; dueAt: Date | null; name: string | null }[];
  incidents: { id: string; elementId: string; kind: string; message: string; createdAt: Date }[];
  childIds: string[];
}

export async function findInstanceRow(db: Db, instanceId: string): Promise<InstanceRecord | undefined> {
  const row = await db.selectFrom('process.instance').selectAll().where('id', '=', instanceId).executeTakeFirst();
  return row && toInstanceRecord(row);
}

/** One instance with what is alive in it, in one round trip. */
export async function findInstanceDetail(db: Db, instanceId: string): Promise<InstanceDetail | undefined> {
  const result = await sql<Record<string, unknown> & { active: unknown; waiting: unknown; incidents: unknown; children: unknown }>`
    SELECT i.*,
      -- A multi-instance body is bookkeeping: its inner instances are the active elements.
      (SELECT coalesce(jsonb_agg(jsonb_build_object('elementInstanceId', e.id, 'elementId', e.element_id, 'elementType', e.element_type) ORDER BY e.started_at, e.id), '[]')
         FROM process.element_instance e WHERE e.instance_id = i.id AND NOT e.is_multi_instance_body) AS active,
      (SELECT coalesce(jsonb_agg(w ORDER BY w.sort_at NULLS LAST, w.element_id), '[]') FROM (
         SELECT j.element_id AS "elementId", 'timer' AS kind, j.due_at AS "dueAt", NULL AS name, j.due_at AS sort_at, j.element_id
           FROM process.job j WHERE j.instance_id = i.id AND j.kind = 'timer'
         UNION ALL
         SELECT s.element_id, s.kind, NULL, s.name, NULL, s.element_id
           FROM process.subscription s WHERE s.instance_id = i.id) w) AS waiting,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('id', n.id, 'elementId', n.element_id, 'kind', n.kind, 'message', n.message, 'createdAt', n.created_at) ORDER BY n.created_at), '[]')
         FROM process.incident n WHERE n.instance_id = i.id AND n.resolved_at IS NULL) AS incidents,
      (SELECT coalesce(jsonb_agg(c.id ORDER BY c.started_at, c.id), '[]') FROM process.instance c WHERE c.parent_instance_id = i.id) AS children
    FROM process.instance i WHERE i.id = ${instanceId}::uuid`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    instance: toInstanceRecord(row),
    activeElements: row.active as InstanceDetail['activeElements'],
    waitingEvents: (row.waiting as Array<Record<string, unknown>>).map((w) => ({
      elementId: String(w.elementId),
      kind: w.kind as 'timer' | 'message' | 'signal',
      dueAt: w.dueAt ? new Date(String(w.dueAt)) : null,
      name: (w.name as string | null) ?? null,
    })),
    incidents: (row.incidents as Array<Record<string, unknown>>).map((n) => ({
      id: String(n.id),
      elementId: String(n.elementId),
      kind: String(n.kind),
      message: String(n.message),
      createdAt: new Date(String(n.createdAt)),
    })),
    childIds: row.children as string[],
  };
}

export interface HistoryEntry {
  elementInstanceId: string;
  elementId: string;
  elementType: string;
  startedAt: Date;
  endedAt: Date | null;
  outcome: string | null;
}

// Element history is partitioned by the month an element ended. Lookups bound ended_at from below
// so PostgreSQL prunes older months; the month of margin keeps rows whose end was stamped earlier
// than the instance's start (two Docket processes whose clocks disagree, a test clock that restarted
// at real time), at the cost of one more partition probed.
const HISTORY_BOUND_MARGIN_MS = 31 * 24 * 3600 * 1000;
function historyLowerBound(startedAt: Date): Date {
  return new Date(startedAt.getTime() - HISTORY_BOUND_MARGIN_MS);
}

/**
 * Every element instance an instance entered, in the order entered: the ended ones from the
 * history partitions, the active ones from the runtime table.
 */
export async function listInstanceHistory(db: Db, instance: { id: string; startedAt: Date }): Promise<HistoryEntry[]> {
  const result = await sql<{ id: string; element_id: string; element_type: string; started_at: Date; ended_at: Date | null; outcome: string | null }>`
    SELECT id, element_id, element_type, started_at, ended_at, outcome FROM process.element_history
      WHERE instance_id = ${instance.id}::uuid AND ended_at >= ${historyLowerBound(instance.startedAt)}::timestamptz
    UNION ALL
    SELECT id, element_id, element_type, started_at, NULL, NULL FROM process.element_instance WHERE instance_id = ${instance.id}::uuid
    ORDER BY started_at, id`.execute(db);
  return result.rows.map((r) => ({ elementInstanceId: r.id, elementId: r.element_id, elementType: r.element_type, startedAt: r.started_at, endedAt: r.ended_at, outcome: r.outcome }));
}

/**
 * The ended element instances of a case's processes, newest first (the case page's process
 * history). The earliest start of the case's instances is read first and sent as a value: the
 * history query is planned with it, so PostgreSQL prunes every month before it at plan time
 * instead of probing each partition's index (84 months of retention: 84 probes and a slow plan).
 */
export async function listCaseHistory(db: Db, caseId: string, limit: number): Promise<(HistoryEntry & { instanceId: string })[]> {
  const first = await db
    .selectFrom('process.instance')
    .select((eb) => eb.fn.min('started_at').as('from'))
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!first?.from) return [];
  const result = await sql<{ id: string; instance_id: string; element_id: string; element_type: string; started_at: Date; ended_at: Date; outcome: string | null }>`
    SELECT h.id, h.instance_id, h.element_id, h.element_type, h.started_at, h.ended_at, h.outcome FROM process.element_history h
      WHERE h.case_id = ${caseId}::uuid AND h.ended_at >= ${historyLowerBound(first.from as Date)}::timestamptz
      ORDER BY h.started_at DESC, h.id DESC LIMIT ${limit}`.execute(db);
  return result.rows.map((r) => ({
    elementInstanceId: r.id,
    instanceId: r.instance_id,
    elementId: r.element_id,
    elementType: r.element_type,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    outcome: r.outcome,
  }));
}

export interface InstanceFilter {
  caseId?: string;
  processKey?: string;
  state?: InstanceState;
  /** Instances started before this one (keyset paging, newest first). */
  before?: { startedAt: Date; id: string };
  limit: number;
}

export async function listInstances(db: Db, filter: InstanceFilter): Promise<InstanceRecord[]> {
  let query = db.selectFrom('process.instance').selectAll();
  if (filter.caseId) query = query.where('case_id', '=', filter.caseId);
  if (filter.processKey) query = query.where('process_key', '=', filter.processKey);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.before) {
    const { startedAt, id } = filter.before;
    query = query.where((eb) => eb.or([eb('started_at', '<', startedAt), eb.and([eb('started_at', '=', startedAt), eb('id', '<', id)])]));
  }
  const rows = await query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toInstanceRecord);
}
