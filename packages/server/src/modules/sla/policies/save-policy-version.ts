import { isDeepStrictEqual } from 'node:util';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import type { SlaPolicyDefinition } from '../model.ts';
import { assertSlaAdmin } from './policy-access.ts';
import { slaPolicyProblems } from './problems.ts';
import { findSlaPolicy, insertSlaPolicyVersion, lockSlaPolicies, updateSlaPolicy, type SlaPolicyRow } from './store.ts';
import { findSlaPolicyProblemsIn } from './validate-policy.ts';

export interface SaveSlaPolicyInput {
  name?: string;
  enabled?: boolean;
  /** Absent: the current version's definition (a rename or an enable/disable still makes a version). */
  definition?: SlaPolicyDefinition;
  /** Absent: now. Never earlier than now: a running clock keeps the version it started with. */
  effectiveFrom?: Date;
  reason: string;
  /** Set by a regulatory pack that takes the policy over. */
  pack?: string | null;
}

export async function findSlaPolicyOrThrow(ctx: CommandContext, idOrKey: string): Promise<SlaPolicyRow> {
  const found = await findSlaPolicy(ctx.tx, idOrKey);
  if (!found) throw slaPolicyProblems.notFound({ detail: `No SLA policy ${idOrKey}`, key: idOrKey });
  return found;
}

/**
 * A new version of a policy, effective from now or a later instant. Versions are never edited:
 * clocks already running stay bound to the version they started with.
 */
export async function saveSlaPolicyVersion(ctx: CommandContext, idOrKey: string, input: SaveSlaPolicyInput): Promise<SlaPolicyRow> {
  assertSlaAdmin(ctx);
  const effectiveFrom = input.effectiveFrom ?? ctx.now;
  if (effectiveFrom.getTime() < ctx.now.getTime()) {
    throw slaPolicyProblems.invalid({
      detail: 'A new version takes effect now or later: clocks already running keep the version they started with',
      errors: [{ field: 'effectiveFrom', reason: 'is earlier than now', code: 'in-the-past' }],
    });
  }
  const definition = input.definition;
  if (definition) {
    const errors = await findSlaPolicyProblemsIn(ctx.tx, definition);
    if (errors.length > 0) throw slaPolicyProblems.invalid({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
  }
  await lockSlaPolicies(ctx.tx);
  const current = await findSlaPolicyOrThrow(ctx, idOrKey);
  const version = current.currentVersion + 1;
  const name = input.name ?? current.name;
  const enabled = input.enabled ?? current.enabled;
  await insertSlaPolicyVersion(ctx.tx, {
    policyId: current.id,
    version,
    effectiveFrom,
    definition: definition ?? current.definition,
    reason: input.reason,
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  await updateSlaPolicy(ctx.tx, current.id, { name, enabled, currentVersion: version, ...(input.pack === undefined ? {} : { pack: input.pack }), now: ctx.now });
  await recordAuditEvent(ctx, {
    action: 'sla.policy-saved',
    targetType: 'sla-policy',
    targetId: current.key,
    reason: input.reason,
    changes: [
      ...(name === current.name ? [] : [{ field: 'name', before: current.name, after: name }]),
      ...(enabled === current.enabled ? [] : [{ field: 'enabled', before: current.enabled, after: enabled }]),
      ...(definition === undefined || isDeepStrictEqual(definition, current.definition) ? [] : [{ field: 'definition', before: current.definition, after: definition }]),
    ],
    data: { key: current.key, version, previousVersion: current.currentVersion, effectiveFrom: effectiveFrom.toISOString(), enabled },
  });
  return (await findSlaPolicy(ctx.tx, current.id))!;
}
