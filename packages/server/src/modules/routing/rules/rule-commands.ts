import type { CommandContext } from '../../../platform/commands/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { forgetRulesOfTransaction } from '../decisions/decide-routing.ts';
import type { RoutingRuleRow, RuleActions, RuleConditions } from '../model.ts';
import { routingRuleProblems } from './problems.ts';
import { assertRoutingAdmin } from './rule-access.ts';
import {
  deleteRoutingRuleRow,
  findRoutingRule,
  insertRoutingRule,
  insertRoutingRuleVersion,
  listRoutingRules,
  lockRoutingRules,
  setRoutingRulePositions,
  updateRoutingRule,
  type RuleContent,
} from './rule-store.ts';
import { findRoutingRuleProblems } from './rule-validation.ts';

export interface RoutingRuleInput {
  name: string;
  enabled?: boolean;
  appliesTo?: 'case' | 'task';
  /** Absent: now. */
  effectiveFrom?: Date;
  effectiveTo?: Date | null;
  conditions: RuleConditions;
  actions: RuleActions;
}

export interface CreateRoutingRuleInput extends RoutingRuleInput {
  key: string;
  /** 1-based place in match order; absent or past the end: last. */
  position?: number;
}

function invalid(errors: FieldError[]) {
  return routingRuleProblems.invalid({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
}

function contentOf(input: RoutingRuleInput, now: Date, current?: RoutingRuleRow): RuleContent {
  return {
    name: input.name,
    enabled: input.enabled ?? current?.enabled ?? true,
    appliesTo: input.appliesTo ?? current?.appliesTo ?? 'case',
    effectiveFrom: input.effectiveFrom ?? current?.effectiveFrom ?? now,
    effectiveTo: input.effectiveTo !== undefined ? input.effectiveTo : (current?.effectiveTo ?? null),
    conditions: input.conditions,
    actions: input.actions,
  };
}

async function assertValid(ctx: CommandContext, content: RuleContent): Promise<void> {
  const errors = await findRoutingRuleProblems(ctx.tx, content);
  if (errors.length > 0) throw invalid(errors);
}

const auditData = (key: string, version: number, c: RuleContent, extra: Record<string, unknown> = {}) => ({
  key,
  version,
  enabled: c.enabled,
  appliesTo: c.appliesTo,
  effectiveFrom: c.effectiveFrom.toISOString(),
  effectiveTo: c.effectiveTo?.toISOString() ?? null,
  conditions: c.conditions,
  actions: c.actions,
  ...extra,
});

export async function findRoutingRuleOrThrow(ctx: CommandContext, idOrKey: string): Promise<RoutingRuleRow> {
  const found = await findRoutingRule(ctx.tx, idOrKey);
  if (!found) throw routingRuleProblems.notFound({ detail: `No routing rule ${idOrKey}`, key: idOrKey });
  return found;
}

/** A new rule at version 1, placed in match order (the rules after it move down one). */
export async function createRoutingRule(ctx: CommandContext, input: CreateRoutingRuleInput): Promise<RoutingRuleRow> {
  assertRoutingAdmin(ctx);
  const content = contentOf(input, ctx.now);
  await assertValid(ctx, content);
  await lockRoutingRules(ctx.tx);
  forgetRulesOfTransaction(ctx.tx);
  if (await findRoutingRule(ctx.tx, input.key)) throw routingRuleProblems.exists({ detail: `Key ${input.key} is taken`, key: input.key });
  const existing = await listRoutingRules(ctx.tx);
  const id = newId<string>();
  await insertRoutingRule(ctx.tx, { ...content, id, key: input.key, position: existing.length + 1, now: ctx.now });
  await insertRoutingRuleVersion(ctx.tx, { ...content, ruleId: id, version: 1, reason: null, createdBy: ctx.actor.userId, now: ctx.now });
  const place = Math.min(Math.max((input.position ?? existing.length + 1) - 1, 0), existing.length);
  const order = existing.map((r) => r.id);
  order.splice(place, 0, id);
  await setRoutingRulePositions(ctx.tx, order, ctx.now);
  await recordAuditEvent(ctx, { action: 'routing.rule-saved', targetType: 'routing-rule', targetId: input.key, data: auditData(input.key, 1, content, { position: place + 1 }) });
  return (await findRoutingRule(ctx.tx, id))!;
}

/** A new version of a rule (kept in routing.rule_version): decisions already made keep showing the version that matched. */
export async function saveRoutingRule(ctx: CommandContext, idOrKey: string, input: RoutingRuleInput & { reason?: string | null }): Promise<RoutingRuleRow> {
  assertRoutingAdmin(ctx);
  await lockRoutingRules(ctx.tx);
  forgetRulesOfTransaction(ctx.tx);
  const current = await findRoutingRuleOrThrow(ctx, idOrKey);
  const content = contentOf(input, ctx.now, current);
  await assertValid(ctx, content);
  const version = current.version + 1;
  await updateRoutingRule(ctx.tx, current.id, { ...content, version, now: ctx.now });
  await insertRoutingRuleVersion(ctx.tx, { ...content, ruleId: current.id, version, reason: input.reason ?? null, createdBy: ctx.actor.userId, now: ctx.now });
  await recordAuditEvent(ctx, {
    action: 'routing.rule-saved',
    targetType: 'routing-rule',
    targetId: current.key,
    reason: input.reason ?? null,
    data: auditData(current.key, version, content, { previousVersion: current.version }),
  });
  return (await findRoutingRule(ctx.tx, current.id))!;
}

/** The match order: every rule's key, once, first match first. */
export async function reorderRoutingRules(ctx: CommandContext, keys: string[]): Promise<RoutingRuleRow[]> {
  assertRoutingAdmin(ctx);
  await lockRoutingRules(ctx.tx);
  forgetRulesOfTransaction(ctx.tx);
  const rules = await listRoutingRules(ctx.tx);
  const byKey = new Map(rules.map((r) => [r.key, r]));
  const seen = new Set<string>();
  const unknown: string[] = [];
  const twice: string[] = [];
  for (const key of keys) {
    if (!byKey.has(key)) unknown.push(key);
    else if (seen.has(key)) twice.push(key);
    seen.add(key);
  }
  const missing = rules.filter((r) => !seen.has(r.key)).map((r) => r.key);
  const errors: FieldError[] = [];
  if (unknown.length > 0) errors.push({ field: 'keys', reason: `no routing rule ${unknown.join(', ')}`, code: 'unknown-reference', params: { value: unknown.join(', ') } });
  if (twice.length > 0) errors.push({ field: 'keys', reason: `listed twice: ${twice.join(', ')}`, code: 'duplicate', params: { value: twice.join(', ') } });
  if (missing.length > 0) errors.push({ field: 'keys', reason: `every rule must be listed; missing ${missing.join(', ')}`, code: 'incomplete', params: { missing: missing.join(', ') } });
  if (errors.length > 0) throw invalid(errors);
  await setRoutingRulePositions(
    ctx.tx,
    keys.map((key) => byKey.get(key)!.id),
    ctx.now,
  );
  await recordAuditEvent(ctx, { action: 'routing.rules-reordered', targetType: 'routing-rule', targetId: 'order', data: { order: keys, before: rules.map((r) => r.key) } });
  return listRoutingRules(ctx.tx);
}

/** Removes a rule; decisions it made keep its key and version (their explanation stays readable from the audit). */
export async function deleteRoutingRule(ctx: CommandContext, idOrKey: string): Promise<void> {
  assertRoutingAdmin(ctx);
  await lockRoutingRules(ctx.tx);
  forgetRulesOfTransaction(ctx.tx);
  const current = await findRoutingRuleOrThrow(ctx, idOrKey);
  await deleteRoutingRuleRow(ctx.tx, current.id);
  const rest = (await listRoutingRules(ctx.tx)).map((r) => r.id);
  await setRoutingRulePositions(ctx.tx, rest, ctx.now);
  await recordAuditEvent(ctx, { action: 'routing.rule-deleted', targetType: 'routing-rule', targetId: current.key, data: { key: current.key, version: current.version, name: current.name } });
}
