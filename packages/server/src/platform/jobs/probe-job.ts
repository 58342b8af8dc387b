import type { JobHandlers } from './handlers.ts';
import { notifyProbeRun } from './store.ts';

export const PROBE_JOB_KIND = 'platform.probe';
const MAX_WORK_MS = 5_000;

/**
 * A job that proves the runners work: it waits `payload.workMs` (at most 5 s, a stand-in for
 * real work) and announces its run on the `docket_job_probe` channel when its transaction
 * commits. Operators LISTEN there after scheduling one; the graceful-stop test counts runs.
 */
export function registerProbeJob(handlers: JobHandlers): void {
  handlers.register(PROBE_JOB_KIND, async (job, { tx }) => {
    const workMs = Math.min(Math.max(Number((job.payload as { workMs?: unknown })?.workMs) || 0, 0), MAX_WORK_MS);
    if (workMs > 0) await new Promise((r) => setTimeout(r, workMs));
    await notifyProbeRun(tx, { kind: job.kind, key: job.key, pid: process.pid });
  });
}
