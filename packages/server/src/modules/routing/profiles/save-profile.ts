import { sql } from 'kysely';
import type { CommandContext } from '../../../platform/commands/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import type { Capacity, Presence, RoutingProfile, SkillLevel } from '../model.ts';
import { assertRoutingAdmin } from '../queues/routing-access.ts';
import { profileProblems } from './problems.ts';
import { findPerson, findRoutingProfile, upsertProfile, type ProfileValues } from './profile-store.ts';
import { setPresence } from './set-presence.ts';

export interface SaveRoutingProfileInput {
  skills?: SkillLevel[];
  languages?: string[];
  branchIds?: string[];
  capacity?: Capacity;
  presence?: Presence;
}

async function findProfileProblems(ctx: CommandContext, values: ProfileValues): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const skills = values.skills.map((s) => s.skill);
  const repeated = skills.filter((s, i) => skills.indexOf(s) !== i);
  if (repeated.length > 0) errors.push({ field: 'skills', reason: `a skill given twice: ${[...new Set(repeated)].join(', ')}`, code: 'duplicate', params: { value: repeated[0]! } });
  const { total, byChannel, byCaseType } = values.capacity;
  // A limit per channel or type above the overall one could never be reached.
  for (const [field, counts] of [
    ['capacity.byChannel', byChannel],
    ['capacity.byCaseType', byCaseType],
  ] as const) {
    const over = Object.entries(counts).filter(([, n]) => total !== null && n > total);
    if (over.length > 0) errors.push({ field, reason: `exceeds capacity.total (${total}): ${over.map(([k]) => k).join(', ')}`, code: 'too-large', params: { limit: total! } });
  }
  if (values.branchIds.length > 0) {
    const { rows } = await sql<{ id: string }>`
      SELECT x::text AS id FROM unnest(${values.branchIds}::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM access.department d WHERE d.id = x)`.execute(ctx.tx);
    if (rows.length > 0) {
      const ids = rows.map((r) => r.id).join(', ');
      errors.push({ field: 'branchIds', reason: `no such department: ${ids}`, code: 'unknown-reference', params: { value: ids } });
    }
  }
  return errors;
}

/**
 * Saves an agent's skills, languages, branches served and capacity (routing:admin); what the
 * input leaves out is kept. A presence given here is set as the person would set it.
 */
export async function saveRoutingProfile(ctx: CommandContext, userId: string, input: SaveRoutingProfileInput): Promise<RoutingProfile> {
  assertRoutingAdmin(ctx);
  if (!(await findPerson(ctx.tx, userId))) throw profileProblems.agentNotFound({ detail: `No person ${userId}` });
  const current = (await findRoutingProfile(ctx.tx, userId))!;
  const values: ProfileValues = {
    skills: input.skills ?? current.skills,
    languages: input.languages ? [...new Set(input.languages)] : current.languages,
    branchIds: input.branchIds ? [...new Set(input.branchIds)] : current.branchIds,
    capacity: input.capacity ?? current.capacity,
    presence: current.presence,
  };
  const errors = await findProfileProblems(ctx, values);
  if (errors.length > 0) throw profileProblems.invalid({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
  const changed = (['skills', 'languages', 'branchIds', 'capacity'] as const).filter((field) => JSON.stringify(current[field]) !== JSON.stringify(values[field]));
  if (changed.length > 0 || current.version === 0) {
    await upsertProfile(ctx.tx, userId, values, ctx.now);
    await recordAuditEvent(ctx, {
      action: 'routing.profile-saved',
      targetType: 'user',
      targetId: userId,
      data: { userId, version: current.version + 1, changed, ...Object.fromEntries(changed.map((field) => [field, values[field]])) },
    });
  }
  if (input.presence !== undefined) await setPresence(ctx, userId, input.presence);
  return (await findRoutingProfile(ctx.tx, userId))!;
}
