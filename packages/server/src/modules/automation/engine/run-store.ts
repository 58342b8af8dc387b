import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { ActionOutcome, AutomationRun, RunStatus } from './model.ts';

// Every SQL statement on automation.run, and the savepoints the engine runs each action in.

const RUN_COLUMNS = sql`r.id, r.rule_id AS "ruleId", ru.key AS "ruleKey", r.rule_version AS "ruleVersion", r.trigger_kind AS "triggerKind",
  r.trigger_detail AS "triggerDetail", r.subject_type AS "subjectType", r.subject_id AS "subjectId", r.occurrence, r.status, r.detail, r.actions,
  r.depth, r.started_at AS "startedAt", r.finished_at AS "finishedAt"`;

export interface NewRun {
  id: string;
  ruleId: string;
  ruleVersion: number;
  triggerKind: string;
  triggerDetail: string | null;
  subjectType: string;
  subjectId: string | null;
  occurrence: string | null;
  depth: number;
  startedAt: Date;
}

/**
 * The run's row, first of all: with an occurrence, the unique index admits one run per rule,
 * subject and occurrence — a second claim (another job, another process) returns false and does
 * nothing. The status is provisional until finishRun.
 */
export async function claimRun(tx: Tx, run: NewRun): Promise<boolean> {
  const result = await sql`INSERT INTO automation.run (id, rule_id, rule_version, trigger_kind, trigger_detail, subject_type, subject_id, occurrence, status, depth, started_at)
    VALUES (${run.id}::uuid, ${run.ruleId}::uuid, ${run.ruleVersion}, ${run.triggerKind}, ${run.triggerDetail}, ${run.subjectType}, ${run.subjectId}::uuid,
      ${run.occurrence}, 'skipped', ${run.depth}, ${run.startedAt})
    ON CONFLICT DO NOTHING`.execute(tx);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function finishRun(tx: Tx, id: string, end: { status: RunStatus; detail: string | null; actions: ActionOutcome[]; finishedAt: Date }): Promise<void> {
  await sql`UPDATE automation.run SET status = ${end.status}, detail = ${end.detail}, actions = ${JSON.stringify(end.actions)}::jsonb, finished_at = ${end.finishedAt}
    WHERE id = ${id}::uuid`.execute(tx);
}

export async function findRun(tx: Tx | Db, id: string): Promise<AutomationRun | undefined> {
  return (await sql<AutomationRun>`SELECT ${RUN_COLUMNS} FROM automation.run r JOIN automation.rule ru ON ru.id = r.rule_id WHERE r.id = ${id}::uuid`.execute(tx)).rows[0];
}

export async function findRunOfOccurrence(tx: Tx | Db, ruleId: string, subjectId: string | null, occurrence: string): Promise<AutomationRun | undefined> {
  return (
    await sql<AutomationRun>`SELECT ${RUN_COLUMNS} FROM automation.run r JOIN automation.rule ru ON ru.id = r.rule_id
      WHERE r.rule_id = ${ruleId}::uuid AND r.subject_id IS NOT DISTINCT FROM ${subjectId}::uuid AND r.occurrence = ${occurrence}`.execute(tx)
  ).rows[0];
}

export interface RunPageFilter {
  ruleId?: string;
  subjectId?: string;
  status?: RunStatus;
  /** Keyset: the last run of the previous page. */
  before?: { startedAt: Date; id: string };
  limit: number;
}

/** Newest first, on run_rule_idx or run_subject_idx. */
export async function listRuns(tx: Tx | Db, filter: RunPageFilter): Promise<AutomationRun[]> {
  const conditions = [sql`TRUE`];
  if (filter.ruleId) conditions.push(sql`r.rule_id = ${filter.ruleId}::uuid`);
  if (filter.subjectId) conditions.push(sql`r.subject_id = ${filter.subjectId}::uuid`);
  if (filter.status) conditions.push(sql`r.status = ${filter.status}`);
  if (filter.before) conditions.push(sql`(r.started_at, r.id) < (${filter.before.startedAt}, ${filter.before.id}::uuid)`);
  return (
    await sql<AutomationRun>`SELECT ${RUN_COLUMNS} FROM automation.run r JOIN automation.rule ru ON ru.id = r.rule_id
      WHERE ${sql.join(conditions, sql` AND `)} ORDER BY r.started_at DESC, r.id DESC LIMIT ${filter.limit}`.execute(tx)
  ).rows;
}

// One savepoint per action: a failing action's writes roll back alone and the run goes on.
export const actionSavepoint = {
  begin: (tx: Tx) => sql`SAVEPOINT automation_action`.execute(tx),
  release: (tx: Tx) => sql`RELEASE SAVEPOINT automation_action`.execute(tx),
  rollback: (tx: Tx) => sql`ROLLBACK TO SAVEPOINT automation_action`.execute(tx),
};

// A dry-run runs the rule for real inside this savepoint and rolls it back.
export const dryRunSavepoint = {
  begin: (tx: Tx) => sql`SAVEPOINT automation_dry_run`.execute(tx),
  rollback: (tx: Tx) => sql`ROLLBACK TO SAVEPOINT automation_dry_run`.execute(tx),
};
