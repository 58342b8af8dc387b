import type { CommandSubscribers } from '../../../platform/commands/index.ts';
import { scheduleJob, type JobHandlers } from '../../../platform/jobs/index.ts';
import { findCaseFactsOrThrow, findCaseTypeStatuses } from '../../cases/index.ts';
import { inspectCase } from './inspect.ts';

/** The job that inspects a case after the command that finished it committed. */
export const QUALITY_INSPECT_JOB_KIND = 'assist.quality-inspect';

export interface QualityInspectJobPayload {
  caseId: string;
}

const FINISHED = new Set(['resolved', 'closed']);

/**
 * Schedules an inspection when a case is finished: its status moves from an unfinished category
 * to resolved or closed (resolved → closed inspects nothing new). The closing command pays one
 * read of the case and its type's statuses (cached) and one insert; the inspection (the tone
 * model, the word cuts, the SLA clocks) runs in the job. Returns the unsubscribe.
 */
export function subscribeQualityInspection(subscribers: CommandSubscribers): () => void {
  return subscribers.subscribeInTransaction('case.status-changed', async (ctx, event) => {
    const { caseId, from, to, version } = event.payload;
    const facts = await findCaseFactsOrThrow(ctx.tx, caseId);
    const categories = new Map((await findCaseTypeStatuses(ctx.tx, facts.caseType, facts.caseTypeVersion)).map((s) => [s.key, s.category]));
    const toCategory = categories.get(to);
    const fromCategory = categories.get(from);
    if (!toCategory || !FINISHED.has(toCategory) || (fromCategory && FINISHED.has(fromCategory))) return;
    const payload: QualityInspectJobPayload = { caseId };
    await scheduleJob(ctx.tx, { kind: QUALITY_INSPECT_JOB_KIND, key: `${caseId}:${version}`, dueAt: ctx.now, payload, maxAttempts: 5 });
  });
}

/**
 * Registers the inspection job: main.ts and tests call it. It runs as system:analytics, which
 * reads every case with its personal data masked — all the checks need — and whose findings
 * feed the analytics figures; a reopened and finished-again case is inspected again.
 */
export function registerQualityJobs(handlers: JobHandlers): void {
  handlers.register({
    kind: QUALITY_INSPECT_JOB_KIND,
    actor: 'system:analytics',
    async handle(ctx, job) {
      await inspectCase(ctx, (job.payload as QualityInspectJobPayload).caseId, 'closed');
    },
  });
}
