import type { JobHandlers } from './handlers.ts';
import { notifyProbeRun } from './store.ts';

export const PROBE_JOB_KIND = 'platform.probe';
const MAX_WORK_MS = 5_000;

/**
 * A job that proves the runners work: it waits `payload.workMs` (at most 5 s, a stand-in for
 * real work) and announces its run on the `docket_job_probe` channel when its transaction
 * commits. Operators LISTEN there after scheduling one; the graceful-stop test counts runs.
 * It acts as system:process, which every install has; it changes nothing, so needs no grant.
 */
export function registerProbeJob(handlers: JobHandlers): void {
  handlers.register({
    kind: PROBE_JOB_KIND,
    actor: 'system:process',
    async handle(ctx, job) {
      const workMs = Math.min(Math.max(Number((job.payload as { workMs?: unknown })?.workMs) || 0, 0), MAX_WORK_MS);
      if (workMs > 0) await new Promise((r) => setTimeout(r, workMs));
      await notifyProbeRun(ctx.tx, { kind: job.kind, key: job.key, pid: process.pid });
    },
  });
}
