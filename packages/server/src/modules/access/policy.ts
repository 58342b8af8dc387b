// Policies: a role grants permissions; a permission is (action, record scope, case types,
// tags, field rules). The same permission decides one record in memory (isCaseActionAllowed)
// and compiles to a filter for lists (compileCaseFilter) — policy.property.test.ts proves the
// two never disagree.

export const RECORD_SCOPES = ['own', 'department', 'subtree', 'all'] as const;
export type RecordScope = (typeof RECORD_SCOPES)[number];

export const SENSITIVITY_LEVELS = ['normal', 'confidential', 'secret'] as const;
export type SensitivityLevel = (typeof SENSITIVITY_LEVELS)[number];

export const FIELD_ACCESS = ['hidden', 'masked', 'readable', 'writable'] as const;
export type FieldAccess = (typeof FIELD_ACCESS)[number];

export interface Permission {
  action: string;
  scope?: RecordScope;
  /** Case type keys this permission is limited to; absent = every type. */
  caseTypes?: string[];
  /** The case must carry at least one of these tags; absent = any case. */
  tags?: string[];
  /** The most sensitive level this permission reaches; absent = every level. */
  maxSensitivity?: SensitivityLevel;
  /** Per field key, or per data class as `class:<dataClass>`, or `*` for every field. */
  fields?: Record<string, FieldAccess>;
  /**
   * Only these cases: a read grant of one person on named cases (抄送, cases.case_reader), added
   * to the principal when it is loaded (caseReadGrant below); never part of a role.
   */
  caseIds?: string[];
}

/** What a policy needs to know of the reader. */
export interface PolicySubject {
  userId: string;
  departmentIds: string[];
  /** The reader's departments and every department below them. */
  subtreeDepartmentIds: string[];
  permissions: Permission[];
}

/** What a policy needs to know of a case. */
export interface PolicyCase {
  /** Absent for a case not yet created; a permission limited to named cases never matches it. */
  id?: string;
  typeKey: string;
  createdBy: string;
  assigneeId: string | null;
  departmentId: string | null;
  tags: string[];
  sensitivity: SensitivityLevel;
}

function isInScope(subject: PolicySubject, scope: RecordScope, record: PolicyCase): boolean {
  switch (scope) {
    case 'all':
      return true;
    case 'own':
      return record.createdBy === subject.userId || record.assigneeId === subject.userId;
    case 'department':
      return record.departmentId !== null && subject.departmentIds.includes(record.departmentId);
    case 'subtree':
      return record.departmentId !== null && subject.subtreeDepartmentIds.includes(record.departmentId);
  }
}

export function doesPermissionMatch(subject: PolicySubject, permission: Permission, action: string, record: PolicyCase): boolean {
  if (permission.action !== action) return false;
  if (permission.caseIds && (record.id === undefined || !permission.caseIds.includes(record.id))) return false;
  if (!isInScope(subject, permission.scope ?? 'all', record)) return false;
  if (permission.caseTypes && !permission.caseTypes.includes(record.typeKey)) return false;
  if (permission.tags && !permission.tags.some((tag) => record.tags.includes(tag))) return false;
  if (permission.maxSensitivity && !levelsUpTo(permission.maxSensitivity).includes(record.sensitivity)) return false;
  return true;
}

export function isCaseActionAllowed(subject: PolicySubject, action: string, record: PolicyCase): boolean {
  return subject.permissions.some((p) => doesPermissionMatch(subject, p, action, record));
}

/** Whether the subject holds the action anywhere, whatever the record: for type-less actions (user admin). */
export function hasAction(subject: PolicySubject, action: string): boolean {
  return subject.permissions.some((p) => p.action === action);
}

/**
 * A list filter in a neutral form, rendered to SQL by the cases store: `all` (no restriction),
 * `none` (nothing visible) or any of the clauses, each a conjunction.
 */
export type CaseFilter = { kind: 'all' } | { kind: 'none' } | { kind: 'any'; clauses: CaseFilterClause[] };
export interface CaseFilterClause {
  /** created_by = userId OR assignee_id = userId */
  ownedBy?: string;
  departmentIn?: string[];
  typeIn?: string[];
  tagsAny?: string[];
  sensitivityIn?: SensitivityLevel[];
  /** id = ANY(idIn): a read grant on named cases. */
  idIn?: string[];
}

