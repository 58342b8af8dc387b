import type { Translate } from '../../i18n/i18n.ts';
import { translateIfKnown } from '../../i18n/i18n.ts';
import type { CreateRuleBody, PassedOverCode, RoutingRule, RuleActions, RuleConditions, SaveRuleBody } from './routing-admin-api.ts';

// Pure helpers of the rule editor and the tester: a rule as form values and back, and conditions,
// actions, failed conditions and passed-over candidates in the reader's words (never a raw code).

/** The list conditions in the order the editor and the summaries show them. */
export const LIST_CONDITIONS = [
  'caseTypes',
  'channels',
  'sources',
  'categories',
  'products',
  'customerTiers',
  'tags',
  'customerRegions',
  'customerBranches',
  'riskLevels',
  'slaStates',
  'priorities',
  'processKeys',
  'taskElementIds',
] as const satisfies readonly (keyof RuleConditions)[];
export type ListCondition = (typeof LIST_CONDITIONS)[number];

export interface RuleValues {
  key: string;
  name: string;
  enabled: boolean;
  appliesTo: RoutingRule['appliesTo'];
  /** ISO instants; the page turns its date pickers into these. */
  effectiveFrom?: string;
  effectiveTo?: string | null;
  conditions: RuleConditions;
  actions: RuleActions & { keepWithPreviousHandler?: boolean };
}

export function newRuleValues(): RuleValues {
  return { key: '', name: '', enabled: true, appliesTo: 'case', conditions: {}, actions: {} };
}

export function ruleToValues(rule: RoutingRule): RuleValues {
  return {
    key: rule.key,
    name: rule.name,
    enabled: rule.enabled,
    appliesTo: rule.appliesTo,
    effectiveFrom: rule.effectiveFrom,
    effectiveTo: rule.effectiveTo,
    conditions: rule.conditions,
    actions: { ...rule.actions, keepWithPreviousHandler: rule.actions.keepWithPreviousHandlerDays !== undefined },
  };
}

const nonEmpty = <T>(list: T[] | undefined): T[] | undefined => {
  const kept = (list ?? []).map((v) => (typeof v === 'string' ? (v.trim() as T) : v)).filter((v) => v !== '' && v !== undefined && v !== null);
  return kept.length > 0 ? kept : undefined;
};

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The editor's conditions as the API takes them: empty lists and a blank expression left out. */
export function cleanConditions(conditions: RuleConditions | undefined): RuleConditions {
  const c = conditions ?? {};
  const lists = Object.fromEntries(LIST_CONDITIONS.map((name) => [name, nonEmpty(c[name] as string[] | undefined)]));
  return compact({ ...lists, feel: c.feel?.trim() ? c.feel.trim() : undefined }) as RuleConditions;
}

/** The editor's actions as the API takes them: "keep with previous handler" only when ticked, skills without blanks. */
export function cleanActions(actions: RuleValues['actions'] | undefined): RuleActions {
  const a = actions ?? {};
  const skills = (a.requiredSkills ?? []).filter((s) => s?.skill?.trim()).map((s) => ({ skill: s.skill.trim(), minLevel: Number(s.minLevel ?? 1) }));
  return compact<RuleActions>({
    queueId: a.queueId || undefined,
    priorityBoost: a.priorityBoost ? Number(a.priorityBoost) : undefined,
    requiredSkills: skills.length > 0 ? skills : undefined,
    requiredLanguages: nonEmpty(a.requiredLanguages),
    pushToCustomerBranch: a.pushToCustomerBranch ? true : undefined,
    keepWithPreviousHandlerDays: a.keepWithPreviousHandler && a.keepWithPreviousHandlerDays ? Number(a.keepWithPreviousHandlerDays) : undefined,
  });
}

export function valuesToSaveBody(values: RuleValues, reason: string): SaveRuleBody {
  return compact<SaveRuleBody>({
    name: values.name.trim(),
    enabled: values.enabled,
    appliesTo: values.appliesTo,
    effectiveFrom: values.effectiveFrom || undefined,
    // PUT is the whole rule: null clears an end date it had.
    effectiveTo: values.effectiveTo || null,
    conditions: cleanConditions(values.conditions),
    actions: cleanActions(values.actions),
    reason: reason.trim() || undefined,
  });
}

