import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { DispatchMode, QueueRow, RoutingStrategy } from '../model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function selectQueues(tx: Db | Tx) {
  return tx
    .selectFrom('routing.queue as q')
    .selectAll('q')
    .select(sql<string[]>`ARRAY(SELECT m.user_id::text FROM routing.queue_member m WHERE m.queue_id = q.id ORDER BY m.user_id)`.as('member_ids'))
    .select(sql<string[]>`ARRAY(SELECT g.group_key FROM routing.queue_group g WHERE g.queue_id = q.id ORDER BY g.group_key)`.as('group_keys'));
}

/** A queue by id or key, with its direct members and groups; undefined when there is none. */
export async function findQueue(tx: Db | Tx, idOrKey: string): Promise<QueueRow | undefined> {
  const row = await selectQueues(tx)
    .where(UUID.test(idOrKey) ? 'q.id' : 'q.key', '=', idOrKey)
    .executeTakeFirst();
  return row && toQueueRow(row);
}

export interface QueueListFilter {
  /** Only queues this person is in, directly or through one of their groups. */
  memberUserId?: string;
  activeOnly?: boolean;
}

/** Queues in key order, each with its members and groups, in one query. */
export async function listQueues(tx: Db | Tx, filter: QueueListFilter = {}): Promise<QueueRow[]> {
  let query = selectQueues(tx);
  if (filter.memberUserId) query = query.where(sql<boolean>`q.id IN (${queueIdsOfUserSql(filter.memberUserId)})`);
  if (filter.activeOnly) query = query.where('q.active', '=', true);
  return (await query.orderBy('q.key').execute()).map(toQueueRow);
}

/** The ids of the queues a person is in: direct members ∪ members of the queue's groups. */
export function queueIdsOfUserSql(userId: string) {
  return sql`SELECT m.queue_id FROM routing.queue_member m WHERE m.user_id = ${userId}::uuid
             UNION SELECT qg.queue_id FROM routing.queue_group qg JOIN access.group_member gm ON gm.group_key = qg.group_key WHERE gm.user_id = ${userId}::uuid`;
}

export interface QueueValues {
  name: string;
  description: string | null;
  departmentId: string | null;
  caseTypes: string[];
  channels: string[];
  strategy: RoutingStrategy;
  mode: DispatchMode;
  offerTimeoutSeconds: number | null;
  overflowQueueId: string | null;
  overflowAfterSeconds: number | null;
  calendarKey: string | null;
  active: boolean;
}

const columnsOf = (v: QueueValues) => ({
  name: v.name,
  description: v.description,
  department_id: v.departmentId,
  case_types: v.caseTypes,
  channels: v.channels,
  strategy: v.strategy,
  mode: v.mode,
  offer_timeout_seconds: v.offerTimeoutSeconds,
  overflow_queue_id: v.overflowQueueId,
  overflow_after_seconds: v.overflowAfterSeconds,
  calendar_key: v.calendarKey,
  active: v.active,
});

/** Inserts a queue unless its key is taken (a concurrent create included): false when it was. */
export async function insertQueue(tx: Tx, id: string, key: string, values: QueueValues, now: Date): Promise<boolean> {
  const row = await tx
    .insertInto('routing.queue')
    .values({ id, key, ...columnsOf(values), version: 1, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Optimistic concurrency: applies only if the queue is still at expectedVersion; false otherwise. */
export async function updateQueueIfVersion(tx: Tx, id: string, expectedVersion: number, values: QueueValues, now: Date): Promise<boolean> {
  const row = await tx
    .updateTable('routing.queue')
    .set({ ...columnsOf(values), version: sql`version + 1`, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Replaces the direct members and the groups of a queue. */
export async function setQueueMembers(tx: Tx, queueId: string, memberIds: string[], groupKeys: string[]): Promise<void> {
  await sql`DELETE FROM routing.queue_member WHERE queue_id = ${queueId} AND NOT (user_id = ANY(${memberIds}::uuid[]))`.execute(tx);
  await sql`INSERT INTO routing.queue_member (queue_id, user_id) SELECT ${queueId}, u FROM unnest(${memberIds}::uuid[]) u ON CONFLICT DO NOTHING`.execute(tx);
  await sql`DELETE FROM routing.queue_group WHERE queue_id = ${queueId} AND NOT (group_key = ANY(${groupKeys}::text[]))`.execute(tx);
  await sql`INSERT INTO routing.queue_group (queue_id, group_key) SELECT ${queueId}, g FROM unnest(${groupKeys}::text[]) g ON CONFLICT DO NOTHING`.execute(tx);
}

type QueueSelect = {
  id: string;
  key: string;
  name: string;
  description: string | null;
  department_id: string | null;
  case_types: string[];
  channels: string[];
  strategy: string;
  mode: string;
  offer_timeout_seconds: number | null;
  overflow_queue_id: string | null;
  overflow_after_seconds: number | null;
  calendar_key: string | null;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  member_ids: string[];
  group_keys: string[];
};

export function toQueueRow(row: QueueSelect): QueueRow {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    departmentId: row.department_id,
    memberIds: row.member_ids,
    groupKeys: row.group_keys,
    caseTypes: row.case_types,
    channels: row.channels,
    strategy: row.strategy as QueueRow['strategy'],
    mode: row.mode as QueueRow['mode'],
    offerTimeoutSeconds: row.offer_timeout_seconds,
    overflowQueueId: row.overflow_queue_id,
    overflowAfterSeconds: row.overflow_after_seconds,
    calendarKey: row.calendar_key,
    active: row.active,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
