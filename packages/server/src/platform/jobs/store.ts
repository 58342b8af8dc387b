import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { Job } from './handlers.ts';

export interface JobRow extends Job {
  maxAttempts: number;
}

export async function insertJob(tx: Tx, job: { kind: string; key: string; dueAt: Date; payload: unknown; maxAttempts?: number }): Promise<boolean> {
  const inserted = await tx
    .insertInto('platform.job')
    .values({ kind: job.kind, key: job.key, due_at: job.dueAt, payload: JSON.stringify(job.payload ?? {}), ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}) })
    .onConflict((oc) => oc.columns(['kind', 'key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Many jobs in one statement; those whose (kind, key) exists are left as they are. Returns how many were new. */
export async function insertJobs(tx: Tx, jobs: { kind: string; key: string; dueAt: Date; payload?: unknown; maxAttempts?: number }[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const { rows } = await sql<{ id: number }>`
    INSERT INTO platform.job (kind, key, due_at, payload, max_attempts)
    SELECT j.kind, j.key, j.due_at, j.payload, j.max_attempts
      FROM unnest(${jobs.map((j) => j.kind)}::text[], ${jobs.map((j) => j.key)}::text[], ${jobs.map((j) => j.dueAt.toISOString())}::timestamptz[],
                  ${jobs.map((j) => JSON.stringify(j.payload ?? {}))}::jsonb[], ${jobs.map((j) => j.maxAttempts ?? 10)}::int[]) AS j(kind, key, due_at, payload, max_attempts)
    ON CONFLICT (kind, key) DO NOTHING
    RETURNING id`.execute(tx);
  return rows.length;
}

/** Moves a pending job's due time; a job that ran, failed or was cancelled stays as it is. */
export async function updatePendingJobDueAt(tx: Tx, job: { kind: string; key: string; dueAt: Date }): Promise<boolean> {
  const result = await tx.updateTable('platform.job').set({ due_at: job.dueAt }).where('kind', '=', job.kind).where('key', '=', job.key).where('state', '=', 'pending').executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function cancelPendingJob(tx: Tx, job: { kind: string; key: string; now: Date }): Promise<boolean> {
  const result = await tx
    .updateTable('platform.job')
    .set({ state: 'cancelled', finished_at: job.now })
    .where('kind', '=', job.kind)
    .where('key', '=', job.key)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// SKIP LOCKED: rows another runner holds are passed over, not waited for, so N processes each
// take a different batch. The locks last until the claiming transaction ends (commit or death).
export async function claimDueJobs(tx: Tx, claim: { kinds: string[]; now: Date; limit: number }): Promise<JobRow[]> {
  const rows = await tx
    .selectFrom('platform.job')
    .select(['id', 'kind', 'key', 'due_at', 'payload', 'attempts', 'max_attempts'])
    .where('state', '=', 'pending')
    .where('due_at', '<=', claim.now)
    .where('kind', '=', sql<string>`ANY(${claim.kinds}::text[])`)
    .orderBy('due_at')
    .orderBy('id')
    .limit(claim.limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, key: r.key, dueAt: r.due_at, payload: r.payload, attempts: r.attempts, maxAttempts: r.max_attempts }));
}

export async function countDueJobs(db: Db, due: { kinds: string[]; now: Date }): Promise<number> {
  const row = await db
    .selectFrom('platform.job')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('state', '=', 'pending')
    .where('due_at', '<=', due.now)
    .where('kind', '=', sql<string>`ANY(${due.kinds}::text[])`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markJobsDone(tx: Tx, jobs: { ids: number[]; now: Date }): Promise<void> {
  if (jobs.ids.length === 0) return;
  await tx
    .updateTable('platform.job')
    .set((eb) => ({ state: 'done', attempts: eb('attempts', '+', 1), finished_at: jobs.now, last_error: null }))
    .where('id', '=', sql<number>`ANY(${jobs.ids}::bigint[])`)
    .execute();
}

/** A failed attempt: due again at `retryAt`, or failed for good when there is none. */
export async function markJobAttemptFailed(tx: Tx, job: { id: number; attempts: number; error: string; retryAt?: Date; now: Date }): Promise<void> {
  await tx
    .updateTable('platform.job')
    .set(job.retryAt ? { attempts: job.attempts, last_error: job.error, due_at: job.retryAt } : { attempts: job.attempts, last_error: job.error, state: 'failed', finished_at: job.now })
    .where('id', '=', job.id)
    .execute();
}

// A savepoint per job: one handler's failure rolls back its own writes, not the batch's.
export const savepoint = {
  begin: (tx: Tx) => sql`SAVEPOINT docket_job`.execute(tx),
  release: (tx: Tx) => sql`RELEASE SAVEPOINT docket_job`.execute(tx),
  rollback: (tx: Tx) => sql`ROLLBACK TO SAVEPOINT docket_job`.execute(tx),
};

// NOTIFY is transactional: listeners hear it only if the job's transaction commits, so each
// committed run of a probe is heard exactly once.
export async function notifyProbeRun(tx: Tx, run: { kind: string; key: string; pid: number }): Promise<void> {
  await sql`SELECT pg_notify('docket_job_probe', ${JSON.stringify(run)})`.execute(tx);
}
