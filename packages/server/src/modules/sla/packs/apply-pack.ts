import { isDeepStrictEqual } from 'node:util';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import type { SlaPolicyDefinition, SlaTargetDefinition } from '../model.ts';
import { createSlaPolicy } from '../policies/create-policy.ts';
import { assertSlaAdmin } from '../policies/policy-access.ts';
import { slaPolicyProblems } from '../policies/problems.ts';
import { saveSlaPolicyVersion } from '../policies/save-policy-version.ts';
import { findSlaPolicy, listSlaPolicies, lockSlaPolicies, setSlaPolicyPositions, type SlaPolicyRow } from '../policies/store.ts';
import { findShippedSlaPack, SHIPPED_SLA_PACKS, type SlaPack } from './shipped-packs.ts';

const CASE_LEVEL_KINDS = new Set(['first-response', 'next-response', 'resolution']);

/**
 * A pack's own policy: the pack's targets, then the targets an administrator (or another pack)
 * added under other keys; an added case-level target of a kind the pack sets gives way (a policy
 * has one target per case-level kind).
 */
export function mergePackTargets(current: SlaTargetDefinition[], fromPack: SlaTargetDefinition[]): SlaTargetDefinition[] {
  const kinds = new Set(fromPack.filter((t) => CASE_LEVEL_KINDS.has(t.kind)).map((t) => t.kind));
  return [...fromPack, ...current.filter((t) => !fromPack.some((p) => p.key === t.key) && !kinds.has(t.kind))];
}

/** Another policy a pack extends: its targets in their order, the pack's replacing those of the same key, new ones last. */
export function extendTargets(current: SlaTargetDefinition[], fromPack: SlaTargetDefinition[]): SlaTargetDefinition[] {
  return [...current.map((t) => fromPack.find((p) => p.key === t.key) ?? t), ...fromPack.filter((p) => !current.some((t) => t.key === p.key))];
}

// jsonb keeps an object's keys in its own order: compare by value.
function isSameDefinition(a: SlaPolicyDefinition, b: SlaPolicyDefinition): boolean {
  return isDeepStrictEqual(a, b);
}

/** The policies a pack's `extends` adds its targets to: those naming its case type. */
function policiesExtendedBy(pack: SlaPack, policies: SlaPolicyRow[]): SlaPolicyRow[] {
  if (!pack.extends) return [];
  const { caseType, fallback } = pack.extends;
  return policies.filter((p) => p.key !== fallback.key && (p.definition.conditions.caseTypes ?? []).includes(caseType));
}

export interface SlaPackView {
  key: string;
  name: SlaPack['name'];
  description: SlaPack['description'];
  policies: string[];
  applied: boolean;
}

/** The shipped packs and whether each is applied: all its policies exist and carry its targets. */
export async function listSlaPacks(ctx: CommandContext): Promise<SlaPackView[]> {
  assertSlaAdmin(ctx);
  const policies = await listSlaPolicies(ctx.tx);
  const byKey = new Map(policies.map((p) => [p.key, p]));
  return SHIPPED_SLA_PACKS.map((pack) => {
    let keys = pack.policies.map((p) => p.key);
    let applied = keys.every((key) => byKey.has(key));
    if (pack.extends) {
      const { targets, fallback } = pack.extends;
      const extended = policiesExtendedBy(pack, policies);
      const carries = (p: SlaPolicyRow) => targets.every((t) => p.definition.targets.some((u) => u.key === t.key));
      keys = [...keys, ...(extended.length > 0 ? extended.map((p) => p.key) : [fallback.key])];
      applied = applied && (extended.length > 0 ? extended.every(carries) : byKey.has(fallback.key));
    }
    return { key: pack.key, name: pack.name, description: pack.description, policies: keys, applied };
  });
}

/**
 * Applies a regulatory pack: creates its policies, or gives the existing ones a new version from
 * the pack (an administrator's `enabled`, and targets the pack does not name, are kept), and puts
 * them ahead of every other policy in the pack's order (tighter rules first). A pack that extends
 * a case type's policies adds its targets to each of them. Applying again changes nothing that
 * is already as the pack says. Returns the pack's policies.
 */
export async function applySlaPack(ctx: CommandContext, key: string): Promise<SlaPolicyRow[]> {
  assertSlaAdmin(ctx);
  const pack = findShippedSlaPack(key);
  if (!pack) throw slaPolicyProblems.packNotFound({ detail: `No SLA pack ${key}`, key });
  await lockSlaPolicies(ctx.tx);
  const reason = `SLA pack ${pack.key} applied`;
  const created: string[] = [];
  const versioned: string[] = [];
  const touched: string[] = [];

  for (const policy of pack.policies) {
    const current = await findSlaPolicy(ctx.tx, policy.key);
    touched.push(policy.key);
    if (!current) {
      await createSlaPolicy(ctx, { key: policy.key, name: policy.name, definition: policy.definition, pack: pack.key, reason });
      created.push(policy.key);
      continue;
    }
    const definition = { conditions: policy.definition.conditions, targets: mergePackTargets(current.definition.targets, policy.definition.targets) };
    if (!isSameDefinition(definition, current.definition) || current.pack !== pack.key) {
      await saveSlaPolicyVersion(ctx, current.id, { definition, reason, pack: pack.key });
      versioned.push(policy.key);
    }
  }

  // Ahead of every other policy, in the pack's order.
  const policies = await listSlaPolicies(ctx.tx);
  const packIds = pack.policies.map((p) => policies.find((q) => q.key === p.key)!.id);
  const order = [...packIds, ...policies.map((p) => p.id).filter((id) => !packIds.includes(id))];
  const before = policies.map((p) => p.key);
  await setSlaPolicyPositions(ctx.tx, order, ctx.now);

  if (pack.extends) {
    const { targets, fallback } = pack.extends;
    const extended = policiesExtendedBy(pack, await listSlaPolicies(ctx.tx));
    for (const policy of extended) {
      touched.push(policy.key);
      const definition = { conditions: policy.definition.conditions, targets: extendTargets(policy.definition.targets, targets) };
      if (isSameDefinition(definition, policy.definition)) continue;
      await saveSlaPolicyVersion(ctx, policy.id, { definition, reason });
      versioned.push(policy.key);
    }
    if (extended.length === 0) {
      touched.push(fallback.key);
      const current = await findSlaPolicy(ctx.tx, fallback.key);
      if (!current) {
        // Last in order: a fallback for complaints no other policy covers.
        await createSlaPolicy(ctx, { key: fallback.key, name: fallback.name, definition: fallback.definition, pack: pack.key, reason });
        created.push(fallback.key);
      } else {
        const definition = { conditions: fallback.definition.conditions, targets: mergePackTargets(current.definition.targets, fallback.definition.targets) };
        if (!isSameDefinition(definition, current.definition)) {
          await saveSlaPolicyVersion(ctx, current.id, { definition, reason, pack: pack.key });
          versioned.push(fallback.key);
        }
      }
    }
  }

  const after = (await listSlaPolicies(ctx.tx)).map((p) => p.key);
  await recordAuditEvent(ctx, {
    action: 'sla.pack-applied',
    targetType: 'sla-pack',
    targetId: pack.key,
    data: { pack: pack.key, policies: touched, created, versioned, calendars: [], ...(before.join() === after.join() ? {} : { order: after }) },
  });
  const all = await listSlaPolicies(ctx.tx);
  return touched.map((k) => all.find((p) => p.key === k)!);
}
