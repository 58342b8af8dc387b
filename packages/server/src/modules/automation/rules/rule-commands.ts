import type { CommandContext } from '../../../platform/commands/index.ts';
import { isUuid, newId } from '../../../platform/ids/ids.ts';
import { assertAllowed, findDepartment } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import type { Rule, RuleDefinition } from '../engine/model.ts';
import { cancelTimeTrigger, scheduleTimeTrigger } from '../date-triggers/time-jobs.ts';
import { automationProblems } from '../problems.ts';
import { findRuleByKey, insertRule, isRuleKeyTaken, listRules, listRuleVersions, markRuleDeleted, saveRuleVersion, setRuleEnabled, type RuleVersionRow } from './store.ts';
import { assertValidDefinition } from './validate-definition.ts';

export interface RuleInput extends RuleDefinition {
  /** The person the rule acts for; the creator by default. Only automation:admin may name another. */
  ownerId?: string;
}

const DEFAULT_LOOP_LIMIT = 3;
const KEY = /^[a-z][a-z0-9-]{1,62}$/;

function normalised(input: RuleInput) {
  return {
    name: input.name.trim(),
    description: input.description ?? null,
    trigger: input.trigger,
    condition: input.condition ?? { kind: 'always' as const },
    actions: input.actions,
    loopLimit: input.loopLimit ?? DEFAULT_LOOP_LIMIT,
    departmentIds: [...new Set(input.departmentIds ?? [])],
  };
}

export async function readRuleOrThrow(ctx: CommandContext, key: string): Promise<Rule> {
  assertAllowed(ctx.actor, 'automation:read');
  const rule = await findRuleByKey(ctx.tx, key);
  if (!rule) throw automationProblems.ruleNotFound({ detail: `No automation rule ${key}`, key });
  return rule;
}

export async function listRulesForReader(ctx: CommandContext, filter: { enabled?: boolean; triggerKind?: string }): Promise<Rule[]> {
  assertAllowed(ctx.actor, 'automation:read');
  return listRules(ctx.tx, filter);
}

export async function listVersionsOfRule(ctx: CommandContext, key: string): Promise<RuleVersionRow[]> {
  const rule = await readRuleOrThrow(ctx, key);
  return listRuleVersions(ctx.tx, rule.id);
}

export async function createRule(ctx: CommandContext, key: string, input: RuleInput): Promise<Rule> {
  assertAllowed(ctx.actor, 'automation:admin');
  if (!KEY.test(key)) throw automationProblems.invalidDefinition({ errors: [{ field: 'key', reason: 'must be 2 to 63 lower-case letters, digits and -, starting with a letter', code: 'pattern' }] });
  const ownerId = input.ownerId ?? ctx.actor.userId;
  await assertValidDefinition(ctx, input, { ownerId });
  if (await isRuleKeyTaken(ctx.tx, key)) throw automationProblems.ruleKeyTaken({ detail: `A rule with key ${key} exists`, key });
  const id = newId();
  const definition = normalised(input);
  await insertRule(ctx.tx, { id, key, ownerId, definition, by: ctx.actor.userId, now: ctx.now });
  await recordAuditEvent(ctx, {
    action: 'automation.rule-created',
    targetType: 'automation-rule',
    targetId: id,
    data: { key, version: 1, ownerId, triggerKind: definition.trigger.kind, actionTypes: definition.actions.map((a) => a.type) },
  });
  return (await findRuleByKey(ctx.tx, key))!;
}

async function lockRuleOrThrow(ctx: CommandContext, key: string, expectedVersion: number): Promise<Rule> {
  assertAllowed(ctx.actor, 'automation:admin');
  const rule = await findRuleByKey(ctx.tx, key, { forUpdate: true });
  if (!rule) throw automationProblems.ruleNotFound({ detail: `No automation rule ${key}`, key });
  if (rule.version !== expectedVersion) {
    throw automationProblems.ruleVersionStale({ detail: `You sent version ${expectedVersion}; the rule is at ${rule.version}. Reload it.`, currentVersion: rule.version });
  }
  return rule;
}

