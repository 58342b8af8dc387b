import type { Tx } from '../db/database.ts';
import { cancelPendingJob, insertJob, insertJobs, updatePendingJobDueAt } from './store.ts';

const KIND = /^[a-z][a-z0-9.:-]{0,99}$/;

export interface JobToSchedule {
  /** What runs it: the handler registered for this kind ('sla.deadline', 'process.timer'). */
  kind: string;
  /** Idempotency key within the kind: scheduling the same (kind, key) again does nothing. */
  key: string;
  dueAt: Date;
  /** Ids and names only: payloads are stored in clear and shown to operators. */
  payload?: unknown;
  /** @default 10 */
  maxAttempts?: number;
}

function checkJob(job: { kind: string; key: string }) {
  if (!KIND.test(job.kind)) throw new Error(`job kind ${JSON.stringify(job.kind)} must be lower-case letters, digits and . : -`);
  if (job.key.length < 1 || job.key.length > 300) throw new Error('a job key has 1 to 300 characters');
}

/**
 * Schedules a job inside the caller's transaction: it exists only if the command commits.
 * Returns false when a job of this kind and key was already scheduled (whatever its state).
 */
export async function scheduleJob(tx: Tx, job: JobToSchedule): Promise<{ scheduled: boolean }> {
  checkJob(job);
  if (job.maxAttempts !== undefined && (!Number.isInteger(job.maxAttempts) || job.maxAttempts < 1)) throw new Error('maxAttempts is a positive integer');
  return { scheduled: await insertJob(tx, { ...job, payload: job.payload ?? {} }) };
}

/**
 * Schedules many jobs in one statement (a daily scan's thousands of runs), with scheduleJob's
 * idempotency: a (kind, key) already scheduled is left as it is. Returns how many were new.
 */
export async function scheduleJobs(tx: Tx, jobs: JobToSchedule[]): Promise<{ scheduled: number }> {
  for (const job of jobs) {
    checkJob(job);
    if (job.maxAttempts !== undefined && (!Number.isInteger(job.maxAttempts) || job.maxAttempts < 1)) throw new Error('maxAttempts is a positive integer');
  }
  return { scheduled: await insertJobs(tx, jobs) };
}

/** Moves a pending job to a new due time (a paused SLA clock resumes); false if it is not pending. */
export async function rescheduleJob(tx: Tx, job: { kind: string; key: string; dueAt: Date }): Promise<boolean> {
  checkJob(job);
  return updatePendingJobDueAt(tx, job);
}

/** Cancels a pending job; false if it already ran, failed or was cancelled. */
export async function cancelJob(tx: Tx, job: { kind: string; key: string; now: Date }): Promise<boolean> {
  checkJob(job);
  return cancelPendingJob(tx, job);
}
