import { randomUUID } from 'node:crypto';
import { findSystemActorOrThrow } from '../../../../src/modules/access/index.ts';
import type { CommandContext } from '../../../../src/platform/commands/index.ts';
import { complaint } from '../../../helpers/factories.ts';
import { bearer, type TestApp } from '../../../helpers/test-app.ts';

// Dispatch's fixtures write queues and profiles with plain SQL (they were written beside the queue
// and profile routes, in parallel); cases are made through the API.

/** The case types' default queues exist as queue objects (a case of the type joins it by key). */
export async function ensureQueueIdTrigger(t: TestApp): Promise<void> {
  await t.sql(`INSERT INTO routing.queue (id, key, name, created_at, updated_at)
               SELECT gen_random_uuid(), q, q, now(), now() FROM (SELECT DISTINCT default_queue AS q FROM cases.case_type_version WHERE default_queue IS NOT NULL) d
               ON CONFLICT (key) DO NOTHING`);
}

export interface QueueInput {
  key: string;
  strategy?: 'round-robin' | 'least-loaded' | 'best-skill';
  mode?: 'push' | 'pull';
  memberIds?: string[];
  groupKeys?: string[];
  departmentId?: string | null;
  offerTimeoutSeconds?: number | null;
  overflowQueueId?: string | null;
  overflowAfterSeconds?: number | null;
  calendarKey?: string | null;
}

export async function insertQueue(t: TestApp, input: QueueInput): Promise<string> {
  const id = randomUUID();
  await t.sql(
    `INSERT INTO routing.queue (id, key, name, department_id, strategy, mode, offer_timeout_seconds, overflow_queue_id, overflow_after_seconds, calendar_key, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), now())`,
    [
      id,
      input.key,
      `Queue ${input.key}`,
      input.departmentId ?? null,
      input.strategy ?? 'least-loaded',
      input.mode ?? 'push',
      input.offerTimeoutSeconds ?? null,
      input.overflowQueueId ?? null,
      input.overflowAfterSeconds ?? null,
      input.calendarKey ?? null,
    ],
  );
  for (const userId of input.memberIds ?? []) await t.sql('INSERT INTO routing.queue_member (queue_id, user_id) VALUES ($1, $2)', [id, userId]);
  for (const group of input.groupKeys ?? []) await t.sql('INSERT INTO routing.queue_group (queue_id, group_key) VALUES ($1, $2)', [id, group]);
  return id;
}

export interface ProfileInput {
  presence?: 'available' | 'busy' | 'away' | 'offline';
  capacity?: { total: number | null; byChannel?: Record<string, number>; byCaseType?: Record<string, number> };
  skills?: { skill: string; level: number }[];
  languages?: string[];
  branchIds?: string[];
  lastSeenAt?: Date | null;
  presenceChangedAt?: Date;
}

export async function saveProfile(t: TestApp, userId: string, input: ProfileInput = {}): Promise<void> {
  const capacity = { total: input.capacity?.total ?? null, byChannel: input.capacity?.byChannel ?? {}, byCaseType: input.capacity?.byCaseType ?? {} };
  await t.sql(
    `INSERT INTO routing.agent_profile (user_id, skills, languages, branch_ids, capacity, presence, presence_changed_at, last_seen_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
     ON CONFLICT (user_id) DO UPDATE SET skills = EXCLUDED.skills, languages = EXCLUDED.languages, branch_ids = EXCLUDED.branch_ids, capacity = EXCLUDED.capacity,
       presence = EXCLUDED.presence, presence_changed_at = EXCLUDED.presence_changed_at, last_seen_at = EXCLUDED.last_seen_at`,
    [
      userId,
      JSON.stringify(input.skills ?? []),
      input.languages ?? ['zh'],
      input.branchIds ?? [],
      JSON.stringify(capacity),
      input.presence ?? 'available',
      input.presenceChangedAt ?? new Date(),
      input.lastSeenAt === undefined ? new Date() : input.lastSeenAt,
    ],
  );
}

export async function insertDepartment(t: TestApp, code: string): Promise<string> {
  const id = randomUUID();
  await t.sql("INSERT INTO access.department (id, code, name, kind, path) VALUES ($1, $2, $3, 'branch', $4)", [id, code, `Branch ${code}`, `/${id}`]);
  return id;
}

/** A complaint made through the API, then put in the queue (and given to the assignee) as the router would. */
export async function newCaseInQueue(t: TestApp, adminToken: string, queueKey: string | null, overrides: Record<string, unknown> = {}, assigneeId: string | null = null): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(adminToken), payload: complaint(overrides) });
  if (res.statusCode !== 201) throw new Error(`case: ${res.statusCode} ${res.body}`);
  const id = (res.json() as { id: string }).id;
  await t.sql('UPDATE cases.case SET queue = $2, queue_id = (SELECT id FROM routing.queue WHERE key = $2), assignee_id = $3 WHERE id = $1', [id, queueKey, assigneeId]);
  return id;
}

/** Runs a command as the router (system:routing), as a decision from a case event would. */
export async function asRouter<T>(t: TestApp, fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  const actor = await findSystemActorOrThrow(t.database.db, 'system:routing');
  return t.commands.runCommand({ actor, channel: 'job' }, fn);
}