export function valuesToCreateBody(values: RuleValues): CreateRuleBody {
  const { reason: _reason, ...body } = valuesToSaveBody(values, '');
  return { key: values.key.trim(), ...body, effectiveTo: values.effectiveTo || undefined };
}

/** Names the summaries need besides the catalogue: case types and queues by their keys and ids. */
export interface RoutingNames {
  caseType(key: string): string;
  queue(id: string): string;
}

const list = (t: Translate, items: string[]) => items.join(t('routingAdmin.listSeparator'));

/** A language code in the reader's language ("en" → 英语 / English); the code itself when the browser does not know it. */
export function languageName(code: string, t: Translate): string {
  try {
    const names = new Intl.DisplayNames([t.locale ?? 'zh-CN'], { type: 'language' });
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A skill by its convention prefix: `case-type:complaint` → 工单类型「投诉」; an unprefixed skill as typed. */
export function describeSkill(skill: string, t: Translate, names: RoutingNames): string {
  const [prefix, ...rest] = skill.split(':');
  const value = rest.join(':');
  if (!value) return skill;
  if (prefix === 'case-type') return t('routingAdmin.skill.case-type', { value: names.caseType(value) });
  if (prefix === 'language') return t('routingAdmin.skill.language', { value: languageName(value, t) });
  return translateIfKnown(t, `routingAdmin.skill.${prefix}`, { value }) ?? skill;
}

/** One condition value in words: channels, tags, tiers, priorities and SLA states translated when the catalogue knows them. */
export function describeConditionValue(condition: string, value: unknown, t: Translate, names: RoutingNames): string {
  if (value === null || value === undefined || value === '') return t('routingAdmin.value.none');
  if (Array.isArray(value))
    return value.length === 0
      ? t('routingAdmin.value.none')
      : list(
          t,
          value.map((v) => describeConditionValue(condition, v, t, names)),
        );
  if (typeof value === 'boolean') return value ? t('routingAdmin.value.yes') : t('routingAdmin.value.no');
  if (typeof value !== 'string') return String(value);
  switch (condition) {
    case 'caseTypes':
    case 'caseType':
      return names.caseType(value);
    case 'channels':
    case 'channel':
      return translateIfKnown(t, `routingAdmin.channel.${value}`) ?? value;
    case 'tags':
      return translateIfKnown(t, `routingAdmin.tag.${value}`) ?? value;
    case 'customerTiers':
    case 'customerTier':
      return translateIfKnown(t, `routingAdmin.tier.${value}`) ?? value;
    case 'priorities':
    case 'priority':
      return translateIfKnown(t, `priority.${value}`) ?? value;
    case 'slaStates':
    case 'slaState':
      return translateIfKnown(t, `routingAdmin.slaState.${value}`) ?? value;
    case 'riskLevels':
    case 'riskLevel':
      return translateIfKnown(t, `routingAdmin.risk.${value}`) ?? value;
    default:
      return value;
  }
}

/** Each condition of a rule as one line: "渠道：12378 热线"; a rule without conditions takes everything. */
export function describeConditions(conditions: RuleConditions, appliesTo: RoutingRule['appliesTo'], t: Translate, names: RoutingNames): string[] {
  const lines: string[] = [];
  for (const name of LIST_CONDITIONS) {
    const values = conditions[name] as string[] | undefined;
    if (values && values.length > 0) lines.push(`${t(`routingAdmin.cond.${name}`)}: ${describeConditionValue(name, values, t, names)}`);
  }
  if (conditions.feel) lines.push(`${t('routingAdmin.cond.feel')}: ${conditions.feel}`);
  return lines.length > 0 ? lines : [appliesTo === 'task' ? t('routingAdmin.cond.anyTask') : t('routingAdmin.cond.anyCase')];
}

/** Each action of a rule as one line: "转入队列「消保投诉专席」", "优先级提高 1 级". */
export function describeActions(actions: RuleActions, t: Translate, names: RoutingNames): string[] {
  const lines: string[] = [];
  if (actions.queueId) lines.push(t('routingAdmin.act.toQueue', { queue: names.queue(actions.queueId) }));
  if (actions.pushToCustomerBranch) lines.push(t('routingAdmin.act.pushToBranchText'));
  if (actions.priorityBoost) lines.push(t('routingAdmin.act.boostText', { count: actions.priorityBoost }));
  if (actions.requiredSkills?.length)
    lines.push(
      t('routingAdmin.act.skillsText', {
        skills: list(
          t,
          actions.requiredSkills.map((s) => t('routingAdmin.skillAtLeast', { skill: describeSkill(s.skill, t, names), level: s.minLevel })),
        ),
      }),
    );
  if (actions.requiredLanguages?.length)
    lines.push(
      t('routingAdmin.act.languagesText', {
        languages: list(
          t,
          actions.requiredLanguages.map((l) => languageName(l, t)),
        ),
      }),
    );
  if (actions.keepWithPreviousHandlerDays) lines.push(t('routingAdmin.act.keepText', { days: actions.keepWithPreviousHandlerDays }));
  return lines.length > 0 ? lines : [t('routingAdmin.act.none')];
}

/** Why a rule did not match, in words: "渠道不符（此工单：电话）". */
export function describeFailedCondition(failed: { condition: string; actual: unknown }, t: Translate, names: RoutingNames): string {
  const what = translateIfKnown(t, `routingAdmin.failed.${failed.condition}`) ?? t('routingAdmin.failed.other');
  // Rule-level checks (switched off, not yet or no longer in force) have no case value to show.
  if (['enabled', 'effectiveFrom', 'effectiveTo', 'appliesTo', 'feel'].includes(failed.condition)) return what;
  return t('routingAdmin.failed.withActual', { what, actual: describeConditionValue(failed.condition, failed.actual, t, names) });
}

/** Why a candidate was passed over, in words; a skill or language the detail names is translated too. */
export function describePassedOver(reason: { code: PassedOverCode; detail?: string }, t: Translate, names: RoutingNames): string {
  const what = translateIfKnown(t, `routingAdmin.passedOver.${reason.code}`) ?? t('routingAdmin.passedOver.other');
  const detail = reason.detail?.trim();
  if (!detail) return what;
  if (reason.code === 'missing-skill' && /^[a-z-]+:\S+$/.test(detail)) return `${what}: ${describeSkill(detail, t, names)}`;
  if (reason.code === 'missing-language' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(detail)) return `${what}: ${languageName(detail, t)}`;
  // Other details are the server's own words: the code already says why.
  return what;
}

/** Moves one key a step up or down in the match order; the list as PUT /routing/rules/order wants it. */
export function movedKeys(keys: readonly string[], index: number, by: -1 | 1): string[] {
  const next = [...keys];
  const target = index + by;
  if (index < 0 || index >= next.length || target < 0 || target >= next.length) return next;
  const [moved] = next.splice(index, 1);
  next.splice(target, 0, moved!);
  return next;
}

const FIELD_LABELS: Record<string, string> = {
  key: 'routingAdmin.rule.key',
  name: 'routingAdmin.rule.name',
  enabled: 'routingAdmin.rule.enabled',
  appliesTo: 'routingAdmin.rule.appliesTo',
  effectiveFrom: 'routingAdmin.rule.effectiveFrom',
  effectiveTo: 'routingAdmin.rule.effectiveTo',
  queueId: 'routingAdmin.act.queue',
  priorityBoost: 'routingAdmin.act.boost',
  requiredSkills: 'routingAdmin.act.skills',
  requiredLanguages: 'routingAdmin.act.languages',
  pushToCustomerBranch: 'routingAdmin.act.pushToBranch',
  keepWithPreviousHandlerDays: 'routingAdmin.act.keep',
  reason: 'routingAdmin.rule.reason',
};

/** A server field path as the form's name path: `conditions.feel`, `/actions/requiredSkills/0/skill`, `body.key`. */
export function ruleFieldName(field: string): (string | number)[] {
  return field
    .replace(/^\/+/, '')
    .replace(/^body[./]/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** The field a problem names, in the reader's words: `conditions.feel` → "FEEL 表达式", `actions.requiredSkills[1].minLevel` → "所需技能 2". */
export function describeRuleField(field: string, t: Translate): string {
  const parts = ruleFieldName(field);
  const named = parts.filter((p): p is string => typeof p === 'string' && p !== 'conditions' && p !== 'actions');
  const index = parts.find((p): p is number => typeof p === 'number');
  const main = named[0];
  if (!main) return t('routingAdmin.failed.other');
  const label = FIELD_LABELS[main] ? t(FIELD_LABELS[main] as Parameters<Translate>[0]) : (translateIfKnown(t, `routingAdmin.cond.${main}`) ?? main);
  return index === undefined ? label : `${label} ${index + 1}`;
}
