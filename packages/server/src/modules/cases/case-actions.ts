import type { Principal } from '../../platform/http/principal.ts';
import { isAllowedOnCase, isAtLeast, isExplicitlyWritable, mayReadUnmasked, resolveFieldAccess, type Action } from '../access/index.ts';
import type { CaseRow } from './case-row.ts';
import { findStatus, isUnfinishedCategory, listTransitionsFrom, type CaseLifecycle } from './case-lifecycle.ts';
import type { FieldDefinition } from './form-schema.ts';

/**
 * What the reader may do with one case, decided by the very checks the commands make
 * (isAllowedOnCase, resolveFieldAccess, the status rules, maker–checker), so the console offers
 * exactly what the server will then accept.
 */
export interface CaseActions {
  update: boolean;
  /** Assign to anyone (case:assign). */
  assign: boolean;
  /** Assign an unassigned, open case to oneself: needs case:update only (see take-case.ts). */
  take: boolean;
  /** Change queue or department. */
  transfer: boolean;
  close: boolean;
  comment: boolean;
  attach: boolean;
  attachmentRead: boolean;
  unmask: boolean;
  link: boolean;
  watch: boolean;
  audit: boolean;
  /**
   * Statuses this reader may move the case to now, by the lifecycle's transitions and their
   * permissions. Only in the view of one case: a list row leaves it out.
   */
  transitions?: string[];
  /** Form field keys this reader may change. */
  writableFields: string[];
}

/**
 * Whether the reader may change one form field of this case: a writable field rule, and a value
 * the reader sees only masked (or not at all) cannot be erased or overwritten blind, unless a
 * rule names the field writable explicitly. An empty field has nothing to lose.
 */
export function mayWriteField(reader: Principal, row: CaseRow, key: string, dataClass: string | null): boolean {
  if (!isAtLeast(resolveFieldAccess(reader, 'case:update', row, key, dataClass), 'writable')) return false;
  const hasValue = Object.hasOwn(row.fields, key) && row.fields[key] !== null && row.fields[key] !== undefined;
  return !hasValue || mayReadUnmasked(reader, row, key, dataClass) || isExplicitlyWritable(reader, row, key, dataClass);
}

/** Taking a case: it is open and nobody's yet, and the reader may change it. */
export function canTakeCase(reader: Principal, row: CaseRow): boolean {
  return row.assigneeId === null && isUnfinishedCategory(row.statusCategory) && isAllowedOnCase(reader, 'case:update', row);
}

/**
 * `lifecycle` is given for the view of one case only: the transitions are then listed. A list
 * page leaves them out (they are the case view's, and cost per row).
 */
export function decideCaseActions(row: CaseRow, reader: Principal, definitions: Map<string, FieldDefinition>, separationOfDuties: boolean, lifecycle?: CaseLifecycle): CaseActions {
  const can = (action: Action) => isAllowedOnCase(reader, action, row);
  const update = can('case:update');
  const maker = separationOfDuties && row.createdBy === reader.userId;
  const close = can('case:close') && !maker;
  // The same checks as planStatusChange (status-change.ts), without the transition hooks: those may read the database.
  const transitions = !lifecycle
    ? undefined
    : update
      ? listTransitionsFrom(lifecycle, row.status)
          .filter((t) => (t.action === 'case:update' || can(t.action)) && !(maker && !isUnfinishedCategory(findStatus(lifecycle, t.to)?.category ?? 'open')))
          .map((t) => t.to)
      : [];
  const writableFields = update ? [...definitions.values()].filter((d) => mayWriteField(reader, row, d.key, d.dataClass ?? null)).map((d) => d.key) : [];
  return {
    update,
    assign: update && can('case:assign'),
    take: canTakeCase(reader, row),
    transfer: update && can('case:transfer'),
    close: update && close,
    comment: can('case:comment'),
    attach: can('case:attach'),
    attachmentRead: can('case:attachment-read'),
    unmask: can('case:unmask'),
    link: update,
    watch: can('case:read'),
    audit: reader.permissions.some((p) => p.action === 'audit:read'),
    ...(transitions ? { transitions } : {}),
    writableFields,
  };
}
