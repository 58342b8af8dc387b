import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { Capacity, Presence, RoutingProfile, SkillLevel } from '../model.ts';

/** An agent without a profile row: offline, no skills, Chinese, no limits. */
export const DEFAULT_LANGUAGES = ['zh'];
export const defaultCapacity = (): Capacity => ({ total: null, byChannel: {}, byCaseType: {} });

/** A profile with the person it belongs to and the queues they are in. */
export interface AgentRow extends RoutingProfile {
  displayName: string;
  departmentId: string | null;
  queueIds: string[];
}

type Selected = {
  user_id: string;
  display_name: string;
  department_id: string | null;
  user_created_at: Date;
  skills: unknown;
  languages: string[] | null;
  branch_ids: string[] | null;
  capacity: unknown;
  presence: string | null;
  presence_changed_at: Date | null;
  last_seen_at: Date | null;
  version: number | null;
  queue_ids: string[];
};

function toAgentRow(r: Selected): AgentRow {
  return {
    userId: r.user_id,
    displayName: r.display_name,
    departmentId: r.department_id,
    skills: (r.skills as SkillLevel[] | null) ?? [],
    languages: r.languages ?? DEFAULT_LANGUAGES,
    branchIds: r.branch_ids ?? [],
    capacity: (r.capacity as Capacity | null) ?? defaultCapacity(),
    presence: (r.presence as Presence | null) ?? 'offline',
    // Without a row the person has been offline since they exist.
    presenceChangedAt: r.presence_changed_at ?? r.user_created_at,
    lastSeenAt: r.last_seen_at,
    // 0: no profile saved yet.
    version: r.version ?? 0,
    queueIds: r.queue_ids,
  };
}

/** People by id with their profiles (the default for those without one) and queues, in one query. */
export async function findAgentRows(tx: Db | Tx, userIds: string[]): Promise<AgentRow[]> {
  if (userIds.length === 0) return [];
  const { rows } = await sql<Selected>`
    SELECT u.id::text AS user_id, u.display_name, u.department_id, u.created_at AS user_created_at,
           p.skills, p.languages, p.branch_ids::text[] AS branch_ids, p.capacity, p.presence, p.presence_changed_at, p.last_seen_at, p.version,
           ARRAY(SELECT m.queue_id::text FROM routing.queue_member m WHERE m.user_id = u.id
                 UNION SELECT qg.queue_id::text FROM routing.queue_group qg JOIN access.group_member gm ON gm.group_key = qg.group_key WHERE gm.user_id = u.id
                 ORDER BY 1) AS queue_ids
      FROM access.user u LEFT JOIN routing.agent_profile p ON p.user_id = u.id
     WHERE u.id = ANY(${userIds}::uuid[])
     ORDER BY u.display_name, u.id`.execute(tx);
  return rows.map(toAgentRow);
}

/** An agent's routing profile; the default profile when none was saved (undefined: no such user). */
export async function findRoutingProfile(tx: Db | Tx, userId: string): Promise<RoutingProfile | undefined> {
  const [row] = await findAgentRows(tx, [userId]);
  if (!row) return undefined;
  const { displayName: _name, departmentId: _department, queueIds: _queues, ...profile } = row;
  return profile;
}