function levelsUpTo(level: SensitivityLevel): SensitivityLevel[] {
  return SENSITIVITY_LEVELS.slice(0, SENSITIVITY_LEVELS.indexOf(level) + 1);
}

export function compileCaseFilter(subject: PolicySubject, action: string): CaseFilter {
  const clauses: CaseFilterClause[] = [];
  for (const permission of subject.permissions) {
    if (permission.action !== action) continue;
    const clause: CaseFilterClause = {};
    const scope = permission.scope ?? 'all';
    if (scope === 'own') clause.ownedBy = subject.userId;
    if (scope === 'department') clause.departmentIn = subject.departmentIds;
    if (scope === 'subtree') clause.departmentIn = subject.subtreeDepartmentIds;
    if (permission.caseTypes) clause.typeIn = permission.caseTypes;
    if (permission.tags) clause.tagsAny = permission.tags;
    if (permission.maxSensitivity && permission.maxSensitivity !== 'secret') clause.sensitivityIn = levelsUpTo(permission.maxSensitivity);
    if (permission.caseIds) clause.idIn = permission.caseIds;
    if (clause.departmentIn?.length === 0 || clause.typeIn?.length === 0 || clause.tagsAny?.length === 0 || clause.idIn?.length === 0) continue;
    if (Object.keys(clause).length === 0) return { kind: 'all' };
    clauses.push(clause);
  }
  return clauses.length === 0 ? { kind: 'none' } : { kind: 'any', clauses };
}

/** The in-memory reading of a compiled filter, used by the property test to tie the two together. */
export function doesFilterMatch(filter: CaseFilter, record: PolicyCase): boolean {
  if (filter.kind === 'all') return true;
  if (filter.kind === 'none') return false;
  return filter.clauses.some(
    (c) =>
      (c.ownedBy === undefined || record.createdBy === c.ownedBy || record.assigneeId === c.ownedBy) &&
      (c.departmentIn === undefined || (record.departmentId !== null && c.departmentIn.includes(record.departmentId))) &&
      (c.typeIn === undefined || c.typeIn.includes(record.typeKey)) &&
      (c.tagsAny === undefined || c.tagsAny.some((t) => record.tags.includes(t))) &&
      (c.sensitivityIn === undefined || c.sensitivityIn.includes(record.sensitivity)) &&
      (c.idIn === undefined || (record.id !== undefined && c.idIn.includes(record.id))),
  );
}

const ACCESS_RANK: Record<FieldAccess, number> = { hidden: 0, masked: 1, readable: 2, writable: 3 };

/**
 * How the subject may see or change one field of one case: the most permissive rule among the
 * permissions for `action` that match the case. A field's own rule wins over its data class
 * rule, which wins over `*`. Without a rule, sensitive fields are masked and others readable
 * (for case:read) or writable (for case:update).
 */
export function resolveFieldAccess(
  subject: PolicySubject,
  action: 'case:read' | 'case:update' | 'record:read' | 'record:update',
  record: PolicyCase,
  fieldKey: string,
  dataClass: string | null,
): FieldAccess {
  let best: FieldAccess | undefined;
  for (const permission of subject.permissions) {
    if (!doesPermissionMatch(subject, permission, action, record)) continue;
    const rules = permission.fields ?? {};
    const fallback: FieldAccess = action === 'case:update' || action === 'record:update' ? 'writable' : dataClass ? 'masked' : 'readable';
    const access = rules[fieldKey] ?? (dataClass ? rules[`class:${dataClass}`] : undefined) ?? rules['*'] ?? fallback;
    if (best === undefined || ACCESS_RANK[access] > ACCESS_RANK[best]) best = access;
  }
  return best ?? 'hidden';
}

export function isAtLeast(access: FieldAccess, needed: FieldAccess): boolean {
  return ACCESS_RANK[access] >= ACCESS_RANK[needed];
}

