import type { CommandContext } from '../../../platform/commands/index.ts';
import { DOMAIN_EVENT_TYPES } from '../../../platform/events/index.ts';
import { feelSyntaxProblem } from '../../../platform/feel/index.ts';
import { Problem, type FieldError } from '../../../platform/http/problem.ts';
import { isUuid } from '../../../platform/ids/ids.ts';
import { findDepartment, findUserById } from '../../access/index.ts';
import { findCaseTypeStatuses, listFieldDefinitions, CUSTOMER_FIELD_KEYS } from '../../cases/index.ts';
import { findCaseTypeOrThrow } from '../../cases/index.ts';
import { evaluateDeployedDecision } from '../../decisions/index.ts';
import { ACTION_TYPES, CASE_EVENTS, RECORD_EVENTS, type RuleDefinition } from '../engine/model.ts';
import { findObjectTypeFacts, findRelationFacts } from '../engine/subject-types.ts';
import { templateProblem } from '../engine/templates.ts';
import { automationProblems } from '../problems.ts';

// The whole definition is checked before a version is saved, and every problem is named by its
// path (`trigger.caseTypes[0]`, `actions[2].assignee.userId`), so the designer can point at it.

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const CASE_PLAIN_FIELDS = ['title', 'priority', 'channel', 'tags', 'assigneeId', 'queue', 'departmentId', 'sensitivity', 'customer', 'status'];
const RECORD_PLAIN_FIELDS = ['tags', 'ownerId', 'departmentId', 'externalId', 'sensitivity'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const TAG = /^[\p{L}\p{N}][\p{L}\p{N} _.:-]{0,39}$/u;
/** Date and schedule triggers are checked by the date-triggers part: it registers its check here. */
export type TriggerCheck = (ctx: CommandContext, trigger: Json, errors: FieldError[]) => Promise<void>;
const triggerChecks = new Map<string, TriggerCheck>();
export function registerTriggerCheck(kind: 'date' | 'schedule', check: TriggerCheck): void {
  triggerChecks.set(kind, check);
}

interface Checked {
  errors: FieldError[];
  /** The subject's known field keys (`fields.x`), when the trigger names one type. */
  subjectFields: Set<string> | null;
  subjectKind: 'case' | 'record' | 'none';
  /** user-typed fields of the record type, for assignee { userField }. */
  userFields: Set<string> | null;
}

/** Every problem of a definition, or nothing; throws 400 validation-failed naming each field. */
export async function assertValidDefinition(ctx: CommandContext, input: RuleDefinition, options: { ownerId?: string } = {}): Promise<void> {
  const errors: FieldError[] = [];
  const add = (field: string, reason: string, code?: string) => errors.push({ field, reason, ...(code ? { code } : {}) });
  if (typeof input.name !== 'string' || input.name.trim() === '') add('name', 'must not be blank', 'required');
  if (input.loopLimit !== undefined && (!Number.isInteger(input.loopLimit) || input.loopLimit < 1 || input.loopLimit > 20)) add('loopLimit', 'must be a whole number from 1 to 20', 'out-of-range');
  if (options.ownerId !== undefined) {
    const owner = isUuid(options.ownerId) ? await findUserById(ctx.tx, options.ownerId) : undefined;
    if (owner?.status !== 'active' || owner.username.startsWith('system:')) add('ownerId', 'must be the id of an active person', 'active-user');
  }
  for (const [i, id] of (input.departmentIds ?? []).entries()) {
    if (!isUuid(id) || !(await findDepartment(ctx.tx, id))) add(`departmentIds[${i}]`, 'no such department', 'unknown-department');
  }
  const checked: Checked = { errors, subjectFields: null, subjectKind: 'none', userFields: null };
  await checkTrigger(ctx, input.trigger as unknown, checked);
  await checkCondition(ctx, input.condition as unknown, checked);
  if (!Array.isArray(input.actions) || input.actions.length === 0) add('actions', 'must list at least one action', 'required');
  else if (input.actions.length > 20) add('actions', 'at most 20 actions', 'out-of-range');
  else for (const [i, action] of input.actions.entries()) await checkAction(ctx, action as unknown, `actions[${i}]`, checked);
  if (errors.length > 0) throw automationProblems.invalidDefinition({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
}

function unknownKeys(value: Json, allowed: string[], path: string, errors: FieldError[]) {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) errors.push({ field: `${path}.${key}`, reason: 'is not a setting of this kind', code: 'unknown-field' });
}

async function checkTrigger(ctx: CommandContext, trigger: unknown, c: Checked): Promise<void> {
  const add = (field: string, reason: string, code?: string): void => void c.errors.push({ field, reason, ...(code ? { code } : {}) });
  if (!isObject(trigger)) return add('trigger', 'must be an object with a kind', 'required');
  switch (trigger.kind) {
    case 'case-event': {
      unknownKeys(trigger, ['kind', 'on', 'caseTypes', 'from', 'to', 'fields'], 'trigger', c.errors);
      c.subjectKind = 'case';
      if (!CASE_EVENTS.includes(trigger.on as never)) add('trigger.on', `must be one of ${CASE_EVENTS.join(', ')}`, 'one-of');
      const statuses = new Set<string>();
      const fields = new Set<string>(CASE_PLAIN_FIELDS.concat(CUSTOMER_FIELD_KEYS.map((k) => `customer.${k}`)));
      const types = trigger.caseTypes ?? [];
      if (!Array.isArray(types) || types.some((t) => typeof t !== 'string')) add('trigger.caseTypes', 'must be a list of case type keys');
      else
        for (const [i, key] of (types as string[]).entries()) {
          try {
            const type = await findCaseTypeOrThrow(ctx, key);
            for (const s of await findCaseTypeStatuses(ctx.tx, key, type.version)) statuses.add(s.key);
            for (const f of listFieldDefinitions(type.schema)) fields.add(`fields.${f.key}`);
          } catch (error) {
            if (!(error instanceof Problem) || error.status !== 404) throw error;
            add(`trigger.caseTypes[${i}]`, `no case type ${key}`, 'unknown-case-type');
          }
        }
      c.subjectFields = (types as unknown[]).length > 0 ? fields : null;
      for (const side of ['from', 'to'] as const) {
        if (trigger[side] === undefined) continue;
        if (trigger.on !== 'status-changed') add(`trigger.${side}`, 'only a status-changed trigger has it', 'unknown-field');
        else if (typeof trigger[side] !== 'string') add(`trigger.${side}`, 'must be a status key');
        else if (statuses.size > 0 && !statuses.has(trigger[side] as string)) add(`trigger.${side}`, `no status ${trigger[side] as string} in the case types named`, 'unknown-status');
      }
      if (trigger.fields !== undefined) {
        if (trigger.on !== 'fields-changed') add('trigger.fields', 'only a fields-changed trigger has it', 'unknown-field');
        else checkFieldList(trigger.fields, 'trigger.fields', c.subjectFields, c.errors);
      }
      return;
    }
    case 'record-event': {
      unknownKeys(trigger, ['kind', 'on', 'objectType', 'fields'], 'trigger', c.errors);
      c.subjectKind = 'record';
      if (!RECORD_EVENTS.includes(trigger.on as never)) add('trigger.on', `must be one of ${RECORD_EVENTS.join(', ')}`, 'one-of');
      const type = typeof trigger.objectType === 'string' ? await findObjectTypeFacts(ctx.tx, trigger.objectType) : undefined;
      if (!type) add('trigger.objectType', typeof trigger.objectType === 'string' ? `no object type ${trigger.objectType}` : 'is required', 'unknown-object-type');
      else {
        c.subjectFields = new Set([...RECORD_PLAIN_FIELDS, ...type.fields.map((f) => `fields.${f.key}`)]);
        c.userFields = new Set(type.fields.filter((f) => f.type === 'user').map((f) => f.key));
      }
      if (trigger.fields !== undefined) {
        if (trigger.on !== 'changed') add('trigger.fields', 'only a changed trigger has it', 'unknown-field');
        else checkFieldList(trigger.fields, 'trigger.fields', c.subjectFields, c.errors);
      }
      return;
    }
    case 'event': {
      unknownKeys(trigger, ['kind', 'eventType', 'processEventType'], 'trigger', c.errors);
      if (!DOMAIN_EVENT_TYPES.includes(trigger.eventType as never)) add('trigger.eventType', 'must be a domain event type of the catalogue (docs/events.md)', 'unknown-event-type');
      if (trigger.eventType === 'automation.rule-ran') add('trigger.eventType', 'a rule may not run on the runs of rules', 'unknown-event-type');
      if (trigger.processEventType !== undefined && (trigger.eventType !== 'process.event-published' || typeof trigger.processEventType !== 'string'))
        add('trigger.processEventType', 'only a process.event-published trigger has it, as text', 'unknown-field');
      // Most events are about a case (caseId in the payload): the subject is that case.
      c.subjectKind = 'case';
      return;
    }
    case 'date':
    case 'schedule': {
      const check = triggerChecks.get(trigger.kind);
      if (check) await check(ctx, trigger, c.errors);
      c.subjectKind = trigger.kind === 'schedule' ? 'none' : 'record';
      if (trigger.kind === 'date' && typeof trigger.objectType === 'string') {
        const type = await findObjectTypeFacts(ctx.tx, trigger.objectType);
        if (type) {
          c.subjectFields = new Set([...RECORD_PLAIN_FIELDS, ...type.fields.map((f) => `fields.${f.key}`)]);
          c.userFields = new Set(type.fields.filter((f) => f.type === 'user').map((f) => f.key));
        }
      }
      return;
    }
    default:
      add('trigger.kind', 'must be case-event, record-event, event, date or schedule', 'one-of');
  }
}

function checkFieldList(value: unknown, path: string, known: Set<string> | null, errors: FieldError[]) {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string')) {
    errors.push({ field: path, reason: 'must be a non-empty list of field names (`fields.category`, `priority` …)' });
    return;
  }
  for (const [i, name] of (value as string[]).entries()) {
    if (known && !known.has(name)) errors.push({ field: `${path}[${i}]`, reason: `no field ${name}`, code: 'unknown-field' });
  }
}

async function checkCondition(ctx: CommandContext, condition: unknown, c: Checked): Promise<void> {
  if (condition === undefined) return;
  if (!isObject(condition)) return void c.errors.push({ field: 'condition', reason: 'must be an object with a kind' });
  switch (condition.kind) {
    case 'always':
      unknownKeys(condition, ['kind'], 'condition', c.errors);
      return;
    case 'feel': {
      unknownKeys(condition, ['kind', 'expression'], 'condition', c.errors);
      const problem = typeof condition.expression === 'string' ? feelSyntaxProblem(condition.expression) : 'is required';
      if (problem) c.errors.push({ field: 'condition.expression', reason: `not a FEEL expression: ${problem}`, code: 'feel-syntax' });
      return;
    }
    case 'dmn': {
      unknownKeys(condition, ['kind', 'decisionKey'], 'condition', c.errors);
      if (typeof condition.decisionKey !== 'string' || !(await isDecisionDeployed(ctx, condition.decisionKey)))
        c.errors.push({ field: 'condition.decisionKey', reason: 'no deployed decision with this key', code: 'unknown-decision' });
      return;
    }
    default:
      c.errors.push({ field: 'condition.kind', reason: 'must be always, feel or dmn', code: 'one-of' });
  }
}

async function isDecisionDeployed(ctx: CommandContext, key: string): Promise<boolean> {
  try {
    await evaluateDeployedDecision(ctx.tx, key, {});
    return true;
  } catch (error) {
    // 404: no such decision; any other failure (422: no value for empty inputs) means it exists.
    return !(error instanceof Problem && error.status === 404);
  }
}

async function checkUserRef(ctx: CommandContext, ref: unknown, path: string, c: Checked): Promise<void> {
  if (!isObject(ref)) return void c.errors.push({ field: path, reason: 'must be { userId }, { userField } or { departmentRole }' });
  const keys = Object.keys(ref);
  if (keys.length !== 1) return void c.errors.push({ field: path, reason: 'must name exactly one of userId, userField, departmentRole' });
  if ('userId' in ref) {
    const user = typeof ref.userId === 'string' && isUuid(ref.userId) ? await findUserById(ctx.tx, ref.userId) : undefined;
    if (user?.status !== 'active') c.errors.push({ field: `${path}.userId`, reason: 'must be the id of an active user', code: 'active-user' });
  } else if ('userField' in ref) {
    if (typeof ref.userField !== 'string') c.errors.push({ field: `${path}.userField`, reason: 'must be a field key' });
    else if (c.subjectKind === 'record' && c.userFields && !c.userFields.has(ref.userField))
      c.errors.push({ field: `${path}.userField`, reason: `the object type has no user field ${ref.userField}`, code: 'unknown-field' });
    else if (c.subjectKind === 'case' && !['assigneeId', 'createdBy'].includes(ref.userField))
      c.errors.push({ field: `${path}.userField`, reason: 'a case names its people in assigneeId or createdBy', code: 'unknown-field' });
  } else if ('departmentRole' in ref) {
    if (typeof ref.departmentRole !== 'string' || !/^[a-z][a-z0-9-]{0,62}$/.test(ref.departmentRole)) c.errors.push({ field: `${path}.departmentRole`, reason: 'must be a role key' });
  } else c.errors.push({ field: `${path}.${keys[0]}`, reason: 'must be userId, userField or departmentRole', code: 'unknown-field' });
}

function checkValues(values: unknown, path: string, c: Checked, options: { knownFields?: Set<string> | null } = {}) {
  if (!isObject(values) || Object.keys(values).length === 0) return void c.errors.push({ field: path, reason: 'must set at least one field' });
  for (const [key, value] of Object.entries(values)) {
    const ok = value === null || ['string', 'number', 'boolean'].includes(typeof value) || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok) c.errors.push({ field: `${path}.${key}`, reason: 'must be text, a number, true/false, a list of texts or null' });
    if (typeof value === 'string') {
      const problem = templateProblem(value);
      if (problem) c.errors.push({ field: `${path}.${key}`, reason: problem, code: 'template' });
    }
    if (options.knownFields && !options.knownFields.has(`fields.${key}`) && !options.knownFields.has(key)) c.errors.push({ field: `${path}.${key}`, reason: `no field ${key}`, code: 'unknown-field' });
  }
}

