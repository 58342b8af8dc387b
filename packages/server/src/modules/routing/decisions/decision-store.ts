import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';

/** The queue a case type version sends new cases to (its default queue), or null. */
export async function findTypeDefaultQueueId(tx: Db | Tx, caseType: string, typeVersion: number | null): Promise<string | null> {
  const row = await sql<{ id: string | null }>`
    SELECT v.default_queue_id AS id FROM cases.case_type_version v
     WHERE v.key = ${caseType}
       AND v.version = COALESCE(${typeVersion}::int, (SELECT t.current_version FROM cases.case_type t WHERE t.key = ${caseType}))`.execute(tx);
  return row.rows[0]?.id ?? null;
}

/** Who holds (or held) this customer's most recently updated other case, updated since `since`. */
export async function findPreviousHandlerId(tx: Db | Tx, customerId: string, exceptCaseId: string | null, since: Date): Promise<string | null> {
  const row = await sql<{ assignee_id: string }>`
    SELECT c.assignee_id FROM cases.case c
     WHERE c.customer_ref = ${customerId} AND c.assignee_id IS NOT NULL AND c.updated_at >= ${since}
       AND (${exceptCaseId}::uuid IS NULL OR c.id <> ${exceptCaseId}::uuid)
     ORDER BY c.updated_at DESC LIMIT 1`.execute(tx);
  return row.rows[0]?.assignee_id ?? null;
}

/** The router's last word on a case: its state row and the boost and priority of its last decision. */
export interface CaseRoutingState {
  queueId: string | null;
  queuedAt: Date | null;
  overflowAt: Date | null;
  lastDecisionId: string | null;
  lastBoost: number;
  lastPriority: string | null;
}

export async function findCaseRoutingState(tx: Db | Tx, caseId: string): Promise<CaseRoutingState | undefined> {
  const row = await sql<{ queue_id: string | null; queued_at: Date | null; overflow_at: Date | null; last_decision_id: string | null; priority_boost: number | null; priority: string | null }>`
    SELECT s.queue_id, s.queued_at, s.overflow_at, s.last_decision_id, d.priority_boost, d.detail->>'priority' AS priority
      FROM routing.case_state s LEFT JOIN routing.decision d ON d.id = s.last_decision_id
     WHERE s.case_id = ${caseId}`.execute(tx);
  const r = row.rows[0];
  return r && { queueId: r.queue_id, queuedAt: r.queued_at, overflowAt: r.overflow_at, lastDecisionId: r.last_decision_id, lastBoost: r.priority_boost ?? 0, lastPriority: r.priority };
}

export interface DecisionInsert {
  id: string;
  caseId: string;
  taskId: string | null;
  trigger: string;
  ruleId: string | null;
  ruleKey: string | null;
  ruleVersion: number | null;
  queueId: string | null;
  previousQueueId: string | null;
  assigneeId: string | null;
  previousAssigneeId: string | null;
  outcome: string;
  strategy: string | null;
  priorityBoost: number;
  detail: Record<string, unknown>;
  reason: string | null;
  actorId: string | null;
  decidedAt: Date;
  durationUs: number | null;
}

export async function insertDecision(tx: Tx, d: DecisionInsert): Promise<void> {
  await tx
    .insertInto('routing.decision')
    .values({
      id: d.id,
      case_id: d.caseId,
      task_id: d.taskId,
      trigger: d.trigger,
      rule_id: d.ruleId,
      rule_key: d.ruleKey,
      rule_version: d.ruleVersion,
      queue_id: d.queueId,
      previous_queue_id: d.previousQueueId,
      assignee_id: d.assigneeId,
      previous_assignee_id: d.previousAssigneeId,
      outcome: d.outcome,
      strategy: d.strategy,
      priority_boost: d.priorityBoost,
      detail: JSON.stringify(d.detail),
      reason: d.reason,
      actor_id: d.actorId,
      decided_at: d.decidedAt,
      duration_us: d.durationUs,
    })
    .execute();
}

/** Where the case stands now: waiting in a queue since when, overflowing when; or held by someone (queuedAt null). */
export async function upsertCaseRoutingState(
  tx: Tx,
  s: { caseId: string; queueId: string | null; queuedAt: Date | null; overflowAt: Date | null; effectivePriority: number; lastDecisionId: string; now: Date },
): Promise<void> {
  await sql`
    INSERT INTO routing.case_state (case_id, queue_id, queued_at, overflow_at, effective_priority, last_decision_id, updated_at)
    VALUES (${s.caseId}, ${s.queueId}, ${s.queuedAt}, ${s.overflowAt}, ${s.effectivePriority}, ${s.lastDecisionId}, ${s.now})
    ON CONFLICT (case_id) DO UPDATE SET queue_id = EXCLUDED.queue_id, queued_at = EXCLUDED.queued_at, overflow_at = EXCLUDED.overflow_at,
      effective_priority = EXCLUDED.effective_priority, last_decision_id = EXCLUDED.last_decision_id, updated_at = EXCLUDED.updated_at`.execute(tx);
}

