import type { CommandContext } from '../../../platform/commands/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { assertSlaAdmin } from './policy-access.ts';
import { slaPolicyProblems } from './problems.ts';
import { listSlaPolicies, lockSlaPolicies, setSlaPolicyPositions, type SlaPolicyRow } from './store.ts';

/** The match order: every policy's key, once, first match first. */
export async function reorderSlaPolicies(ctx: CommandContext, keys: string[]): Promise<SlaPolicyRow[]> {
  assertSlaAdmin(ctx);
  await lockSlaPolicies(ctx.tx);
  const policies = await listSlaPolicies(ctx.tx);
  const byKey = new Map(policies.map((p) => [p.key, p]));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (!byKey.has(key)) errors.push({ field: `keys[${i}]`, reason: `no SLA policy ${key}`, code: 'unknown-reference', params: { value: key } });
    else if (seen.has(key)) errors.push({ field: `keys[${i}]`, reason: `${key} is listed twice`, code: 'duplicate', params: { value: key } });
    seen.add(key);
  });
  const missing = policies.filter((p) => !seen.has(p.key)).map((p) => p.key);
  if (missing.length > 0) errors.push({ field: 'keys', reason: `every policy must be listed; missing ${missing.join(', ')}`, code: 'incomplete', params: { missing: missing.join(', ') } });
  if (errors.length > 0) throw slaPolicyProblems.invalid({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
  await setSlaPolicyPositions(
    ctx.tx,
    keys.map((key) => byKey.get(key)!.id),
    ctx.now,
  );
  await recordAuditEvent(ctx, {
    action: 'sla.policies-reordered',
    targetType: 'sla-policy',
    targetId: 'order',
    data: { order: keys, before: policies.map((p) => p.key) },
  });
  return listSlaPolicies(ctx.tx);
}