function checkTemplate(value: unknown, path: string, c: Checked, required = true) {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || value.trim() === '') return void c.errors.push({ field: path, reason: 'must not be blank', code: 'required' });
  const problem = templateProblem(value);
  if (problem) c.errors.push({ field: path, reason: problem, code: 'template' });
}

async function checkAction(ctx: CommandContext, action: unknown, path: string, c: Checked): Promise<void> {
  const add = (field: string, reason: string, code?: string): void => void c.errors.push({ field, reason, ...(code ? { code } : {}) });
  if (!isObject(action)) return add(path, 'must be an object with a type');
  const subjectless = c.subjectKind === 'none';
  switch (action.type) {
    case 'create-case': {
      unknownKeys(action, ['type', 'caseType', 'title', 'fields', 'priority', 'linkRelation'], path, c.errors);
      let known: Set<string> | null = null;
      try {
        const type = await findCaseTypeOrThrow(ctx, String(action.caseType ?? ''));
        known = new Set(listFieldDefinitions(type.schema).map((f) => `fields.${f.key}`));
      } catch (error) {
        if (!(error instanceof Problem) || error.status !== 404) throw error;
        add(`${path}.caseType`, `no case type ${String(action.caseType ?? '')}`, 'unknown-case-type');
      }
      checkTemplate(action.title, `${path}.title`, c);
      if (action.fields !== undefined) checkValues(action.fields, `${path}.fields`, c, { knownFields: known });
      if (action.priority !== undefined && !PRIORITIES.includes(action.priority as string)) add(`${path}.priority`, `must be one of ${PRIORITIES.join(', ')}`, 'one-of');
      if (action.linkRelation !== undefined) {
        const relation = typeof action.linkRelation === 'string' ? await findRelationFacts(ctx.tx, action.linkRelation) : undefined;
        if (relation?.toKind !== 'case') add(`${path}.linkRelation`, 'must be the key of a relation from an object type to cases', 'unknown-relation');
        else if (c.subjectKind !== 'record') add(`${path}.linkRelation`, 'only a rule about records links the new case to its record', 'unknown-relation');
      }
      return;
    }
    case 'create-task':
      unknownKeys(action, ['type', 'title', 'assignee', 'dueInDays', 'description'], path, c.errors);
      checkTemplate(action.title, `${path}.title`, c);
      checkTemplate(action.description, `${path}.description`, c, false);
      await checkUserRef(ctx, action.assignee, `${path}.assignee`, c);
      if (action.dueInDays !== undefined && (!Number.isInteger(action.dueInDays) || (action.dueInDays as number) < 0 || (action.dueInDays as number) > 365))
        add(`${path}.dueInDays`, 'must be a whole number of days from 0 to 365', 'out-of-range');
      return;
    case 'set-fields':
      unknownKeys(action, ['type', 'fields'], path, c.errors);
      if (subjectless) add(path, 'a rule without a subject has no fields to set');
      checkValues(action.fields, `${path}.fields`, c, { knownFields: c.subjectFields });
      return;
    case 'assign':
      unknownKeys(action, ['type', 'assignee'], path, c.errors);
      if (c.subjectKind !== 'case') add(path, 'only a case is assigned (a record has an owner: set-fields ownerId)');
      await checkUserRef(ctx, action.assignee, `${path}.assignee`, c);
      return;
    case 'route':
      unknownKeys(action, ['type'], path, c.errors);
      if (c.subjectKind !== 'case') add(path, 'only a case is routed');
      return;
    case 'notify':
      unknownKeys(action, ['type', 'recipients'], path, c.errors);
      if (!Array.isArray(action.recipients) || action.recipients.length === 0 || action.recipients.length > 20) add(`${path}.recipients`, 'must list 1 to 20 recipients');
      else for (const [i, ref] of action.recipients.entries()) await checkUserRef(ctx, ref, `${path}.recipients[${i}]`, c);
      return;
    case 'start-process':
      unknownKeys(action, ['type', 'processKey', 'variables'], path, c.errors);
      if (typeof action.processKey !== 'string' || !/^[A-Za-z_][\w.-]{0,99}$/.test(action.processKey)) add(`${path}.processKey`, 'must be the key of a deployed process', 'required');
      if (action.variables !== undefined) checkValues(action.variables, `${path}.variables`, c);
      return;
    case 'add-tag':
      unknownKeys(action, ['type', 'tag'], path, c.errors);
      if (subjectless) add(path, 'a rule without a subject has nothing to tag');
      if (typeof action.tag !== 'string' || !TAG.test(action.tag)) add(`${path}.tag`, 'must be a tag of 1 to 40 letters, digits, spaces or _ . : -', 'pattern');
      return;
    case 'call-connector':
      unknownKeys(action, ['type', 'url', 'body'], path, c.errors);
      if (!isWebUrl(action.url)) add(`${path}.url`, 'must be an http or https URL', 'http-url');
      if (action.body !== undefined) checkValues(action.body, `${path}.body`, c);
      return;
    default:
      add(`${path}.type`, `must be one of ${ACTION_TYPES.join(', ')}`, 'one-of');
  }
}

function isWebUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
