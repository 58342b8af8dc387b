import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { Capacity, Load, Presence, SkillLevel } from '../model.ts';
import { DEFAULT_CAPACITY, DEFAULT_LANGUAGES, type CandidateFacts } from './candidate-ranking.ts';

// The SQL of dispatch: who is in a queue with their profile and load, the lock that makes an
// assignment safe under many processes, and the round-robin turn.

/** Active people in the queue: its direct members and the members of its groups. */
export function queueMemberIds(queueId: string): RawBuilder<unknown> {
  return sql`
    SELECT u.id FROM access.user u
     WHERE u.kind = 'person' AND u.status = 'active'
       AND (u.id IN (SELECT m.user_id FROM routing.queue_member m WHERE m.queue_id = ${queueId}::uuid)
            OR u.id IN (SELECT gm.user_id FROM routing.queue_group qg JOIN access.group_member gm ON gm.group_key = qg.group_key WHERE qg.queue_id = ${queueId}::uuid))`;
}

/**
 * Each user's load as one JSON object per row: [channel, case type, count] triples of their
 * unfinished cases (status category open or waiting) and their open process tasks.
 */
function loadColumns(userId: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    COALESCE((SELECT jsonb_agg(jsonb_build_array(l.channel, l.type_key, l.n)) FROM (
                SELECT c.channel, c.type_key, count(*)::int AS n FROM cases.case c
                 WHERE c.assignee_id = ${userId} AND c.status_category IN ('open', 'waiting')
                 GROUP BY c.channel, c.type_key) l), '[]'::jsonb) AS case_load,
    (SELECT count(*)::int FROM process.task t WHERE t.state = 'open' AND t.assignee = ${userId}::text) AS open_tasks`;
}

type LoadRow = { case_load: [string | null, string, number][]; open_tasks: number };

export function loadOf(row: LoadRow): Load {
  const load: Load = { total: 0, byChannel: {}, byCaseType: {}, openTasks: row.open_tasks };
  for (const [channel, caseType, n] of row.case_load) {
    load.total += n;
    if (channel) load.byChannel[channel] = (load.byChannel[channel] ?? 0) + n;
    load.byCaseType[caseType] = (load.byCaseType[caseType] ?? 0) + n;
  }
  return load;
}

export function capacityOf(value: unknown): Capacity {
  const raw = (value ?? {}) as Partial<Capacity>;
  return { total: raw.total ?? null, byChannel: raw.byChannel ?? {}, byCaseType: raw.byCaseType ?? {} };
}

type CandidateRow = LoadRow & {
  user_id: string;
  department_id: string | null;
  has_profile: boolean;
  presence: Presence | null;
  skills: SkillLevel[] | null;
  languages: string[] | null;
  branch_ids: string[] | null;
  capacity: unknown;
  last_assigned_user_id: string | null;
};

/** The queue's members with profile and load, in id order, and round-robin's last served: one round trip. */
export async function listQueueCandidates(tx: Tx, queueId: string): Promise<{ candidates: CandidateFacts[]; lastAssignedUserId: string | null }> {
  const result = await sql<CandidateRow>`
    SELECT u.id AS user_id, u.department_id, p.user_id IS NOT NULL AS has_profile, p.presence, p.skills, p.languages, p.branch_ids::text[] AS branch_ids, p.capacity,
           (SELECT q.last_assigned_user_id FROM routing.queue q WHERE q.id = ${queueId}::uuid) AS last_assigned_user_id,
           ${loadColumns(sql`u.id`)}
      FROM access.user u LEFT JOIN routing.agent_profile p ON p.user_id = u.id
     WHERE u.id IN (${queueMemberIds(queueId)})
     ORDER BY u.id`.execute(tx);
  const lastAssignedUserId = result.rows[0]?.last_assigned_user_id ?? null;
  return { candidates: result.rows.map(candidateOf), lastAssignedUserId };
}

function candidateOf(row: CandidateRow): CandidateFacts {
  return {
    userId: row.user_id,
    departmentId: row.department_id,
    hasProfile: row.has_profile,
    presence: row.presence ?? 'offline',
    skills: row.skills ?? [],
    languages: row.languages ?? DEFAULT_LANGUAGES,
    branchIds: row.branch_ids ?? [],
    capacity: row.has_profile ? capacityOf(row.capacity) : DEFAULT_CAPACITY,
    load: loadOf(row),
  };
}

/**
 * Locks the first of these agents (in the order given) whose profile row no other transaction
 * holds, and returns them; the lock lasts until the command commits, so no two processes assign
 * to one agent from the same count. Agents held by another transaction are skipped, not waited for.
 */
export async function lockFirstFreeAgent(tx: Tx, orderedUserIds: string[]): Promise<string | undefined> {
  if (orderedUserIds.length === 0) return undefined;
  const result = await sql<{ user_id: string }>`
    SELECT p.user_id FROM routing.agent_profile p
     WHERE p.user_id = ANY(${orderedUserIds}::uuid[]) AND p.presence = 'available'
     ORDER BY array_position(${orderedUserIds}::uuid[], p.user_id)
     LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(tx);
  return result.rows[0]?.user_id;
}

/**
 * One agent's load, read after their profile row is locked: in READ COMMITTED each statement sees
 * what committed before it began, so this count includes every assignment made under the lock
 * before ours (a count taken in the same statement as the lock would not).
 */
export async function countAgentLoad(tx: Tx, userId: string): Promise<Load> {
  const result = await sql<LoadRow>`SELECT ${loadColumns(sql`${userId}::uuid`)}`.execute(tx);
  return loadOf(result.rows[0]!);
}

/** The loads of several agents in one round trip (the live view, take-next). */
export async function countAgentLoads(tx: Tx, userIds: string[]): Promise<Map<string, Load>> {
  if (userIds.length === 0) return new Map();
  const result = await sql<LoadRow & { user_id: string }>`
    SELECT u.user_id, ${loadColumns(sql`u.user_id`)} FROM unnest(${userIds}::uuid[]) AS u(user_id)`.execute(tx);
  return new Map(result.rows.map((r) => [r.user_id, loadOf(r)]));
}

/** Round-robin's turn: the member who got the last item of this queue. */
export async function recordTurn(tx: Tx, queueId: string, userId: string): Promise<void> {
  await sql`UPDATE routing.queue SET last_assigned_user_id = ${userId}::uuid WHERE id = ${queueId}::uuid`.execute(tx);
}