/** Active people who are in some queue (directly or through a group) or have a routing profile. */
export async function listAgentIds(tx: Db | Tx): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    SELECT u.id::text AS id FROM access.user u
     WHERE u.kind = 'person' AND u.status = 'active'
       AND (EXISTS (SELECT 1 FROM routing.agent_profile p WHERE p.user_id = u.id)
            OR EXISTS (SELECT 1 FROM routing.queue_member m WHERE m.user_id = u.id)
            OR EXISTS (SELECT 1 FROM access.group_member gm JOIN routing.queue_group qg ON qg.group_key = gm.group_key WHERE gm.user_id = u.id))`.execute(tx);
  return rows.map((r) => r.id);
}

export async function findPerson(tx: Db | Tx, userId: string): Promise<{ id: string; active: boolean } | undefined> {
  const row = await tx.selectFrom('access.user').select(['id', 'status']).where('id', '=', userId).where('kind', '=', 'person').executeTakeFirst();
  return row && { id: row.id, active: row.status === 'active' };
}

export interface ProfileValues {
  skills: SkillLevel[];
  languages: string[];
  branchIds: string[];
  capacity: Capacity;
  presence: Presence;
}

/** Writes the whole profile (a first save inserts it at version 1); the presence time moves only with the presence. */
export async function upsertProfile(tx: Tx, userId: string, values: ProfileValues, now: Date): Promise<void> {
  await sql`
    INSERT INTO routing.agent_profile AS p (user_id, skills, languages, branch_ids, capacity, presence, presence_changed_at, version, updated_at)
    VALUES (${userId}, ${JSON.stringify(values.skills)}::jsonb, ${values.languages}::text[], ${values.branchIds}::uuid[], ${JSON.stringify(values.capacity)}::jsonb,
            ${values.presence}, ${now}, 1, ${now})
    ON CONFLICT (user_id) DO UPDATE SET
      skills = EXCLUDED.skills, languages = EXCLUDED.languages, branch_ids = EXCLUDED.branch_ids, capacity = EXCLUDED.capacity,
      presence = EXCLUDED.presence,
      presence_changed_at = CASE WHEN p.presence = EXCLUDED.presence THEN p.presence_changed_at ELSE EXCLUDED.presence_changed_at END,
      version = p.version + 1, updated_at = EXCLUDED.updated_at`.execute(tx);
}

/**
 * Sets the presence and returns the one before (offline when there was no row). The row is locked
 * first, so two changes at once each see the other's result and neither is recorded twice.
 * `seenAt`: a person setting their own presence is using the console now.
 */
export async function writePresence(tx: Tx, userId: string, presence: Presence, now: Date, seenAt: Date | null): Promise<Presence> {
  const { rows } = await sql<{ presence: Presence }>`SELECT presence FROM routing.agent_profile WHERE user_id = ${userId} FOR UPDATE`.execute(tx);
  await sql`
    INSERT INTO routing.agent_profile AS p (user_id, presence, presence_changed_at, last_seen_at, updated_at)
    VALUES (${userId}, ${presence}, ${now}, ${seenAt}, ${now})
    ON CONFLICT (user_id) DO UPDATE SET
      presence = EXCLUDED.presence,
      presence_changed_at = CASE WHEN p.presence = EXCLUDED.presence THEN p.presence_changed_at ELSE EXCLUDED.presence_changed_at END,
      last_seen_at = COALESCE(EXCLUDED.last_seen_at, p.last_seen_at),
      updated_at = EXCLUDED.updated_at`.execute(tx);
  return rows[0]?.presence ?? 'offline';
}

/** The console's heartbeat: one UPDATE, nothing when the person has no profile row (they are offline). */
export async function touchLastSeen(tx: Db | Tx, userId: string, now: Date): Promise<void> {
  await sql`UPDATE routing.agent_profile SET last_seen_at = ${now} WHERE user_id = ${userId}`.execute(tx);
}

/** Unfinished, unassigned cases waiting in each queue (by key: the partial indexes are on it). */
export async function countWaiting(tx: Db | Tx, queueKeys: string[]): Promise<Map<string, number>> {
  if (queueKeys.length === 0) return new Map();
  const { rows } = await sql<{ queue: string; n: number }>`
    SELECT queue, count(*)::int AS n FROM cases.case
     WHERE queue = ANY(${queueKeys}::text[]) AND assignee_id IS NULL AND status_category IN ('open', 'waiting')
     GROUP BY queue`.execute(tx);
  return new Map(rows.map((r) => [r.queue, r.n]));
}

export async function countPendingOffers(tx: Db | Tx, userId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM routing.offer WHERE user_id = ${userId} AND state = 'pending'`.execute(tx);
  return rows[0]!.n;
}
