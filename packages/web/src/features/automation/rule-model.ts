import type { Translate } from '../../i18n/i18n.ts';
import { translateIfKnown } from '../../i18n/i18n.ts';
import type { UserRef, ObjectFieldSummary, ObjectTypeSummary, RuleAction, RuleCondition, RuleDefinition, RuleTrigger, TriggerKind } from './automation-api.ts';

// Pure: a rule in words for its list and its dry-run ("7 days before 生日, create a task …"), and the
// designer's form values to and from the API's definition. No React, no requests.

export const OFFSET_DIRECTIONS = ['before', 'on', 'after'] as const;
export type OffsetDirection = (typeof OFFSET_DIRECTIONS)[number];

/** Names the words need: object types with their fields, case types, people. */
export interface RuleNames {
  locale: 'zh-CN' | 'en-US';
  objectTypes?: ObjectTypeSummary[];
  caseTypes?: { key: string; name: string }[];
  users?: { id: string; displayName: string }[];
  queues?: { id: string; name: string }[];
}

export function objectTypeLabel(type: ObjectTypeSummary | undefined, key: string, locale: RuleNames['locale']): string {
  if (!type) return key;
  if (typeof type.name === 'string') return type.name;
  if (type.name) return type.name[locale] || type.name['zh-CN'];
  return (locale === 'en-US' ? type.nameEn : type.nameZh) ?? type.nameZh ?? type.nameEn ?? key;
}

export function fieldLabel(field: ObjectFieldSummary | undefined, key: string, locale: RuleNames['locale']): string {
  return field ? field.label[locale] || field.label['zh-CN'] : key;
}

const findType = (names: RuleNames, key: string) => names.objectTypes?.find((o) => o.key === key);
const findField = (names: RuleNames, typeKey: string, field: string) => findType(names, typeKey)?.fields.find((f) => f.key === field);

/** A date trigger on cases (objectType 'case') counts from one of a case's own dates: "2 days after closed". */
export const CASE_SUBJECT = 'case';
export const CASE_DATE_FIELDS = ['createdAt', 'closedAt', 'resolvedAt', 'dueAt'] as const;

/** Whether the rule's subjects are cases: a case event, an incoming event, or a date of a case. */
export function isCaseSubject(trigger: { kind?: string; objectType?: string } | undefined): boolean {
  return trigger?.kind === 'case-event' || trigger?.kind === 'event' || (trigger?.kind === 'date' && trigger.objectType === CASE_SUBJECT);
}

/** Date fields of an object type: a date trigger counts from one of these. */
export function dateFieldsOf(type: ObjectTypeSummary | undefined): ObjectFieldSummary[] {
  return (type?.fields ?? []).filter((f) => f.type === 'date' || f.type === 'datetime');
}

/** User fields of an object type: a task can go to the person one names (the relationship manager). */
export function userFieldsOf(type: ObjectTypeSummary | undefined): ObjectFieldSummary[] {
  return (type?.fields ?? []).filter((f) => f.type === 'user');
}

/** "生日前 7 天" / "7 days before 生日", "到期日当天" / "on 到期日". */
export function describeOffset(offsetDays: number, field: string, t: Translate): string {
  if (offsetDays === 0) return t('automation.offset.on', { field });
  return t(offsetDays < 0 ? 'automation.offset.before' : 'automation.offset.after', { field, days: Math.abs(offsetDays) });
}

