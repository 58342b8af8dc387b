import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import type { QueueValues } from './queue-store.ts';

export interface QueueReferences extends QueueValues {
  memberIds: string[];
  groupKeys: string[];
}

const unknown = (field: string, what: string, values: string[]): FieldError => ({
  field,
  reason: `no such ${what}: ${values.join(', ')}`,
  code: 'unknown-reference',
  params: { value: values.join(', ') },
});

/**
 * What a queue names must exist: its members (people), groups, department, case types, overflow
 * queue and working calendar; and its overflow must lead somewhere else. All looked up in one
 * statement. `queueId` is the queue being changed (null on create).
 */
export async function findQueueProblems(tx: Tx, queueId: string | null, q: QueueReferences): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (q.overflowAfterSeconds !== null && q.overflowQueueId === null) {
    errors.push({ field: 'overflowAfterSeconds', reason: 'needs overflowQueueId: the queue a waiting case moves to', code: 'not-allowed' });
  }
  if (queueId !== null && q.overflowQueueId === queueId) errors.push({ field: 'overflowQueueId', reason: 'must be another queue', code: 'invalid' });
  const { rows } = await sql<{
    members: string[];
    groups: string[];
    department: boolean;
    case_types: string[];
    overflow: boolean;
    overflow_cycle: boolean;
    calendar: boolean;
  }>`
    SELECT
      ARRAY(SELECT x::text FROM unnest(${q.memberIds}::uuid[]) x
             WHERE NOT EXISTS (SELECT 1 FROM access.user u WHERE u.id = x AND u.kind = 'person')) AS members,
      ARRAY(SELECT x FROM unnest(${q.groupKeys}::text[]) x WHERE NOT EXISTS (SELECT 1 FROM access.group g WHERE g.key = x)) AS groups,
      (${q.departmentId}::uuid IS NULL OR EXISTS (SELECT 1 FROM access.department d WHERE d.id = ${q.departmentId}::uuid)) AS department,
      ARRAY(SELECT x FROM unnest(${q.caseTypes}::text[]) x WHERE NOT EXISTS (SELECT 1 FROM cases.case_type t WHERE t.key = x)) AS case_types,
      (${q.overflowQueueId}::uuid IS NULL OR EXISTS (SELECT 1 FROM routing.queue o WHERE o.id = ${q.overflowQueueId}::uuid)) AS overflow,
      -- Following the overflow chain from the new overflow queue must not lead back here.
      (${queueId}::uuid IS NOT NULL AND EXISTS (
        WITH RECURSIVE chain(id, depth) AS (
          SELECT ${q.overflowQueueId}::uuid, 1
          UNION ALL SELECT o.overflow_queue_id, c.depth + 1 FROM chain c JOIN routing.queue o ON o.id = c.id WHERE o.overflow_queue_id IS NOT NULL AND c.depth < 100
        ) SELECT 1 FROM chain WHERE id = ${queueId}::uuid)) AS overflow_cycle,
      (${q.calendarKey}::text IS NULL OR EXISTS (SELECT 1 FROM sla.calendar c WHERE c.key = ${q.calendarKey}::text)) AS calendar`.execute(tx);
  const found = rows[0]!;
  if (found.members.length > 0) errors.push(unknown('memberIds', 'person', found.members));
  if (found.groups.length > 0) errors.push(unknown('groupKeys', 'group', found.groups));
  if (!found.department) errors.push(unknown('departmentId', 'department', [q.departmentId!]));
  if (found.case_types.length > 0) errors.push(unknown('caseTypes', 'case type', found.case_types));
  if (!found.overflow) errors.push(unknown('overflowQueueId', 'queue', [q.overflowQueueId!]));
  else if (found.overflow_cycle && q.overflowQueueId !== queueId) errors.push({ field: 'overflowQueueId', reason: 'its overflow leads back to this queue', code: 'invalid' });
  if (!found.calendar) errors.push(unknown('calendarKey', 'calendar', [q.calendarKey!]));
  return errors;
}
