import type { Db, Tx } from '../../../platform/db/database.ts';
import type { CasePriority } from '../../cases/index.ts';
import type { SlaTargetKind, SlaTargetRecord, SlaTargetState, TargetLevel } from '../model.ts';

/** Every SQL statement of the clocks on sla.target (and the few reads of policies and calendars they need). */

type TargetRow = {
  id: string;
  case_id: string;
  task_id: string | null;
  key: string;
  kind: string;
  attempt: number;
  policy_id: string | null;
  policy_version: number | null;
  calendar_id: string;
  calendar_version: number;
  priority: string;
  budget_seconds: number | string;
  consumed_seconds: number | string;
  pause_statuses: string[];
  levels: unknown;
  fired_levels: number[];
  state: string;
  started_at: Date;
  running_since: Date | null;
  due_at: Date | null;
  next_fire_at: Date | null;
  at_risk_at: Date | null;
  breached_at: Date | null;
  stopped_at: Date | null;
  elapsed_seconds: number | string | null;
  override_due_at: Date | null;
  override_reason: string | null;
  override_by: string | null;
};

function toRecord(row: TargetRow): SlaTargetRecord {
  return {
    id: row.id,
    caseId: row.case_id,
    taskId: row.task_id,
    key: row.key,
    kind: row.kind as SlaTargetKind,
    attempt: row.attempt,
    policyId: row.policy_id,
    policyVersion: row.policy_version,
    calendar: { calendarId: row.calendar_id, version: row.calendar_version },
    priority: row.priority as CasePriority,
    budgetSeconds: Number(row.budget_seconds),
    consumedSeconds: Number(row.consumed_seconds),
    pauseStatuses: row.pause_statuses,
    levels: row.levels as TargetLevel[],
    firedLevels: row.fired_levels,
    state: row.state as SlaTargetState,
    startedAt: row.started_at,
    runningSince: row.running_since,
    dueAt: row.due_at,
    nextFireAt: row.next_fire_at,
    atRiskAt: row.at_risk_at,
    breachedAt: row.breached_at,
    stoppedAt: row.stopped_at,
    elapsedSeconds: row.elapsed_seconds === null ? null : Number(row.elapsed_seconds),
    override: row.override_due_at ? { dueAt: row.override_due_at, reason: row.override_reason ?? '', by: row.override_by ?? '' } : null,
  };
}