export function describeTrigger(trigger: RuleTrigger, t: Translate, names: RuleNames): string {
  switch (trigger.kind) {
    case 'date': {
      const onCase = trigger.objectType === CASE_SUBJECT;
      const type = findType(names, trigger.objectType);
      const field = onCase
        ? (translateIfKnown(t, `automation.caseDate.${trigger.field}`) ?? trigger.field)
        : fieldLabel(findField(names, trigger.objectType, trigger.field), trigger.field, names.locale);
      const when = describeOffset(trigger.offsetDays, field, t);
      const recurring = trigger.recurrence === 'yearly' ? t('automation.recurrence.yearlyShort') : '';
      const at = trigger.at ? t('automation.trigger.atTime', { time: trigger.at }) : '';
      return t('automation.trigger.dateWords', { type: objectTypeLabel(type, trigger.objectType, names.locale), when, recurring, at })
        .replace(/\s+/g, ' ')
        .trim();
    }
    case 'record-event': {
      const type = objectTypeLabel(findType(names, trigger.objectType), trigger.objectType, names.locale);
      if (trigger.on === 'created') return t('automation.trigger.recordCreated', { type });
      const fields = (trigger.fields ?? []).map((f) => fieldLabel(findField(names, trigger.objectType, f), f, names.locale));
      return fields.length > 0 ? t('automation.trigger.recordFieldsChanged', { type, fields: fields.join(t('automation.listSeparator')) }) : t('automation.trigger.recordChanged', { type });
    }
    case 'case-event': {
      const types = (trigger.caseTypes ?? []).map((k) => names.caseTypes?.find((c) => c.key === k)?.name ?? k);
      const type = types.length > 0 ? types.join(t('automation.listSeparator')) : t('automation.trigger.anyCaseType');
      if (trigger.on === 'status-changed') {
        const to = trigger.to ? statusLabel(trigger.to, t) : t('automation.trigger.anyStatus');
        return trigger.from ? t('automation.trigger.caseStatusFromTo', { type, from: statusLabel(trigger.from, t), to }) : t('automation.trigger.caseStatusTo', { type, to });
      }
      return t(`automation.trigger.case.${trigger.on}`, { type });
    }
    case 'schedule':
      return t('automation.trigger.scheduleWords', { cron: trigger.cron });
    case 'event':
      return t('automation.trigger.eventWords', { event: eventLabel(trigger.eventType, t) });
  }
}

/** A case status by its key: the case console's label when it knows it, else the key as typed. */
export function statusLabel(status: string, t: Translate): string {
  return translateIfKnown(t, `status.${status}`) ?? status;
}

/** A domain event type in words (the webhook settings' labels), else the type as it is. */
export function eventLabel(type: string, t: Translate): string {
  return translateIfKnown(t, `integrationAdmin.event.${type}`) ?? type;
}

export function describeCondition(condition: RuleCondition, t: Translate): string {
  if (condition.kind === 'feel') return t('automation.condition.feelWords', { expression: condition.expression });
  if (condition.kind === 'dmn') return t('automation.condition.dmnWords', { key: condition.decisionKey });
  return t('automation.condition.always');
}

/** A case names its people in these members (the API's `userField` on a case subject). */
export const CASE_USER_FIELDS = ['assigneeId', 'createdBy'] as const;

export function describeUserRef(ref: UserRef | undefined, objectType: string | undefined, t: Translate, names: RuleNames): string {
  if (!ref) return t('automation.assignee.none');
  if ('userField' in ref) {
    const caseField = (CASE_USER_FIELDS as readonly string[]).includes(ref.userField) ? t(`automation.caseUserField.${ref.userField as (typeof CASE_USER_FIELDS)[number]}`) : undefined;
    const label = caseField ?? (objectType ? fieldLabel(findField(names, objectType, ref.userField), ref.userField, names.locale) : ref.userField);
    return t('automation.assignee.fieldWords', { field: label });
  }
  if ('departmentRole' in ref) return t('automation.assignee.roleWords', { role: ref.departmentRole });
  return names.users?.find((u) => u.id === ref.userId)?.displayName ?? t('automation.assignee.someone');
}

/** The subject's object type for a record or date trigger (user fields are looked up there). */
export function subjectObjectType(trigger: RuleTrigger): string | undefined {
  if (trigger.kind === 'date' && trigger.objectType === CASE_SUBJECT) return undefined;
  return trigger.kind === 'date' || trigger.kind === 'record-event' ? trigger.objectType : undefined;
}

