import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { QueueRow } from '../model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A queue by id or key, with its direct members and groups; undefined when there is none. */
export async function findQueue(tx: Tx, idOrKey: string): Promise<QueueRow | undefined> {
  const row = await tx
    .selectFrom('routing.queue as q')
    .selectAll('q')
    .select(sql<string[]>`ARRAY(SELECT m.user_id::text FROM routing.queue_member m WHERE m.queue_id = q.id ORDER BY m.user_id)`.as('member_ids'))
    .select(sql<string[]>`ARRAY(SELECT g.group_key FROM routing.queue_group g WHERE g.queue_id = q.id ORDER BY g.group_key)`.as('group_keys'))
    .where(UUID.test(idOrKey) ? 'q.id' : 'q.key', '=', idOrKey)
    .executeTakeFirst();
  return row && toQueueRow(row);
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
