import type { CommandContext } from '../../platform/commands/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { Problem } from '../../platform/http/problem.ts';
import { scheduleJob, type JobHandlers } from '../../platform/jobs/index.ts';
import { runProcessCommand, type ProcessCommandDeps } from './commands/run-process-command.ts';
import { callHttp, httpRequestOf, type ConnectorResult } from './connectors/http-connector.ts';
import { maintainProcessHistory } from './history-maintenance.ts';
import { PgProcessStore, PROCESS_JOB_KIND } from './store/pg-process-store.ts';

export const PROCESS_MAINTENANCE_JOB_KIND = 'process.history-maintenance';
const PROCESS_ACTOR = 'system:process';

export interface ProcessJobOptions {
  /** Months history, ended instances and tasks are kept (DOCKET_PROCESS_HISTORY_RETENTION_MONTHS). */
  retentionMonths: number;
  /** Upper bound of an HTTP connector call (DOCKET_PROCESS_HTTP_TIMEOUT_MAX_MS). */
  httpMaxTimeoutMs: number;
  process?: ProcessCommandDeps;
  /** For tests: what makes HTTP calls. */
  fetch?: typeof fetch;
}

// A job whose work is gone (the task it timed completed first, the instance was terminated) has
// nothing left to do: it ends as done instead of being retried.
const MOOT_PROBLEMS = new Set(['process-record-not-found', 'process-not-active', 'process-instance-not-found']);

async function unlessMoot(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Problem && MOOT_PROBLEMS.has(error.type)) return;
    throw error;
  }
}

/**
 * Runs one engine job in its claiming transaction, as system:process. An HTTP connector job makes
 * its call here, inside that transaction (bounded by the element's timeout and
 * DOCKET_PROCESS_HTTP_TIMEOUT_MAX_MS), and hands the outcome to the engine; every other job
 * (timers, async continuations, publish-event connectors) is the engine's executeJob.
 */
async function runProcessJob(ctx: CommandContext, jobId: string, options: ProcessJobOptions): Promise<void> {
  const deps = options.process ?? {};
  const store = new PgProcessStore(ctx.tx, ctx.now);
  const record = await store.findJob(jobId);
  if (!record) return;
  if (record.kind === 'connector') {
    const definition = await store.getDefinition(record.definitionId);
    const http = definition?.graph.elements[record.elementId]?.connector;
    if (http?.type === 'http' && http.http) {
      const aggregate = record.instanceId ? await store.loadInstance(record.instanceId) : undefined;
      const local = aggregate?.elementInstances.find((e) => e.id === record.elementInstanceId)?.variables ?? {};
      let result: ConnectorResult;
      try {
        result = await callHttp(httpRequestOf(http.http, record.data, { ...aggregate?.instance.variables, ...local }, options.httpMaxTimeoutMs), options.fetch);
      } catch (error) {
        result = { ok: false, error: (error as Error).message };
      }
      await unlessMoot(() => runProcessCommand(ctx, deps, (engine) => engine.completeConnector({ jobId, result })));
      return;
    }
  }
  await unlessMoot(() => runProcessCommand(ctx, deps, (engine) => engine.executeJob({ jobId })));
}

const nextMaintenanceAt = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 2, 0, 0));
const dayKey = (at: Date) => at.toISOString().slice(0, 10);

export function registerProcessJobs(handlers: JobHandlers, options: ProcessJobOptions): void {
  handlers.register({
    kind: PROCESS_JOB_KIND,
    actor: PROCESS_ACTOR,
    handle: async (ctx, job) => {
      const jobId = (job.payload as { jobId?: unknown } | null)?.jobId;
      if (typeof jobId === 'string') await runProcessJob(ctx, jobId, options);
    },
  });
  handlers.register({
    kind: PROCESS_MAINTENANCE_JOB_KIND,
    actor: PROCESS_ACTOR,
    handle: async (ctx) => {
      await maintainProcessHistory(ctx.tx, { now: ctx.now, retentionMonths: options.retentionMonths });
      const next = nextMaintenanceAt(ctx.now);
      await scheduleJob(ctx.tx, { kind: PROCESS_MAINTENANCE_JOB_KIND, key: dayKey(next), dueAt: next });
    },
  });
}

/**
 * Schedules today's history maintenance (idempotent by day): at server start, so a new install
 * gets its monthly partitions at once and a chain broken by a failed run starts again.
 */
export async function scheduleProcessMaintenance(db: Db, now: Date): Promise<void> {
  await db.transaction().execute((tx) => scheduleJob(tx, { kind: PROCESS_MAINTENANCE_JOB_KIND, key: dayKey(now), dueAt: now }));
}
