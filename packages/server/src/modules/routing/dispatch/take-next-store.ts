import { sql, type Expression, type SqlBool } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import { capacityOf } from './agent-store.ts';
import type { Capacity } from '../model.ts';

/** The order of a queue's head; the same expression as the index case_queue_head_idx (migration 20261209T0400). */
const PRIORITY_RANK = sql`(CASE priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END)`;

export interface QueueHeadCase {
  id: string;
  number: string;
  title: string;
  queueId: string;
  channel: string | null;
  typeKey: string;
}

export interface QueueHeadFilter {
  queueIds: string[];
  /** The reader's record scope (the case list's predicate). */
  visible: Expression<SqlBool>;
  /** Channels and case types the taker is full in: their cases are left for others. */
  skipChannels: string[];
  skipCaseTypes: string[];
}

/**
 * Locks the head of these queues: the unfinished, unassigned case the taker may read, urgent first,
 * then soonest due (SLA), then oldest. SKIP LOCKED: an agent taking at the same time gets the next one.
 */
export async function lockQueueHead(tx: Tx, filter: QueueHeadFilter): Promise<QueueHeadCase | undefined> {
  const result = await sql<{ id: string; number: string; title: string; queue_id: string; channel: string | null; type_key: string }>`
    SELECT id, number, title, queue_id, channel, type_key FROM cases.case
     WHERE queue_id = ANY(${filter.queueIds}::uuid[]) AND assignee_id IS NULL AND status_category IN ('open', 'waiting')
       AND ${filter.visible}
       AND (channel IS NULL OR NOT channel = ANY(${filter.skipChannels}::text[]))
       AND NOT type_key = ANY(${filter.skipCaseTypes}::text[])
     ORDER BY ${PRIORITY_RANK} DESC, due_at ASC NULLS LAST, created_at, id
     LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(tx);
  const row = result.rows[0];
  return row && { id: row.id, number: row.number, title: row.title, queueId: row.queue_id, channel: row.channel, typeKey: row.type_key };
}

/** Whether any case waits in these queues for this reader, whatever their capacity (tells "full" from "empty"). */
export async function hasWaitingCase(tx: Tx, queueIds: string[], visible: Expression<SqlBool>): Promise<boolean> {
  const result = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM cases.case WHERE queue_id = ANY(${queueIds}::uuid[]) AND assignee_id IS NULL AND status_category IN ('open', 'waiting') AND ${visible}) AS found`.execute(tx);
  return result.rows[0]!.found;
}

/** The active queues this person is in, directly or through a group. */
export async function listQueuesOfMember(tx: Tx, userId: string): Promise<{ id: string; key: string; name: string }[]> {
  const result = await sql<{ id: string; key: string; name: string }>`
    SELECT q.id, q.key, q.name FROM routing.queue q
     WHERE q.active AND (q.id IN (SELECT m.queue_id FROM routing.queue_member m WHERE m.user_id = ${userId}::uuid)
        OR q.id IN (SELECT qg.queue_id FROM routing.queue_group qg JOIN access.group_member gm ON gm.group_key = qg.group_key WHERE gm.user_id = ${userId}::uuid))
     ORDER BY q.key`.execute(tx);
  return result.rows;
}

/**
 * Locks the taker's own routing profile until the command commits (two "take next" of one agent
 * in two tabs count their load one after the other) and returns their capacity; undefined without
 * a profile (no limits).
 */
export async function lockOwnProfile(tx: Tx, userId: string): Promise<Capacity | undefined> {
  const result = await sql<{ capacity: unknown }>`SELECT capacity FROM routing.agent_profile WHERE user_id = ${userId}::uuid FOR UPDATE`.execute(tx);
  return result.rows[0] ? capacityOf(result.rows[0].capacity) : undefined;
}