/**
 * Whether the subject can see this field of this case in clear: its read rule is not masked
 * (readable or writable), or it may unmask on the case (a reason, audited). A reader who sees
 * only a mask may neither search by the value nor overwrite it blind.
 */
export function mayReadUnmasked(subject: PolicySubject, record: PolicyCase, fieldKey: string, dataClass: string | null): boolean {
  return isAtLeast(resolveFieldAccess(subject, 'case:read', record, fieldKey, dataClass), 'readable') || isCaseActionAllowed(subject, 'case:unmask', record);
}

/**
 * Whether a case:update permission that matches the case names the field writable in so many
 * words (by key, by data class or by `*`). The implicit "writable" of a permission without field
 * rules does not count: it is what lets a reader change fields it sees in clear, not masked ones.
 */
export function isExplicitlyWritable(subject: PolicySubject, record: PolicyCase, fieldKey: string, dataClass: string | null): boolean {
  return subject.permissions.some((permission) => {
    if (!doesPermissionMatch(subject, permission, 'case:update', record)) return false;
    const rules = permission.fields ?? {};
    return (rules[fieldKey] ?? (dataClass ? rules[`class:${dataClass}`] : undefined) ?? rules['*']) === 'writable';
  });
}

/**
 * Whether some case:read permission could show a value of this data class in clear, on any case:
 * the gate for searching by a sensitive value before any case is looked at. Holding case:unmask
 * anywhere also opens the gate; the results are then narrowed case by case (mayReadUnmasked).
 */
export function mayEverReadClassUnmasked(subject: PolicySubject, dataClass: string): boolean {
  if (hasAction(subject, 'case:unmask')) return true;
  return subject.permissions.some((permission) => {
    if (permission.action !== 'case:read') return false;
    const rules = permission.fields ?? {};
    // A rule for one field key might name a field of this class; only class and * rules are certain.
    const access = rules[`class:${dataClass}`] ?? rules['*'];
    return access === 'readable' || access === 'writable';
  });
}

/**
 * Creating a case: case:create must cover the case's department. An `own` scope always matches a
 * case one is creating (one is its creator), so it counts only for a case in no department;
 * a case in a department needs a department, subtree or all scope reaching that department.
 */
export function isCaseCreateAllowed(subject: PolicySubject, record: PolicyCase): boolean {
  return subject.permissions.some((permission) => {
    if (!doesPermissionMatch(subject, permission, 'case:create', record)) return false;
    return record.departmentId === null || (permission.scope ?? 'all') !== 'own';
  });
}

/**
 * The permission a person's read grants (抄送: copied on a case, cases.case_reader) add to their
 * roles' permissions: case:read on exactly those cases, whatever their scope, type, tags or
 * sensitivity. What the copied person sees of the fields is never more than a reader without
 * field rules sees (sensitive fields masked, others readable), narrowed further by every field
 * the person's own case:read permissions hide or mask anywhere: a copy opens the case, not the
 * fields the policy keeps from them. Unmasking still needs the person's own case:unmask.
 * Undefined when there are no grants.
 */
export function caseReadGrant(ownPermissions: readonly Permission[], caseIds: readonly string[]): Permission | undefined {
  if (caseIds.length === 0) return undefined;
  const fields: Record<string, FieldAccess> = {};
  for (const permission of ownPermissions) {
    if (permission.action !== 'case:read' || permission.caseIds) continue;
    for (const [key, access] of Object.entries(permission.fields ?? {})) {
      if (access !== 'hidden' && access !== 'masked') continue;
      const held = fields[key];
      if (held === undefined || ACCESS_RANK[access] < ACCESS_RANK[held]) fields[key] = access;
    }
  }
  return { action: 'case:read', caseIds: [...caseIds], ...(Object.keys(fields).length > 0 ? { fields } : {}) };
}

/** Whether the subject was copied on this case (a read grant naming it): it also opens the case's process instances. */
export function holdsCaseReadGrant(subject: Pick<PolicySubject, 'permissions'>, caseId: string): boolean {
  return subject.permissions.some((p) => p.action === 'case:read' && p.caseIds?.includes(caseId) === true);
}
