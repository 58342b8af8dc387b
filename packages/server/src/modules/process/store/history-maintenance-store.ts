import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';

// The monthly partitions of process.element_history and retention of ended instances and tasks.
// DDL takes no bind parameters: every name and bound spliced in below is built here from a Date.

const PARTITION_NAME = /^element_history_(\d{4})_(\d{2})$/;

export const monthStartUtc = (date: Date, offsetMonths = 0) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offsetMonths, 1));
const partitionName = (month: Date) => `element_history_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
const literal = (date: Date) => `'${date.toISOString()}'`;

export async function listHistoryPartitions(tx: Tx): Promise<{ name: string; month: Date }[]> {
  const result = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'process.element_history'::regclass`.execute(tx);
  return result.rows.flatMap(({ name }) => {
    const match = PARTITION_NAME.exec(name);
    return match ? [{ name, month: new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)) }] : [];
  });
}

/**
 * Makes the partition of one month. Rows of that month that went to the default partition
 * meanwhile move into it first (a partition cannot be attached over rows the default holds).
 */
export async function createHistoryPartition(tx: Tx, month: Date): Promise<void> {
  const name = partitionName(month);
  const from = literal(month);
  const to = literal(monthStartUtc(month, 1));
  await sql.raw(`CREATE TABLE process.${name} (LIKE process.element_history INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`).execute(tx);
  await sql
    .raw(
      `WITH moved AS (DELETE FROM process.element_history_default WHERE ended_at >= ${from} AND ended_at < ${to} RETURNING *)
       INSERT INTO process.${name} SELECT * FROM moved`,
    )
    .execute(tx);
  await sql.raw(`ALTER TABLE process.element_history ATTACH PARTITION process.${name} FOR VALUES FROM (${from}) TO (${to})`).execute(tx);
}

export async function dropHistoryPartition(tx: Tx, name: string): Promise<void> {
  if (!PARTITION_NAME.test(name)) throw new Error(`not a history partition: ${name}`);
  await sql.raw(`DROP TABLE process.${name}`).execute(tx);
}

/** History rows of the default partition that ended before the cut-off (months never made, or past ones). */
export async function deleteExpiredDefaultHistory(tx: Tx, cutoff: Date, limit: number): Promise<number> {
  const result = await sql`
    DELETE FROM process.element_history_default WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM process.element_history_default WHERE ended_at < ${cutoff} LIMIT ${limit}))`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** Instances that ended before the cut-off, with their tasks and incidents; at most `limit` instances. */
export async function deleteExpiredInstances(tx: Tx, cutoff: Date, limit: number): Promise<number> {
  const result = await sql<{ n: number }>`
    WITH gone AS (
      DELETE FROM process.instance WHERE id IN (
        SELECT id FROM process.instance WHERE ended_at < ${cutoff} ORDER BY ended_at LIMIT ${limit})
      RETURNING id
    ), tasks AS (
      DELETE FROM process.task WHERE instance_id IN (SELECT id FROM gone)
    ), incidents AS (
      DELETE FROM process.incident WHERE instance_id IN (SELECT id FROM gone)
    )
    SELECT count(*)::int AS n FROM gone`.execute(tx);
  return result.rows[0]?.n ?? 0;
}

/**
 * Completed and canceled tasks that ended before the cut-off, also of instances still running.
 * A canceled task has no completion time: its creation stands in for it.
 */
export async function deleteExpiredTasks(tx: Tx, cutoff: Date, limit: number): Promise<number> {
  const result = await sql`
    DELETE FROM process.task WHERE id IN (
      SELECT id FROM process.task
      WHERE state <> 'open' AND (completed_at < ${cutoff} OR (completed_at IS NULL AND created_at < ${cutoff}))
      LIMIT ${limit})`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Runs fn with a lock timeout for its DDL, then puts the setting back: the job batch goes on in
 * the same transaction. On a throw the job's savepoint rollback undoes the setting itself.
 */
export async function withLockTimeout<T>(tx: Tx, timeout: string, fn: () => Promise<T>): Promise<T> {
  const before = (await sql<{ v: string }>`SELECT current_setting('lock_timeout') AS v`.execute(tx)).rows[0]!.v;
  await sql`SELECT set_config('lock_timeout', ${timeout}, true)`.execute(tx);
  const result = await fn();
  await sql`SELECT set_config('lock_timeout', ${before}, true)`.execute(tx);
  return result;
}
