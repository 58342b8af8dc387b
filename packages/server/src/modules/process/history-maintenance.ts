import type { Tx } from '../../platform/db/database.ts';
import {
  createHistoryPartition,
  deleteExpiredDefaultHistory,
  deleteExpiredInstances,
  deleteExpiredTasks,
  dropHistoryPartition,
  listHistoryPartitions,
  monthStartUtc,
  withLockTimeout,
} from './store/history-maintenance-store.ts';

/** Months made ahead of the current one, so inserts never wait for a partition to be made. */
const MONTHS_AHEAD = 3;
/** Rows deleted per table per run: a run stays short; a backlog is worked off over the following days (or runs). */
const DELETE_BATCH = 10_000;
const DELETE_BATCHES_PER_RUN = 20;

export interface MaintenanceReport {
  created: string[];
  dropped: string[];
  deletedInstances: number;
  deletedTasks: number;
}

/**
 * Keeps process history bounded (the daily `process.history-maintenance` job): makes the monthly
 * partitions of element_history from last month to MONTHS_AHEAD ahead, drops the partitions
 * wholly older than the retention, and deletes instances and tasks that ended before it.
 */
export async function maintainProcessHistory(tx: Tx, settings: { now: Date; retentionMonths: number }): Promise<MaintenanceReport> {
  const cutoff = new Date(settings.now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - settings.retentionMonths);
  const report: MaintenanceReport = { created: [], dropped: [], deletedInstances: 0, deletedTasks: 0 };

  // DDL waits for the locks of commands writing history; it gives up after a while and the job
  // is retried, rather than queueing every later writer behind it.
  await withLockTimeout(tx, '10s', async () => {
    const existing = await listHistoryPartitions(tx);
    const have = new Set(existing.map((p) => p.month.getTime()));
    for (let offset = -1; offset <= MONTHS_AHEAD; offset++) {
      const month = monthStartUtc(settings.now, offset);
      if (monthStartUtc(month, 1) <= cutoff) continue;
      if (have.has(month.getTime())) continue;
      await createHistoryPartition(tx, month);
      report.created.push(month.toISOString().slice(0, 7));
    }
    for (const partition of existing) {
      if (monthStartUtc(partition.month, 1) <= cutoff) {
        await dropHistoryPartition(tx, partition.name);
        report.dropped.push(partition.name);
      }
    }
  });

  for (let i = 0; i < DELETE_BATCHES_PER_RUN; i++) {
    const history = await deleteExpiredDefaultHistory(tx, cutoff, DELETE_BATCH);
    const instances = await deleteExpiredInstances(tx, cutoff, DELETE_BATCH);
    const tasks = await deleteExpiredTasks(tx, cutoff, DELETE_BATCH);
    report.deletedInstances += instances;
    report.deletedTasks += tasks;
    if (history < DELETE_BATCH && instances < DELETE_BATCH && tasks < DELETE_BATCH) break;
  }
  return report;
}
