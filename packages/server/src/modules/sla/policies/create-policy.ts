import type { CommandContext } from '../../../platform/commands/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import type { SlaPolicyDefinition } from '../model.ts';
import { assertSlaAdmin } from './policy-access.ts';
import { slaPolicyProblems } from './problems.ts';
import { findSlaPolicy, insertSlaPolicy, insertSlaPolicyVersion, listSlaPolicies, lockSlaPolicies, setSlaPolicyPositions, type SlaPolicyRow } from './store.ts';
import { findSlaPolicyProblemsIn } from './validate-policy.ts';

export interface CreateSlaPolicyInput {
  key: string;
  name: string;
  enabled?: boolean;
  /** 1-based place in match order; absent or past the end: last. */
  position?: number;
  definition: SlaPolicyDefinition;
  /** Absent: now. */
  effectiveFrom?: Date;
  /** The regulatory pack that creates it (packs/apply-pack.ts). */
  pack?: string | null;
  reason?: string | null;
}

/** A new policy at version 1, placed in match order (the policies after it move down one). */
export async function createSlaPolicy(ctx: CommandContext, input: CreateSlaPolicyInput): Promise<SlaPolicyRow> {
  assertSlaAdmin(ctx);
  const errors = await findSlaPolicyProblemsIn(ctx.tx, input.definition);
  if (errors.length > 0) throw slaPolicyProblems.invalid({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
  await lockSlaPolicies(ctx.tx);
  if (await findSlaPolicy(ctx.tx, input.key)) throw slaPolicyProblems.exists({ detail: `Key ${input.key} is taken`, key: input.key });
  const existing = await listSlaPolicies(ctx.tx);
  const id = newId<string>();
  const enabled = input.enabled ?? true;
  const effectiveFrom = input.effectiveFrom ?? ctx.now;
  await insertSlaPolicy(ctx.tx, { id, key: input.key, name: input.name, position: existing.length + 1, enabled, pack: input.pack ?? null, now: ctx.now });
  await insertSlaPolicyVersion(ctx.tx, { policyId: id, version: 1, effectiveFrom, definition: input.definition, reason: input.reason ?? null, createdBy: ctx.actor.userId, now: ctx.now });
  const place = Math.min(Math.max((input.position ?? existing.length + 1) - 1, 0), existing.length);
  const order = existing.map((p) => p.id);
  order.splice(place, 0, id);
  await setSlaPolicyPositions(ctx.tx, order, ctx.now);
  await recordAuditEvent(ctx, {
    action: 'sla.policy-saved',
    targetType: 'sla-policy',
    targetId: input.key,
    reason: input.reason ?? null,
    data: { key: input.key, version: 1, effectiveFrom: effectiveFrom.toISOString(), enabled, position: place + 1, ...(input.pack ? { pack: input.pack } : {}) },
  });
  return (await findSlaPolicy(ctx.tx, id))!;
}
