import docketModdle from '../../../../server/src/modules/process/model/docket-moddle.json' with { type: 'json' };

/**
 * Reading and writing Docket's BPMN extension (`docket:*` inside `bpmn:extensionElements`) on a
 * bpmn-moddle business object. The descriptor is the server's own file, so the modeler writes
 * exactly what the compiler reads (packages/server/src/modules/process/model/*.ts).
 *
 * A write is planned, not done: it returns the one moddle object to change and its new
 * properties, which the properties panel applies through `modeling.updateModdleProperties`
 * (one undoable step) and the unit tests apply directly.
 */
/** A fresh copy for each moddle (bpmn-js, bpmn-moddle): moddle rewrites the descriptor it is given in place. */
export const docketModdleDescriptor = () => structuredClone(docketModdle);

type Descriptor = { name: string; properties: { name: string; type: string }[] }[];
// Read once, before any moddle has touched a copy: type → attribute → declared type.
const ATTRIBUTES = new Map((structuredClone(docketModdle).types as Descriptor).map((t) => [t.name, new Map(t.properties.map((p) => [p.name, p.type]))]));

/** The part of a moddle object this module relies on. */
export interface ModdleObject {
  $type: string;
  $parent?: ModdleObject;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  [key: string]: unknown;
}

export type CreateModdle = (type: string, attrs?: Record<string, unknown>) => ModdleObject;

/** One change: set these properties on this object (undefined removes one). */
export interface ModdleWrite {
  target: ModdleObject;
  props: Record<string, unknown>;
}

/** `docket:Assignment` and the other extension types, as written in the descriptor (`Assignment`). */
export type DocketType = 'Assignment' | 'Form' | 'Countersign' | 'Sla' | 'Schedule' | 'Connector' | 'Decision' | 'ProcessSettings' | 'Approval';

const NUMERIC = new Set(['Integer', 'Real']);

/** Attribute names typed as numbers in the descriptor (`Connector.timeoutMs`, …). */
function numericAttribute(type: string, attr: string): boolean {
  return NUMERIC.has(ATTRIBUTES.get(type)?.get(attr) ?? '');
}

/** Whether the descriptor declares the attribute (the engine branch adds some, e.g. countersign members). */
export function declaresAttribute(type: string, attr: string): boolean {
  return ATTRIBUTES.get(type)?.has(attr) ?? false;
}

const qualified = (type: DocketType | 'DepartmentRole') => `docket:${type}`;

export function extensionValues(bo: ModdleObject): ModdleObject[] {
  const ext = bo.get('extensionElements') as ModdleObject | undefined;
  return (ext?.get('values') as ModdleObject[] | undefined) ?? [];
}

export function docketElementOf(bo: ModdleObject, type: DocketType): ModdleObject | undefined {
  return extensionValues(bo).find((v) => v.$type === qualified(type));
}

/** An attribute as text for an input: '' when absent; numbers as written. */
export function readDocketAttr(bo: ModdleObject, type: DocketType, attr: string): string {
  const el = docketElementOf(bo, type);
  return textOf(el ? attrOf(el, attr) : undefined);
}

function attrOf(el: ModdleObject, attr: string): unknown {
  const value = el.get(attr);
  if (value !== undefined) return value;
  // An attribute the descriptor does not (yet) declare is kept by moddle as a plain XML attribute.
  return (el.$attrs as Record<string, unknown> | undefined)?.[attr];
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value);
}