export function describeAction(action: RuleAction, trigger: RuleTrigger, t: Translate, names: RuleNames): string {
  const type = subjectObjectType(trigger);
  switch (action.type) {
    case 'create-task':
      return t(action.dueInDays != null ? 'automation.action.createTaskDueWords' : 'automation.action.createTaskWords', {
        title: action.title,
        assignee: describeUserRef(action.assignee, type, t, names),
        days: action.dueInDays ?? 0,
      });
    case 'create-case':
      return t('automation.action.createCaseWords', { type: names.caseTypes?.find((c) => c.key === action.caseType)?.name ?? action.caseType, title: action.title });
    case 'set-fields':
      return t('automation.action.setFieldsWords', { fields: Object.keys(action.fields ?? {}).join(t('automation.listSeparator')) });
    case 'assign':
      return t('automation.action.assignWords', { assignee: describeUserRef(action.assignee, type, t, names) });
    case 'route':
      return t('automation.action.routeWords');
    case 'notify':
      return t('automation.action.notifyWords', { to: (action.recipients ?? []).map((r) => describeUserRef(r, type, t, names)).join(t('automation.listSeparator')) });
    case 'start-process':
      return t('automation.action.startProcessWords', { process: action.processKey });
    case 'add-tag':
      return t('automation.action.addTagWords', { tag: action.tag });
    case 'call-connector':
      return t('automation.action.callConnectorWords', { url: action.url });
  }
}

// ---- the designer's form ----

/** A date trigger as the form holds it: the offset split into direction and days, so people never type a minus sign. */
export interface TriggerFormValues {
  kind: TriggerKind;
  on?: string;
  caseTypes?: string[];
  from?: string;
  to?: string;
  fields?: string[];
  objectType?: string;
  field?: string;
  direction?: OffsetDirection;
  days?: number;
  recurrence?: 'yearly' | 'once';
  at?: string;
  calendarKey?: string;
  timeZone?: string;
  cron?: string;
  eventType?: string;
}

/** An action as the form holds it: the person split into kind and value; values to set as rows. */
export interface ActionFormValues {
  type: RuleAction['type'];
  title?: string;
  description?: string;
  dueInDays?: number;
  assigneeKind?: 'field' | 'user' | 'role';
  assigneeField?: string;
  assigneeUserId?: string;
  assigneeRole?: string;
  caseType?: string;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  fieldRows?: { key: string; value: string }[];
  processKey?: string;
  tag?: string;
  url?: string;
}

export interface RuleFormValues {
  key: string;
  name: string;
  description?: string;
  trigger: TriggerFormValues;
  condition: { kind: RuleCondition['kind']; expression?: string; decisionKey?: string };
  actions: ActionFormValues[];
  loopLimit: number;
  departmentIds: string[];
}

export function newRuleValues(): RuleFormValues {
  return {
    key: '',
    name: '',
    trigger: { kind: 'date', direction: 'before', days: 7, recurrence: 'yearly', at: '09:00' },
    condition: { kind: 'always' },
    actions: [{ type: 'create-task', title: '', assigneeKind: 'field', dueInDays: 3 }],
    loopLimit: 3,
    departmentIds: [],
  };
}

function assigneeToForm(a: UserRef | undefined): Pick<ActionFormValues, 'assigneeKind' | 'assigneeField' | 'assigneeUserId' | 'assigneeRole'> {
  if (!a) return { assigneeKind: 'field' };
  if ('userField' in a) return { assigneeKind: 'field', assigneeField: a.userField };
  if ('departmentRole' in a) return { assigneeKind: 'role', assigneeRole: a.departmentRole };
  return { assigneeKind: 'user', assigneeUserId: a.userId };
}

function assigneeFromForm(v: ActionFormValues): UserRef {
  if (v.assigneeKind === 'user') return { userId: v.assigneeUserId ?? '' };
  if (v.assigneeKind === 'role') return { departmentRole: v.assigneeRole?.trim() ?? '' };
  return { userField: v.assigneeField ?? '' };
}

const text = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

