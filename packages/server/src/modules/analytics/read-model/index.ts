import type { Db } from '../../../platform/db/database.ts';

/**
 * Rebuilds the whole read model (analytics.case_fact, case_daily, task_fact) from the domain
 * tables in one transaction: the specification the incremental projector is tested against, and
 * what tests call after making a history. Returns the number of cases projected.
 * Part A implements it (stub in the contract).
 */
export async function rebuildReadModel(_db: Db): Promise<number> {
  throw new Error('rebuildReadModel: not implemented yet (issue 20, part A)');
}

/**
 * Applies every outbox event the projector has not applied yet, now, and returns how many: what
 * tests call instead of waiting for the worker. Part A implements it (stub in the contract).
 */
export async function catchUpReadModel(_db: Db): Promise<number> {
  throw new Error('catchUpReadModel: not implemented yet (issue 20, part A)');
}