/** PUT: a new rule_version with the whole definition; the owner stays unless an administrator names another. */
export async function saveRule(ctx: CommandContext, key: string, expectedVersion: number, input: RuleInput): Promise<Rule> {
  const rule = await lockRuleOrThrow(ctx, key, expectedVersion);
  const ownerId = input.ownerId ?? rule.ownerId;
  await assertValidDefinition(ctx, input, { ownerId });
  const definition = normalised(input);
  await saveRuleVersion(ctx.tx, rule, { ownerId, definition, by: ctx.actor.userId, now: ctx.now });
  // An enabled rule saved as a date or schedule rule: its chain (new, or moved to the new time).
  if (rule.enabled && (definition.trigger.kind === 'date' || definition.trigger.kind === 'schedule')) await scheduleTimeTrigger(ctx.tx, rule.id, ctx.now, { fresh: !isTimeRule(rule) });
  await recordAuditEvent(ctx, {
    action: 'automation.rule-saved',
    targetType: 'automation-rule',
    targetId: rule.id,
    data: { key, version: rule.currentVersion + 1, ownerId, ...(ownerId !== rule.ownerId ? { previousOwnerId: rule.ownerId } : {}), enabled: rule.enabled },
  });
  return (await findRuleByKey(ctx.tx, key))!;
}

/** Enables the rule, in the departments given (and below) or every department when none are. */
export async function enableRule(ctx: CommandContext, key: string, expectedVersion: number | undefined, departmentIds: string[] | undefined): Promise<Rule> {
  assertAllowed(ctx.actor, 'automation:admin');
  const rule = expectedVersion === undefined ? await lockRuleOrThrow(ctx, key, (await readRuleOrThrow(ctx, key)).version) : await lockRuleOrThrow(ctx, key, expectedVersion);
  if (departmentIds !== undefined) {
    const errors = [];
    for (const [i, id] of departmentIds.entries())
      if (!isUuid(id) || !(await findDepartment(ctx.tx, id))) errors.push({ field: `departmentIds[${i}]`, reason: 'no such department', code: 'unknown-department' });
    if (errors.length > 0) throw automationProblems.invalidDefinition({ errors });
  }
  await setRuleEnabled(ctx.tx, rule.id, { enabled: true, departmentIds: departmentIds && [...new Set(departmentIds)], now: ctx.now });
  // Date and schedule rules (part E): a new chain of scan or fire jobs, from today's.
  if (isTimeRule(rule)) await scheduleTimeTrigger(ctx.tx, rule.id, ctx.now, { fresh: true });
  await recordAuditEvent(ctx, {
    action: 'automation.rule-enabled',
    targetType: 'automation-rule',
    targetId: rule.id,
    data: { key, version: rule.currentVersion, departmentIds: departmentIds ?? rule.departmentIds },
  });
  return (await findRuleByKey(ctx.tx, key))!;
}

export async function disableRule(ctx: CommandContext, key: string, expectedVersion: number | undefined): Promise<Rule> {
  assertAllowed(ctx.actor, 'automation:admin');
  const rule = expectedVersion === undefined ? await lockRuleOrThrow(ctx, key, (await readRuleOrThrow(ctx, key)).version) : await lockRuleOrThrow(ctx, key, expectedVersion);
  if (isTimeRule(rule)) await cancelTimeTrigger(ctx.tx, rule.id, ctx.now);
  await setRuleEnabled(ctx.tx, rule.id, { enabled: false, now: ctx.now });
  await recordAuditEvent(ctx, { action: 'automation.rule-disabled', targetType: 'automation-rule', targetId: rule.id, data: { key, version: rule.currentVersion } });
  return (await findRuleByKey(ctx.tx, key))!;
}

/** Deleted rules stop at once and keep their versions and run history; the key stays taken. */
export async function deleteRule(ctx: CommandContext, key: string, expectedVersion: number): Promise<void> {
  const rule = await lockRuleOrThrow(ctx, key, expectedVersion);
  if (isTimeRule(rule)) await cancelTimeTrigger(ctx.tx, rule.id, ctx.now);
  await markRuleDeleted(ctx.tx, rule.id, ctx.now);
  await recordAuditEvent(ctx, { action: 'automation.rule-deleted', targetType: 'automation-rule', targetId: rule.id, data: { key, version: rule.currentVersion } });
}

const isTimeRule = (rule: Rule) => rule.triggerKind === 'date' || rule.triggerKind === 'schedule';
