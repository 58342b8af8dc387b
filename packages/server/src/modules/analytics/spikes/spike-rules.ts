import type { CommandContext } from '../../../platform/commands/index.ts';
import { type FieldError, httpProblems } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { assertAllowed, findDepartment } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCaseTypeNames } from '../../cases/index.ts';
import { findQueue } from '../../routing/index.ts';
import { analyticsProblems } from '../problems.ts';
import type { SpikeTest } from './spike-statistics.ts';
import { deleteSpikeRule, findSpikeRule, insertSpikeRule, isSpikeRuleKeyTaken, listSpikeRules, type SpikeDimension, type SpikeRuleRow, type SpikeRuleValues, updateSpikeRule } from './spike-store.ts';

/** The risk case type spike rules route to unless told otherwise (ensured at start: spike-case-type.ts). */
export const DEFAULT_SPIKE_CASE_TYPE = 'complaint-spike';

export interface SpikeRuleInput {
  key?: string;
  name: string;
  caseTypes?: string[];
  dimension: SpikeDimension;
  windowDays: number;
  baselineWeeks: number;
  test: SpikeTest;
  pValue?: number;
  ewmaLambda?: number;
  ewmaLimit?: number;
  minCount?: number;
  routeCaseType?: string;
  routeDepartmentId?: string | null;
  routeQueue?: string | null;
  enabled?: boolean;
}

export async function listRules(ctx: CommandContext): Promise<SpikeRuleRow[]> {
  assertAllowed(ctx.actor, 'analytics:read');
  return listSpikeRules(ctx.tx);
}

export async function readRuleOrThrow(ctx: CommandContext, id: string): Promise<SpikeRuleRow> {
  assertAllowed(ctx.actor, 'analytics:read');
  return findRuleOrThrow(ctx, id);
}

async function findRuleOrThrow(ctx: CommandContext, id: string): Promise<SpikeRuleRow> {
  const rule = await findSpikeRule(ctx.tx, id);
  if (!rule) throw analyticsProblems.spikeRuleNotFound({ detail: `No spike rule ${id}` });
  return rule;
}

/** The references a rule names must exist now: a typo is a 400 naming the field, not a detector that never fires. */
async function valuesOrThrow(ctx: CommandContext, input: SpikeRuleInput): Promise<SpikeRuleValues> {
  const values: SpikeRuleValues = {
    name: input.name.trim(),
    caseTypes: [...new Set(input.caseTypes ?? ['complaint'])],
    dimension: input.dimension,
    windowDays: input.windowDays,
    baselineWeeks: input.baselineWeeks,
    test: input.test,
    pValue: input.pValue ?? 0.001,
    ewmaLambda: input.ewmaLambda ?? 0.3,
    ewmaLimit: input.ewmaLimit ?? 3,
    minCount: input.minCount ?? 5,
    routeCaseType: input.routeCaseType ?? DEFAULT_SPIKE_CASE_TYPE,
    routeDepartmentId: input.routeDepartmentId ?? null,
    routeQueue: input.routeQueue ?? null,
    enabled: input.enabled ?? true,
  };
  const errors: FieldError[] = [];
  if (values.name === '') errors.push({ field: 'body.name', reason: 'must not be blank', code: 'required' });
  const caseTypes = await findCaseTypeNames(ctx);
  values.caseTypes.forEach((key, i) => {
    if (!caseTypes.has(key)) errors.push({ field: `body.caseTypes.${i}`, reason: `no case type ${key}`, code: 'unknown-reference', params: { value: key } });
  });
  if (!caseTypes.has(values.routeCaseType))
    errors.push({ field: 'body.routeCaseType', reason: `no case type ${values.routeCaseType}`, code: 'unknown-reference', params: { value: values.routeCaseType } });
  if (values.caseTypes.includes(values.routeCaseType))
    errors.push({ field: 'body.routeCaseType', reason: 'must not be one of the case types counted (a spike would feed itself)', code: 'not-allowed' });
  if (values.routeDepartmentId !== null && !(await findDepartment(ctx.tx, values.routeDepartmentId)))
    errors.push({ field: 'body.routeDepartmentId', reason: 'no such department', code: 'unknown-reference', params: { value: values.routeDepartmentId } });
  if (values.routeQueue !== null && !(await findQueue(ctx.tx, values.routeQueue)))
    errors.push({ field: 'body.routeQueue', reason: `no queue ${values.routeQueue}`, code: 'unknown-reference', params: { value: values.routeQueue } });
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });
  return values;
}

function auditData(rule: SpikeRuleValues & { key: string }) {
  return {
    key: rule.key,
    dimension: rule.dimension,
    windowDays: rule.windowDays,
    baselineWeeks: rule.baselineWeeks,
    test: rule.test,
    pValue: rule.pValue,
    ewmaLambda: rule.ewmaLambda,
    ewmaLimit: rule.ewmaLimit,
    minCount: rule.minCount,
    caseTypes: rule.caseTypes,
    routeCaseType: rule.routeCaseType,
    routeDepartmentId: rule.routeDepartmentId,
    routeQueue: rule.routeQueue,
    enabled: rule.enabled,
  };
}

