import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { rebuildAll } from './projection-store.ts';
import { catchUp } from './projector.ts';

export { createReadModelProjector, READ_MODEL_SUBSCRIBER, READ_MODEL_EVENT_TYPES } from './projector.ts';
export { rollUpDailyFromFacts } from './projection-store.ts';

/**
 * Rebuilds the whole read model (analytics.case_fact, case_daily, task_fact) from the domain
 * tables in one transaction: the specification the incremental projector is tested against, and
 * what tests call after making a history. Deterministic: the same domain rows give the same facts
 * (projected_at aside). Returns the number of cases projected.
 */
export async function rebuildReadModel(db: Db, options: { now?: Date; rebuiltBy?: string | null } = {}): Promise<number> {
  const now = options.now ?? new Date();
  return db.transaction().execute(async (tx) => {
    const cases = await rebuildAll(tx, now);
    await sql`UPDATE analytics.projector_state SET rebuilt_at = ${now.toISOString()}::timestamptz, rebuilt_by = ${options.rebuiltBy ?? null}::uuid`.execute(tx);
    return cases;
  });
}

/**
 * At a process's start: a read model never built (a new installation, or one upgraded to issue
 * 20 with cases already there) is rebuilt once; the projector then follows the outbox. Several
 * processes starting together rebuild it once (the check runs under the read model's lock).
 */
export async function rebuildIfNeverBuilt(db: Db, now: Date): Promise<number | undefined> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('analytics-read-model'))`.execute(tx);
    const state = await sql<{ rebuilt_at: Date | null }>`SELECT rebuilt_at FROM analytics.projector_state LIMIT 1`.execute(tx);
    if (state.rows[0]?.rebuilt_at) return undefined;
    const cases = await rebuildAll(tx, now);
    await sql`UPDATE analytics.projector_state SET rebuilt_at = ${now.toISOString()}::timestamptz, rebuilt_by = NULL`.execute(tx);
    return cases;
  });
}

/**
 * Applies every outbox event the projector has not applied yet, now, and returns how many: what
 * tests call instead of waiting for the worker.
 */
export async function catchUpReadModel(db: Db): Promise<number> {
  return catchUp(db);
}