export function triggerToForm(trigger: RuleTrigger): TriggerFormValues {
  if (trigger.kind === 'date') {
    const { offsetDays, ...rest } = trigger;
    return { ...rest, direction: offsetDays < 0 ? 'before' : offsetDays > 0 ? 'after' : 'on', days: Math.abs(offsetDays) };
  }
  return { ...trigger };
}

export function triggerFromForm(v: TriggerFormValues): RuleTrigger {
  switch (v.kind) {
    case 'date': {
      const days = v.direction === 'on' ? 0 : (v.days ?? 0);
      return {
        kind: 'date',
        objectType: v.objectType ?? '',
        field: v.field ?? '',
        offsetDays: v.direction === 'before' ? -days : days,
        recurrence: v.recurrence ?? 'yearly',
        ...(text(v.at) ? { at: text(v.at) } : {}),
        ...(text(v.calendarKey) ? { calendarKey: text(v.calendarKey) } : {}),
        ...(text(v.timeZone) ? { timeZone: text(v.timeZone) } : {}),
      };
    }
    case 'record-event':
      return { kind: 'record-event', on: (v.on as 'created' | 'changed') ?? 'created', objectType: v.objectType ?? '', ...(v.on === 'changed' && v.fields?.length ? { fields: v.fields } : {}) };
    case 'case-event':
      return {
        kind: 'case-event',
        on: (v.on as 'created') ?? 'created',
        ...(v.caseTypes?.length ? { caseTypes: v.caseTypes } : {}),
        ...(v.on === 'status-changed' && text(v.from) ? { from: text(v.from) } : {}),
        ...(v.on === 'status-changed' && text(v.to) ? { to: text(v.to) } : {}),
        ...(v.on === 'fields-changed' && v.fields?.length ? { fields: v.fields } : {}),
      };
    case 'schedule':
      return { kind: 'schedule', cron: text(v.cron) ?? '', ...(text(v.calendarKey) ? { calendarKey: text(v.calendarKey) } : {}) };
    case 'event':
      return { kind: 'event', eventType: text(v.eventType) ?? '' };
  }
}

const valueText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export function actionToForm(action: RuleAction): ActionFormValues {
  switch (action.type) {
    case 'create-task':
      return { type: action.type, title: action.title, description: action.description, dueInDays: action.dueInDays, ...assigneeToForm(action.assignee) };
    case 'create-case':
      return {
        type: action.type,
        caseType: action.caseType,
        title: action.title,
        priority: action.priority,
        fieldRows: Object.entries(action.fields ?? {}).map(([key, value]) => ({ key, value: valueText(value) })),
      };
    case 'set-fields':
      return { type: action.type, fieldRows: Object.entries(action.fields ?? {}).map(([key, value]) => ({ key, value: valueText(value) })) };
    case 'assign':
      return { type: action.type, ...assigneeToForm(action.assignee) };
    case 'notify':
      return { type: action.type, ...assigneeToForm(action.recipients?.[0]) };
    case 'route':
      return { type: action.type };
    case 'start-process':
      return { type: action.type, processKey: action.processKey };
    case 'add-tag':
      return { type: action.type, tag: action.tag };
    case 'call-connector':
      return { type: action.type, url: action.url };
  }
}

/** A typed value: a number, true/false, null or a list when it reads as one; else the text itself (a template). */
function parseValue(value: string): string | number | boolean | null | string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed === null || typeof parsed === 'number' || typeof parsed === 'boolean') return parsed;
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed as string[];
  } catch {
    // text
  }
  return value;
}

const rowsToValues = (rows: ActionFormValues['fieldRows']) => Object.fromEntries((rows ?? []).filter((r) => r?.key?.trim()).map((r) => [r.key.trim(), parseValue(r.value ?? '')]));

