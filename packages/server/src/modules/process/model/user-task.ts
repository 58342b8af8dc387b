import type { SeparationOfDuties, StaticOrExpression, UserTaskDef } from '../graph.ts';
import { isExpressionText, readStaticOrExpression } from './expressions.ts';
import { isIsoDateTime, isIsoDuration } from './iso-time.ts';
import { type ModdleElement, childOf, childrenOf, extensionOf, stringOf } from './moddle-element.ts';
import type { ElementReadContext } from './read-context.ts';
import { camundaStyleAttribute } from './vendor-attributes.ts';

const RELATIVE_TO = ['case-department', 'initiator-department', 'parent-department'] as const;
const COUNTERSIGN_MODES = ['all', 'any', 'vote'] as const;
export const SEPARATION_OF_DUTIES = ['none', 'maker', 'previous-steps', 'both'] as const;

/** Who a user task goes to, from `docket:*` first, then Zeebe, then Camunda 7 / Activiti / Flowable. */
export function readUserTask(element: ModdleElement, context: ElementReadContext): UserTaskDef {
  const site = (what: string) => ({ diagnostics: context.diagnostics, elementId: context.elementId, what });
  const docketAssignment = extensionOf(element, 'docket:Assignment');
  const zeebeAssignment = extensionOf(element, 'zeebe:AssignmentDefinition');
  const resources = readResourceAssignments(element);
  const pick = (name: 'assignee' | 'candidateUsers' | 'candidateGroups'): StaticOrExpression | null =>
    readStaticOrExpression(site(name), stringOf(docketAssignment, name) ?? stringOf(zeebeAssignment, name) ?? camundaStyleAttribute(element, name) ?? resources[name]);

  const schedule = extensionOf(element, 'docket:Schedule');
  const zeebeSchedule = extensionOf(element, 'zeebe:TaskSchedule');
  const zeebePriority = extensionOf(element, 'zeebe:PriorityDefinition');
  const zeebeForm = extensionOf(element, 'zeebe:FormDefinition');

  const dueDate = readStaticOrExpression(site('due date'), stringOf(schedule, 'dueDate') ?? stringOf(zeebeSchedule, 'dueDate') ?? camundaStyleAttribute(element, 'dueDate'));
  if (dueDate?.static !== undefined && !isIsoDuration(dueDate.static) && !isIsoDateTime(dueDate.static)) {
    context.diagnostics.problem(context.elementId, 'invalid-extension', `The due date "${dueDate.static}" is neither an ISO 8601 duration (P2D) nor a date-time, nor an expression (=…).`);
  }
  const priority = readStaticOrExpression(site('priority'), stringOf(schedule, 'priority') ?? stringOf(zeebePriority, 'priority') ?? camundaStyleAttribute(element, 'priority'));
  if (priority?.static !== undefined && !/^-?\d+$/.test(priority.static)) {
    context.diagnostics.problem(context.elementId, 'invalid-extension', `The priority "${priority.static}" is not a whole number or an expression (=…).`);
  }
  return {
    assignee: pick('assignee'),
    candidateUsers: pick('candidateUsers'),
    candidateGroups: pick('candidateGroups'),
    departmentRole: readDepartmentRole(docketAssignment, context),
    formKey:
      stringOf(extensionOf(element, 'docket:Form'), 'key') ??
      stringOf(zeebeForm, 'formKey') ??
      stringOf(zeebeForm, 'formId') ??
      stringOf(zeebeForm, 'externalReference') ??
      camundaStyleAttribute(element, 'formKey') ??
      null,
    dueDate,
    countersign: readCountersign(extensionOf(element, 'docket:Countersign'), context),
    slaRef: stringOf(extensionOf(element, 'docket:Sla'), 'ref') ?? null,
    priority,
    // Only when the model says so: absent means the process's setting.
    ...optionalSeparationOfDuties(stringOf(extensionOf(element, 'docket:Approval'), 'separationOfDuties'), context),
  };
}

/** `docket:approval separationOfDuties=` (user task) or `docket:processSettings separationOfDuties=`. */
export function readSeparationOfDuties(raw: string | undefined, context: ElementReadContext): SeparationOfDuties | null {
  const value = raw?.trim();
  if (!value) return null;
  if (!(SEPARATION_OF_DUTIES as readonly string[]).includes(value)) {
    context.diagnostics.problem(context.elementId, 'invalid-extension', `separationOfDuties must be one of ${SEPARATION_OF_DUTIES.join(', ')}; it is "${value}".`);
    return null;
  }
  return value as SeparationOfDuties;
}

