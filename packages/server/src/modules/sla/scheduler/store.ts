import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { CalendarRef, SlaTargetKind, TargetLevel } from '../model.ts';
import type { FiringKind } from './level-firing.ts';

/** A claimed clock: what firing its levels needs. */
export interface ClaimedTarget {
  id: string;
  caseId: string;
  taskId: string | null;
  key: string;
  kind: SlaTargetKind;
  calendar: CalendarRef;
  budgetSeconds: number;
  consumedSeconds: number;
  levels: TargetLevel[];
  firedLevels: number[];
  runningSince: Date | null;
  dueAt: Date | null;
  overrideDueAt: Date | null;
  atRiskAt: Date | null;
  breachedAt: Date | null;
  nextFireAt: Date;
}

/**
 * Claims up to `limit` running clocks whose next level is due at `now`, oldest first, locked for
 * the caller's transaction. SKIP LOCKED: processes side by side take different rows, and a row a
 * command holds (a case being paused) is taken by the next pass. Under READ COMMITTED a row
 * changed and committed since the statement began is re-checked against the WHERE on its newest
 * version, so a clock paused or already fired in between is not taken.
 */
export async function claimDueTargets(tx: Tx, input: { now: Date; limit: number }): Promise<ClaimedTarget[]> {
  const rows = await tx
    .selectFrom('sla.target')
    .select([
      'id',
      'case_id',
      'task_id',
      'key',
      'kind',
      'calendar_id',
      'calendar_version',
      'budget_seconds',
      'consumed_seconds',
      'levels',
      'fired_levels',
      'running_since',
      'due_at',
      'override_due_at',
      'at_risk_at',
      'breached_at',
      'next_fire_at',
    ])
    .where('next_fire_at', '<=', input.now)
    .where('state', '=', 'running')
    .orderBy('next_fire_at')
    .limit(input.limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    taskId: r.task_id,
    key: r.key,
    kind: r.kind as SlaTargetKind,
    calendar: { calendarId: r.calendar_id, version: r.calendar_version },
    budgetSeconds: Number(r.budget_seconds),
    consumedSeconds: Number(r.consumed_seconds),
    levels: r.levels as TargetLevel[],
    firedLevels: r.fired_levels,
    runningSince: r.running_since,
    dueAt: r.due_at,
    overrideDueAt: r.override_due_at,
    atRiskAt: r.at_risk_at,
    breachedAt: r.breached_at,
    nextFireAt: r.next_fire_at!,
  }));
}

/** Whether any running clock has a level due at `now`: the idle loop's cheap probe (an index lookup). */
export async function hasDueTarget(db: Db | Tx, now: Date): Promise<boolean> {
  const row = await db.selectFrom('sla.target').select('id').where('next_fire_at', '<=', now).where('state', '=', 'running').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** How many running clocks have a level due at `now` (held by another process included). */
export async function countDueTargets(db: Db | Tx, now: Date): Promise<number> {
  const row = await db
    .selectFrom('sla.target')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('next_fire_at', '<=', now)
    .where('state', '=', 'running')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface TargetAfterFiring {
  id: string;
  firedLevels: number[];
  atRiskAt: Date | null;
  breachedAt: Date | null;
  nextFireAt: Date | null;
}

/** One statement for the batch's clocks: the levels fired, the risk instants, the next due level. */
export async function updateFiredTargets(tx: Tx, targets: TargetAfterFiring[], now: Date): Promise<void> {
  if (targets.length === 0) return;
  const batch = JSON.stringify(
    targets.map((t) => ({
      id: t.id,
      fired_levels: t.firedLevels,
      at_risk_at: t.atRiskAt?.toISOString() ?? null,
      breached_at: t.breachedAt?.toISOString() ?? null,
      next_fire_at: t.nextFireAt?.toISOString() ?? null,
    })),
  );
  await sql`
    UPDATE sla.target t
       SET fired_levels = b.fired_levels, at_risk_at = b.at_risk_at, breached_at = b.breached_at, next_fire_at = b.next_fire_at, updated_at = ${now}
      FROM jsonb_to_recordset(${batch}::jsonb) AS b(id uuid, fired_levels integer[], at_risk_at timestamptz, breached_at timestamptz, next_fire_at timestamptz)
     WHERE t.id = b.id`.execute(tx);
}

export interface FiringRow {
  targetId: string;
  level: number;
  caseId: string;
  key: string;
  kind: FiringKind;
  dueAt: Date;
  firedAt: Date;
  late: boolean;
  worker: string;
}

/**
 * The batch's firings, in one statement. The primary key (target, level) holds a level to one
 * firing whatever else went wrong (a clock's fired_levels rewritten by hand): a level already in
 * the history is not inserted again, and only the keys returned fire their effects.
 */
export async function insertFirings(tx: Tx, firings: FiringRow[]): Promise<Set<string>> {
  if (firings.length === 0) return new Set();
  const batch = JSON.stringify(
    firings.map((f) => ({
      target_id: f.targetId,
      level: f.level,
      case_id: f.caseId,
      key: f.key,
      kind: f.kind,
      due_at: f.dueAt.toISOString(),
      fired_at: f.firedAt.toISOString(),
      late: f.late,
      worker: f.worker,
    })),
  );
  const inserted = await sql<{ target_id: string; level: number }>`
    INSERT INTO sla.firing (target_id, level, case_id, key, kind, due_at, fired_at, late, worker)
    SELECT b.target_id, b.level, b.case_id, b.key, b.kind, b.due_at, b.fired_at, b.late, b.worker
      FROM jsonb_to_recordset(${batch}::jsonb) AS b(target_id uuid, level integer, case_id uuid, key text, kind text, due_at timestamptz, fired_at timestamptz, late boolean, worker text)
    ON CONFLICT (target_id, level) DO NOTHING
    RETURNING target_id, level`.execute(tx);
  return new Set(inserted.rows.map((r) => firingKey(r.target_id, r.level)));
}

export const firingKey = (targetId: string, level: number) => `${targetId}:${level}`;

/** A clock whose levels cannot be computed (a calendar version gone): it stops asking to fire. */
export async function clearNextFire(tx: Tx, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.updateTable('sla.target').set({ next_fire_at: null, updated_at: now }).where('id', 'in', ids).execute();
}

// A savepoint per escalation action: a failing one (an unknown queue, a stale case) rolls back
// its own writes, never the batch's firings.
export const actionSavepoint = {
  begin: (tx: Tx) => sql`SAVEPOINT sla_action`.execute(tx),
  release: (tx: Tx) => sql`RELEASE SAVEPOINT sla_action`.execute(tx),
  rollback: (tx: Tx) => sql`ROLLBACK TO SAVEPOINT sla_action`.execute(tx),
};