export function actionFromForm(v: ActionFormValues): RuleAction {
  switch (v.type) {
    case 'create-task':
      return {
        type: 'create-task',
        title: v.title?.trim() ?? '',
        assignee: assigneeFromForm(v),
        ...(v.dueInDays != null ? { dueInDays: v.dueInDays } : {}),
        ...(text(v.description) ? { description: text(v.description) } : {}),
      };
    case 'create-case': {
      const fields = rowsToValues(v.fieldRows);
      return { type: 'create-case', caseType: v.caseType ?? '', title: v.title?.trim() ?? '', ...(v.priority ? { priority: v.priority } : {}), ...(Object.keys(fields).length > 0 ? { fields } : {}) };
    }
    case 'set-fields':
      return { type: 'set-fields', fields: rowsToValues(v.fieldRows) };
    case 'assign':
      return { type: 'assign', assignee: assigneeFromForm(v) };
    case 'route':
      return { type: 'route' };
    case 'notify':
      return { type: 'notify', recipients: [assigneeFromForm(v)] };
    case 'start-process':
      return { type: 'start-process', processKey: v.processKey ?? '' };
    case 'add-tag':
      return { type: 'add-tag', tag: v.tag?.trim() ?? '' };
    case 'call-connector':
      return { type: 'call-connector', url: v.url?.trim() ?? '' };
  }
}

export function ruleToValues(rule: RuleDefinition & { key: string }): RuleFormValues {
  return {
    key: rule.key,
    name: rule.name,
    description: rule.description ?? undefined,
    trigger: triggerToForm(rule.trigger),
    condition: { ...rule.condition } as RuleFormValues['condition'],
    actions: rule.actions.map(actionToForm),
    loopLimit: rule.loopLimit,
    departmentIds: rule.departmentIds ?? [],
  };
}

export function valuesToDefinition(v: RuleFormValues): RuleDefinition {
  const condition: RuleCondition =
    v.condition.kind === 'feel'
      ? { kind: 'feel', expression: v.condition.expression?.trim() ?? '' }
      : v.condition.kind === 'dmn'
        ? { kind: 'dmn', decisionKey: v.condition.decisionKey ?? '' }
        : { kind: 'always' };
  return {
    name: v.name.trim(),
    ...(text(v.description) ? { description: text(v.description) } : {}),
    trigger: triggerFromForm(v.trigger),
    condition,
    actions: (v.actions ?? []).map(actionFromForm),
    loopLimit: v.loopLimit,
    departmentIds: v.departmentIds ?? [],
  };
}

/**
 * The form field a problem's error names: `trigger.offsetDays` is the days box, `actions[0].assignee.field`
 * (or `actions.0.assignee`) the first action's assignee; anything else as its dotted path.
 */
export function ruleFieldName(field: string): (string | number)[] {
  const parts = field
    .replace(/^\/+/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts[0] === 'trigger' && parts[1] === 'offsetDays') return ['trigger', 'days'];
  if (parts[0] === 'actions' && typeof parts[1] === 'number') {
    // actions[0].assignee.userField, actions[0].recipients[0].userId: the action's person pickers.
    const person = parts[2] === 'assignee' ? parts[3] : parts[2] === 'recipients' ? parts[4] : undefined;
    if (parts[2] === 'assignee' || parts[2] === 'recipients') return ['actions', parts[1], person === 'userId' ? 'assigneeUserId' : person === 'departmentRole' ? 'assigneeRole' : 'assigneeField'];
    if (parts[2] === 'fields') return ['actions', parts[1], 'fieldRows'];
    return parts.slice(0, 3);
  }
  return parts.slice(0, 2);
}

/** A problem's field in the reader's words: "触发 · 字段", "动作 2 · 标题". */
export function describeRuleField(field: string, t: Translate): string {
  const name = ruleFieldName(field);
  if (name[0] === 'actions' && typeof name[1] === 'number') {
    const label = name[2] ? translateIfKnown(t, `automation.field.${String(name[2])}`) : undefined;
    return [t('automation.actions.numbered', { n: name[1] + 1 }), label].filter(Boolean).join(' · ');
  }
  const key = name.join('.');
  return translateIfKnown(t, `automation.field.${key}`) ?? translateIfKnown(t, `automation.field.${String(name[0])}`) ?? field;
}