export async function insertTarget(tx: Tx, t: SlaTargetRecord, now: Date): Promise<void> {
  await tx
    .insertInto('sla.target')
    .values({
      id: t.id,
      case_id: t.caseId,
      task_id: t.taskId,
      key: t.key,
      kind: t.kind,
      attempt: t.attempt,
      policy_id: t.policyId,
      policy_version: t.policyVersion,
      calendar_id: t.calendar.calendarId,
      calendar_version: t.calendar.version,
      priority: t.priority,
      budget_seconds: t.budgetSeconds,
      consumed_seconds: t.consumedSeconds,
      pause_statuses: t.pauseStatuses,
      levels: JSON.stringify(t.levels),
      fired_levels: t.firedLevels,
      state: t.state,
      started_at: t.startedAt,
      running_since: t.runningSince,
      due_at: t.dueAt,
      next_fire_at: t.nextFireAt,
      at_risk_at: t.atRiskAt,
      breached_at: t.breachedAt,
      stopped_at: t.stoppedAt,
      elapsed_seconds: t.elapsedSeconds,
      override_due_at: t.override?.dueAt ?? null,
      override_reason: t.override?.reason ?? null,
      override_by: t.override?.by ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** Writes a clock's changing columns back (state, budget, times, override). */
export async function saveTarget(tx: Tx, t: SlaTargetRecord, now: Date): Promise<void> {
  await tx
    .updateTable('sla.target')
    .set({
      calendar_id: t.calendar.calendarId,
      calendar_version: t.calendar.version,
      priority: t.priority,
      budget_seconds: t.budgetSeconds,
      consumed_seconds: t.consumedSeconds,
      fired_levels: t.firedLevels,
      state: t.state,
      running_since: t.runningSince,
      due_at: t.dueAt,
      next_fire_at: t.nextFireAt,
      at_risk_at: t.atRiskAt,
      breached_at: t.breachedAt,
      stopped_at: t.stoppedAt,
      elapsed_seconds: t.elapsedSeconds,
      override_due_at: t.override?.dueAt ?? null,
      override_reason: t.override?.reason ?? null,
      override_by: t.override?.by ?? null,
      updated_at: now,
    })
    .where('id', '=', t.id)
    .execute();
}

/** The open (running or paused) clocks of a case, locked: two commands on one case change its clocks one after the other. */
export async function findOpenTargetsOfCase(tx: Tx, caseId: string): Promise<SlaTargetRecord[]> {
  const rows = await tx.selectFrom('sla.target').selectAll().where('case_id', '=', caseId).where('state', 'in', ['running', 'paused']).orderBy('started_at').orderBy('id').forUpdate().execute();
  return rows.map((r) => toRecord(r as TargetRow));
}

/** Every clock of a case, open and stopped: the case's SLA view. */
export async function findTargetsOfCase(tx: Db | Tx, caseId: string): Promise<SlaTargetRecord[]> {
  const rows = await tx.selectFrom('sla.target').selectAll().where('case_id', '=', caseId).orderBy('started_at').orderBy('attempt').orderBy('id').execute();
  return rows.map((r) => toRecord(r as TargetRow));
}

export async function findOpenTargetsOfTask(tx: Tx, taskId: string): Promise<SlaTargetRecord[]> {
  const rows = await tx.selectFrom('sla.target').selectAll().where('task_id', '=', taskId).where('state', 'in', ['running', 'paused']).forUpdate().execute();
  return rows.map((r) => toRecord(r as TargetRow));
}

/** Open clocks bound to some versions of a calendar (a correction moves them), locked. */
export async function findOpenTargetsOnCalendarVersions(tx: Tx, calendarId: string, versions: number[]): Promise<SlaTargetRecord[]> {
  if (versions.length === 0) return [];
  const rows = await tx
    .selectFrom('sla.target')
    .selectAll()
    .where('calendar_id', '=', calendarId)
    .where('calendar_version', 'in', versions)
    .where('state', 'in', ['running', 'paused'])
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => toRecord(r as TargetRow));
}

/** The highest attempt of a key on a case (0: none yet). */
export async function findLastAttempt(tx: Tx, caseId: string, key: string): Promise<number> {
  const row = await tx
    .selectFrom('sla.target')
    .select((eb) => eb.fn.max('attempt').as('attempt'))
    .where('case_id', '=', caseId)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(row?.attempt ?? 0);
}

/** The latest clock of a case with a policy, preferring resolution clocks: the policy bound to the case. */
export async function findBoundPolicyRef(tx: Tx, caseId: string): Promise<{ policyId: string; version: number } | undefined> {
  const rows = await tx
    .selectFrom('sla.target')
    .select(['policy_id', 'policy_version', 'kind'])
    .where('case_id', '=', caseId)
    .where('policy_id', 'is not', null)
    .orderBy('started_at', 'desc')
    .orderBy('attempt', 'desc')
    .execute();
  const row = rows.find((r) => r.kind === 'resolution') ?? rows[0];
  return row?.policy_id && row.policy_version !== null ? { policyId: row.policy_id, version: row.policy_version } : undefined;
}

/** Names of policies and calendars for the case view. */
export async function findPolicyAndCalendarNames(tx: Db | Tx, policyIds: string[], calendarIds: string[]) {
  const policies = policyIds.length > 0 ? await tx.selectFrom('sla.policy').select(['id', 'key', 'name']).where('id', 'in', policyIds).execute() : [];
  const calendars = calendarIds.length > 0 ? await tx.selectFrom('sla.calendar').select(['id', 'key', 'name']).where('id', 'in', calendarIds).execute() : [];
  return { policies: new Map(policies.map((p) => [p.id, p])), calendars: new Map(calendars.map((c) => [c.id, c])) };
}

/** Whether any policy is enabled: a case created while none is skips the matching altogether (bulk loads). */
export async function hasEnabledPolicy(tx: Db | Tx): Promise<boolean> {
  return (await tx.selectFrom('sla.policy').select('id').where('enabled', '=', true).limit(1).executeTakeFirst()) !== undefined;
}
