import { isUuid } from '../../../platform/ids/ids.ts';
import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';

type Executor = Db | Tx;

/** An out-of-office rule: while active, tasks given to `userId` go to `delegateId` (owner = userId). */
export interface OutOfOfficeRule {
  id: string;
  userId: string;
  delegateId: string;
  startsAt: Date;
  endsAt: Date;
  /** null: every process. */
  processKeys: string[] | null;
  reason: string | null;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

interface RuleSelect {
  id: string;
  user_id: string;
  delegate_id: string;
  starts_at: Date;
  ends_at: Date;
  process_keys: string[] | null;
  reason: string | null;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

function toRule(r: RuleSelect): OutOfOfficeRule {
  return {
    id: r.id,
    userId: r.user_id,
    delegateId: r.delegate_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    processKeys: r.process_keys,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}

export async function insertOutOfOffice(tx: Tx, rule: OutOfOfficeRule): Promise<void> {
  await tx
    .insertInto('process.out_of_office')
    .values({
      id: rule.id,
      user_id: rule.userId,
      delegate_id: rule.delegateId,
      starts_at: rule.startsAt,
      ends_at: rule.endsAt,
      process_keys: rule.processKeys,
      reason: rule.reason,
      created_by: rule.createdBy,
      created_at: rule.createdAt,
      revoked_at: null,
    })
    .execute();
}

/** One person's rules, the latest start first; ended and revoked ones too (recent first), at most `limit`. */
export async function listOutOfOffice(tx: Executor, userId: string, limit: number): Promise<OutOfOfficeRule[]> {
  const rows = await tx.selectFrom('process.out_of_office').selectAll().where('user_id', '=', userId).orderBy('starts_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((r) => toRule(r as RuleSelect));
}

export async function findOutOfOffice(tx: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<OutOfOfficeRule | undefined> {
  let query = tx.selectFrom('process.out_of_office').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toRule(row as RuleSelect);
}

export async function revokeOutOfOffice(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.updateTable('process.out_of_office').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Serialises rule changes of one person, so two overlapping rules cannot both pass the overlap check. */
export async function lockOutOfOfficeOf(tx: Tx, userId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`process.out_of_office:${userId}`}))`.execute(tx);
}

/**
 * A live rule of the person (not revoked, not ended by `now`) whose time overlaps [startsAt, endsAt)
 * and whose processes meet `processKeys` (null on either side: every process).
 */
export async function findOverlappingOutOfOffice(tx: Executor, input: { userId: string; startsAt: Date; endsAt: Date; processKeys: string[] | null; now: Date }): Promise<OutOfOfficeRule | undefined> {
  const result = await sql<RuleSelect>`
    SELECT * FROM process.out_of_office
     WHERE user_id = ${input.userId}::uuid AND revoked_at IS NULL AND ends_at > ${input.now}
       AND starts_at < ${input.endsAt} AND ${input.startsAt} < ends_at
       AND (process_keys IS NULL OR ${input.processKeys}::text[] IS NULL OR process_keys && ${input.processKeys}::text[])
     ORDER BY starts_at LIMIT 1`.execute(tx);
  return result.rows[0] && toRule(result.rows[0]);
}

/** The person's rule active at `at` for the process (none revoked; starts_at <= at < ends_at). */
export async function findActiveOutOfOffice(tx: Executor, userId: string, processKey: string, at: Date): Promise<OutOfOfficeRule | undefined> {
  // A model may name anyone as assignee (a username, an external id): only a user id can be away.
  if (!isUuid(userId)) return undefined;
  const result = await sql<RuleSelect>`
    SELECT * FROM process.out_of_office
     WHERE user_id = ${userId}::uuid AND revoked_at IS NULL AND ends_at > ${at} AND starts_at <= ${at}
       AND (process_keys IS NULL OR ${processKey} = ANY(process_keys))
     ORDER BY starts_at DESC, id LIMIT 1`.execute(tx);
  return result.rows[0] && toRule(result.rows[0]);
}