function optionalSeparationOfDuties(raw: string | undefined, context: ElementReadContext): { separationOfDuties?: SeparationOfDuties } {
  const value = readSeparationOfDuties(raw, context);
  return value === null ? {} : { separationOfDuties: value };
}

/**
 * BPMN's own resource assignment, as Activiti and Flowable read it: a humanPerformer is the
 * assignee; a potentialOwner lists `user(id)`, `group(id)` or bare groups, comma-separated.
 */
function readResourceAssignments(element: ModdleElement): Partial<Record<'assignee' | 'candidateUsers' | 'candidateGroups', string>> {
  const found: Partial<Record<'assignee' | 'candidateUsers' | 'candidateGroups', string>> = {};
  const users: string[] = [];
  const groups: string[] = [];
  for (const resource of childrenOf(element, 'resources')) {
    const body = stringOf(childOf(childOf(resource, 'resourceAssignmentExpression'), 'expression'), 'body')?.trim();
    if (!body) continue;
    if (resource.$type === 'bpmn:HumanPerformer') {
      found.assignee ??= body;
      continue;
    }
    if (resource.$type !== 'bpmn:PotentialOwner') continue;
    if (isExpressionText(body)) {
      found.candidateGroups ??= body;
      continue;
    }
    for (const part of body
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '')) {
      const user = /^user\((.+)\)$/.exec(part)?.[1];
      const group = /^group\((.+)\)$/.exec(part)?.[1];
      if (user) users.push(user.trim());
      else groups.push((group ?? part).trim());
    }
  }
  if (users.length > 0) found.candidateUsers = users.join(',');
  if (groups.length > 0) found.candidateGroups ??= groups.join(',');
  return found;
}

function readDepartmentRole(assignment: ModdleElement | undefined, context: ElementReadContext): UserTaskDef['departmentRole'] {
  const departmentRole = assignment?.departmentRole as ModdleElement | undefined;
  if (!departmentRole) return null;
  const role = stringOf(departmentRole, 'role')?.trim();
  const relativeTo = stringOf(departmentRole, 'relativeTo')?.trim() ?? 'case-department';
  if (!role) {
    context.diagnostics.problem(context.elementId, 'invalid-extension', 'docket:departmentRole needs a role (for example role="branch-head").');
    return null;
  }
  if (!(RELATIVE_TO as readonly string[]).includes(relativeTo)) {
    context.diagnostics.problem(context.elementId, 'invalid-extension', `docket:departmentRole relativeTo must be one of ${RELATIVE_TO.join(', ')}; it is "${relativeTo}".`);
    return null;
  }
  return { role, relativeTo: relativeTo as (typeof RELATIVE_TO)[number] };
}

function readCountersign(countersign: ModdleElement | undefined, context: ElementReadContext): UserTaskDef['countersign'] {
  if (!countersign) return null;
  const mode = stringOf(countersign, 'mode')?.trim() ?? 'all';
  if (!(COUNTERSIGN_MODES as readonly string[]).includes(mode)) {
    context.diagnostics.problem(context.elementId, 'invalid-extension', `docket:countersign mode must be one of ${COUNTERSIGN_MODES.join(', ')}; it is "${mode}".`);
    return null;
  }
  const threshold = readThreshold(countersign.threshold, mode, context);
  if (threshold === undefined) return null;
  const members = stringOf(countersign, 'members')?.trim();
  return { mode: mode as (typeof COUNTERSIGN_MODES)[number], threshold: mode === 'vote' ? threshold : null, ...(members ? { members } : {}) };
}

/**
 * A vote's threshold: a whole count of approvals (≥ 1) or a share of the signers (0 < t < 1, rounded
 * up: 0.6 of 5 is 3). Other modes ignore it. undefined: refused (a problem is reported).
 */
function readThreshold(raw: unknown, mode: string, context: ElementReadContext): number | null | undefined {
  const text = raw === undefined || raw === null ? '' : String(raw).trim();
  const value = text === '' ? null : Number(text);
  if (mode !== 'vote') return null;
  const valid = value !== null && Number.isFinite(value) && ((Number.isInteger(value) && value >= 1) || (value > 0 && value < 1));
  if (!valid) {
    context.diagnostics.problem(
      context.elementId,
      'invalid-extension',
      `docket:countersign mode="vote" needs a threshold: a whole number of approvals of at least 1, or a share of the signers between 0 and 1 (such as 0.6)${text ? `; it is "${text}"` : ''}.`,
    );
    return undefined;
  }
  return value;
}