function coerce(type: DocketType | 'DepartmentRole', attr: string, value: string): unknown {
  const text = value.trim();
  if (text === '') return undefined;
  if (numericAttribute(type, attr) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

function setProps(type: DocketType | 'DepartmentRole', values: Record<string, string>): Record<string, unknown> {
  // An attribute the descriptor does not declare (yet) is kept by moddle among the element's
  // plain XML attributes, and written out as such: the server still sees it.
  return Object.fromEntries(Object.entries(values).map(([attr, value]) => [attr, coerce(type, attr, value)]));
}

/** Whether a docket element would carry nothing (no attribute, no child) after a write. */
function emptyAfter(el: ModdleObject, type: DocketType, props: Record<string, unknown>): boolean {
  for (const name of ATTRIBUTES.get(type)?.keys() ?? []) {
    const v = name in props ? props[name] : el.get(name);
    if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) return false;
  }
  const attrs = { ...((el.$attrs as Record<string, unknown> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(props)) if (!declaresAttribute(type, k)) attrs[k] = v;
  return Object.entries(attrs).every(([k, v]) => k.startsWith('xmlns') || v === undefined || v === '');
}

/**
 * Sets attributes of the element's `docket:<type>` ('' clears one), creating the extension
 * element (and `bpmn:extensionElements`) when needed and removing it once it carries nothing.
 */
export function planDocketWrite(bo: ModdleObject, type: DocketType, values: Record<string, string>, create: CreateModdle): ModdleWrite | null {
  const ext = bo.get('extensionElements') as ModdleObject | undefined;
  const el = docketElementOf(bo, type);
  if (el) {
    const props = setProps(type, values);
    if (ext && emptyAfter(el, type, props)) return { target: ext, props: { values: extensionValues(bo).filter((v) => v !== el) } };
    return { target: el, props };
  }
  if (Object.values(values).every((v) => v.trim() === '')) return null;
  const fresh = create(qualified(type));
  for (const [k, v] of Object.entries(setProps(type, values))) if (v !== undefined) fresh.set(k, v);
  if (ext) {
    fresh.$parent = ext;
    return { target: ext, props: { values: [...extensionValues(bo), fresh] } };
  }
  const created = create('bpmn:ExtensionElements', { values: [fresh] });
  fresh.$parent = created;
  created.$parent = bo;
  return { target: bo, props: { extensionElements: created } };
}

// ---- docket:assignment ----------------------------------------------------------------------

export const RELATIVE_TO = ['case-department', 'initiator-department', 'parent-department'] as const;

export function readDepartmentRole(bo: ModdleObject): { role: string; relativeTo: string } | null {
  const dr = docketElementOf(bo, 'Assignment')?.get('departmentRole') as ModdleObject | undefined;
  if (!dr) return null;
  return { role: textOf(dr.get('role')), relativeTo: textOf(dr.get('relativeTo')) };
}

/** Sets (or, with null, removes) the department-relative role of the assignment. */
export function planDepartmentRoleWrite(bo: ModdleObject, value: { role: string; relativeTo: string } | null, create: CreateModdle): ModdleWrite | null {
  const assignment = docketElementOf(bo, 'Assignment');
  const current = assignment?.get('departmentRole') as ModdleObject | undefined;
  if (value === null) {
    if (!assignment || !current) return null;
    const ext = bo.get('extensionElements') as ModdleObject;
    if (emptyAfter(assignment, 'Assignment', { departmentRole: undefined })) return { target: ext, props: { values: extensionValues(bo).filter((v) => v !== assignment) } };
    return { target: assignment, props: { departmentRole: undefined } };
  }
  if (current) return { target: current, props: { role: value.role.trim() || undefined, relativeTo: value.relativeTo || undefined } };
  const dr = create('docket:DepartmentRole');
  if (value.role.trim()) dr.set('role', value.role.trim());
  if (value.relativeTo) dr.set('relativeTo', value.relativeTo);
  if (assignment) {
    dr.$parent = assignment;
    return { target: assignment, props: { departmentRole: dr } };
  }
  const fresh = create('docket:Assignment');
  fresh.set('departmentRole', dr);
  dr.$parent = fresh;
  const ext = bo.get('extensionElements') as ModdleObject | undefined;
  if (ext) {
    fresh.$parent = ext;
    return { target: ext, props: { values: [...extensionValues(bo), fresh] } };
  }
  const created = create('bpmn:ExtensionElements', { values: [fresh] });
  fresh.$parent = created;
  created.$parent = bo;
  return { target: bo, props: { extensionElements: created } };
}

/** How a user task is assigned, as the properties panel offers it. */
export type AssignmentKind = 'none' | 'user' | 'group' | 'role' | 'departmentRole' | 'expression';

export const isExpression = (text: string) => text.trim().startsWith('=');

/**
 * The kind a task's assignment reads as. Roles and groups are both written as candidate groups
 * (the server matches either key); `roleKeys` tells them apart when the role list is known.
 */
export function assignmentKindOf(bo: ModdleObject, roleKeys: readonly string[] = []): AssignmentKind {
  if (readDepartmentRole(bo)) return 'departmentRole';
  const assignee = readDocketAttr(bo, 'Assignment', 'assignee');
  const users = readDocketAttr(bo, 'Assignment', 'candidateUsers');
  const groups = readDocketAttr(bo, 'Assignment', 'candidateGroups');
  if (isExpression(assignee) || isExpression(groups) || isExpression(users)) return 'expression';
  if (assignee || users) return 'user';
  if (groups) {
    const keys = splitList(groups);
    return roleKeys.length > 0 && keys.every((k) => roleKeys.includes(k)) ? 'role' : 'group';
  }
  return 'none';
}

export const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Changing the kind drops what the other kinds wrote, so the task is assigned one way only. */
export function planAssignmentClear(bo: ModdleObject): ModdleWrite | null {
  const assignment = docketElementOf(bo, 'Assignment');
  if (!assignment) return null;
  return { target: bo.get('extensionElements') as ModdleObject, props: { values: extensionValues(bo).filter((v) => v !== assignment) } };
}

// ---- the rest of the extension's vocabulary, as the server's compiler accepts it ------------

export const COUNTERSIGN_MODES = ['all', 'any', 'vote'] as const;
export const SEPARATION_OF_DUTIES = ['none', 'maker', 'previous-steps', 'both'] as const;
export const CONNECTOR_TYPES = ['http', 'publish-event', 'external'] as const;
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const MAP_DECISION_RESULT = ['singleEntry', 'singleResult', 'collectEntries', 'resultList'] as const;