/** A re-route takes back what the case was offered before. */
export async function withdrawPendingOffers(tx: Tx, caseId: string, now: Date): Promise<number> {
  const result = await tx
    .updateTable('routing.offer')
    .set({ state: 'withdrawn', answered_at: now, reason: 'rerouted' })
    .where('case_id', '=', caseId)
    .where('task_id', 'is', null)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertOffer(
  tx: Tx,
  o: { id: string; caseId: string; taskId: string | null; queueId: string; userId: string; decisionId: string; offeredAt: Date; expiresAt: Date },
): Promise<void> {
  await tx
    .insertInto('routing.offer')
    .values({
      id: o.id,
      case_id: o.caseId,
      task_id: o.taskId,
      queue_id: o.queueId,
      user_id: o.userId,
      decision_id: o.decisionId,
      state: 'pending',
      offered_at: o.offeredAt,
      expires_at: o.expiresAt,
    })
    .execute();
}

/** Whether the queue's supervisors were already told this case found nobody there (told once per case per queue). */
export async function wereSupervisorsTold(tx: Db | Tx, caseId: string, queueId: string): Promise<boolean> {
  const row = await sql<{ told: boolean }>`
    SELECT EXISTS (SELECT 1 FROM routing.decision WHERE case_id = ${caseId} AND queue_id = ${queueId} AND detail @> '{"supervisorsTold": true}') AS told`.execute(tx);
  return row.rows[0]?.told ?? false;
}

export async function setTaskQueueId(tx: Tx, taskId: string, queueId: string | null): Promise<void> {
  await tx.updateTable('process.task').set({ queue_id: queueId }).where('id', '=', taskId).execute();
}

export interface DecisionRow {
  id: string;
  taskId: string | null;
  trigger: string;
  ruleId: string | null;
  ruleKey: string | null;
  ruleVersion: number | null;
  queueId: string | null;
  previousQueueId: string | null;
  assigneeId: string | null;
  previousAssigneeId: string | null;
  outcome: string;
  strategy: string | null;
  priorityBoost: number;
  detail: Record<string, unknown>;
  reason: string | null;
  actorId: string | null;
  decidedAt: Date;
  durationUs: number | null;
}

/** A case's decisions, newest first (decision_case_idx). */
export async function listCaseDecisions(tx: Db | Tx, caseId: string, limit = 200): Promise<DecisionRow[]> {
  const rows = await tx.selectFrom('routing.decision').selectAll().where('case_id', '=', caseId).orderBy('decided_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    taskId: r.task_id,
    trigger: r.trigger,
    ruleId: r.rule_id,
    ruleKey: r.rule_key,
    ruleVersion: r.rule_version,
    queueId: r.queue_id,
    previousQueueId: r.previous_queue_id,
    assigneeId: r.assignee_id,
    previousAssigneeId: r.previous_assignee_id,
    outcome: r.outcome,
    strategy: r.strategy,
    priorityBoost: r.priority_boost,
    detail: (r.detail ?? {}) as Record<string, unknown>,
    reason: r.reason,
    actorId: r.actor_id,
    decidedAt: r.decided_at,
    durationUs: r.duration_us,
  }));
}

export async function findPendingOffer(tx: Db | Tx, caseId: string): Promise<{ id: string; userId: string; expiresAt: Date } | undefined> {
  const row = await tx
    .selectFrom('routing.offer')
    .select(['id', 'user_id', 'expires_at'])
    .where('case_id', '=', caseId)
    .where('state', '=', 'pending')
    .orderBy('offered_at', 'desc')
    .executeTakeFirst();
  return row && { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
}

export async function findQueueRefs(tx: Db | Tx, ids: string[]): Promise<Map<string, { id: string; key: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('routing.queue').select(['id', 'key', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Active people among these ids (the override's assignee must be one). */
export async function findActivePersonIds(tx: Db | Tx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.selectFrom('access.user').select('id').where('id', 'in', ids).where('kind', '=', 'person').where('status', '=', 'active').execute();
  return new Set(rows.map((r) => r.id));
}

/** What the subscriptions look at before routing: the case's type version and where it stands. */
export async function findCaseStanding(tx: Db | Tx, caseId: string): Promise<{ typeKey: string; typeVersion: number; statusCategory: string } | undefined> {
  const row = await tx.selectFrom('cases.case').select(['type_key', 'type_version', 'status_category']).where('id', '=', caseId).executeTakeFirst();
  return row && { typeKey: row.type_key, typeVersion: row.type_version, statusCategory: row.status_category };
}