export async function createRule(ctx: CommandContext, input: SpikeRuleInput): Promise<SpikeRuleRow> {
  assertAllowed(ctx.actor, 'analytics:admin');
  if (input.key === undefined) throw httpProblems.validationFailed({ errors: [{ field: 'body.key', reason: 'is required when creating a rule', code: 'required' }] });
  const values = await valuesOrThrow(ctx, input);
  if (await isSpikeRuleKeyTaken(ctx.tx, input.key))
    throw httpProblems.validationFailed({ errors: [{ field: 'body.key', reason: `${input.key} is taken`, code: 'duplicate', params: { value: input.key } }] });
  const id = newId<string>();
  await insertSpikeRule(ctx.tx, { id, key: input.key, values, by: ctx.actor.userId, now: ctx.now });
  await recordAuditEvent(ctx, { action: 'analytics.spike-rule-saved', targetType: 'spike-rule', targetId: id, data: { version: 1, ...auditData({ ...values, key: input.key }) } });
  return (await findSpikeRule(ctx.tx, id))!;
}

export async function updateRule(ctx: CommandContext, id: string, version: number, input: SpikeRuleInput): Promise<SpikeRuleRow> {
  assertAllowed(ctx.actor, 'analytics:admin');
  const current = await findRuleOrThrow(ctx, id);
  if (input.key !== undefined && input.key !== current.key)
    throw httpProblems.validationFailed({ errors: [{ field: 'body.key', reason: 'a rule keeps its key (spikes are remembered by it)', code: 'not-allowed' }] });
  if (current.version !== version) throw analyticsProblems.spikeRuleVersionStale({ detail: `The rule is at version ${current.version}, not ${version}`, version: current.version });
  const values = await valuesOrThrow(ctx, input);
  if (!(await updateSpikeRule(ctx.tx, id, version, values, ctx.actor.userId, ctx.now))) throw analyticsProblems.spikeRuleVersionStale({ detail: 'The rule changed meanwhile' });
  await recordAuditEvent(ctx, {
    action: 'analytics.spike-rule-saved',
    targetType: 'spike-rule',
    targetId: id,
    changes: Object.entries(auditData({ ...values, key: current.key }))
      .filter(([field, after]) => JSON.stringify((current as unknown as Record<string, unknown>)[field]) !== JSON.stringify(after))
      .map(([field, after]) => ({ field, before: (current as unknown as Record<string, unknown>)[field] ?? null, after })),
    data: { version: version + 1, ...auditData({ ...values, key: current.key }) },
  });
  return (await findSpikeRule(ctx.tx, id))!;
}

/** The rule the spike-rules migration ships. */
export const SHIPPED_SPIKE_RULE_KEY = 'complaint-category-daily';

/**
 * Points the shipped rule's risk cases at a desk (the demo seed: the consumer-protection
 * department) when no one has routed it yet; audited like any change. A migration cannot: the
 * bank's departments do not exist when it runs. Returns whether it changed the rule.
 */
export async function routeShippedSpikeRule(ctx: CommandContext, departmentId: string): Promise<boolean> {
  assertAllowed(ctx.actor, 'analytics:admin');
  const rule = (await listSpikeRules(ctx.tx)).find((r) => r.key === SHIPPED_SPIKE_RULE_KEY);
  if (!rule || rule.routeDepartmentId !== null) return false;
  if (!(await findDepartment(ctx.tx, departmentId))) throw new Error(`No department ${departmentId} to route spike cases to`);
  const { id, key, version, createdAt: _created, updatedAt: _updated, ...values } = rule;
  const routed: SpikeRuleValues = { ...values, routeDepartmentId: departmentId };
  if (!(await updateSpikeRule(ctx.tx, id, version, routed, ctx.actor.userId, ctx.now))) return false;
  await recordAuditEvent(ctx, {
    action: 'analytics.spike-rule-saved',
    targetType: 'spike-rule',
    targetId: id,
    changes: [{ field: 'routeDepartmentId', before: null, after: departmentId }],
    data: { version: version + 1, ...auditData({ ...routed, key }) },
  });
  return true;
}

/** Spikes found by the rule stay (with their risk cases); they keep the rule's key. */
export async function deleteRule(ctx: CommandContext, id: string, version: number): Promise<void> {
  assertAllowed(ctx.actor, 'analytics:admin');
  const current = await findRuleOrThrow(ctx, id);
  if (current.version !== version || !(await deleteSpikeRule(ctx.tx, id, version)))
    throw analyticsProblems.spikeRuleVersionStale({ detail: `The rule is at version ${current.version}, not ${version}`, version: current.version });
  await recordAuditEvent(ctx, { action: 'analytics.spike-rule-deleted', targetType: 'spike-rule', targetId: id, data: { key: current.key, version } });
}
