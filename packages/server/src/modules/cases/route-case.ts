import type { CommandContext } from '../../platform/commands/index.ts';
import { openCaseRows } from './case-crypto.ts';
import { caseChangedEvents } from './case-events.ts';
import type { CasePriority } from './case-priority.ts';
import type { CaseRow } from './case-row.ts';
import { caseProblems } from './problems.ts';
import { findCaseById, updateCaseIfVersion, type CaseChanges } from './store.ts';

/** Where the router puts a case: its queue (by key; the id follows), its assignee, a raised priority, a branch. */
export interface CaseRoutingChanges {
  queue?: string | null;
  assigneeId?: string | null;
  priority?: CasePriority;
  departmentId?: string | null;
}

/** Per transaction, the cases whose version a routing change already moved: one command, one version. */
const versionedInTransaction = new WeakMap<object, Set<string>>();

/** What applyCaseRouting is told: the changes and how they relate to the running command. */
export interface CaseRoutingOptions {
  /**
   * The routing completes a change this command already versioned (a case created, reopened or
   * changed): its version stays, so the client's If-Match from the answer holds and a new case is
   * version 1 with its queue and assignee. A routing that is a command of its own moves it once.
   */
  partOfCommandChange?: boolean;
  /**
   * The case's first placement, in the command that created it: case.created and the router's
   * routing.decided already say where it went, so only a priority change (which re-budgets the
   * SLA clocks) is published as a change of its own.
   */
  initialPlacement?: boolean;
}

/**
 * Applies a routing decision to a case inside the running command. The router is the authority
 * here, not the person whose command triggered it (an agent creating a case may not assign it):
 * no permission check, but the change is the decision's, audited by the routing module
 * (routing.case-routed with the decision id) and published as case.assigned / case.fields-changed
 * like any other change. Returns the case as it is afterwards; unchanged fields are not written.
 */
export async function applyCaseRouting(
  ctx: CommandContext,
  caseId: string,
  changes: CaseRoutingChanges,
  options: CaseRoutingOptions = {},
): Promise<{ before: CaseRow; after: CaseRow; changed: string[] }> {
  const { before, after, changed } = await placeCase(ctx, caseId, changes, options);
  const [openedBefore] = await openCaseRows(ctx.keyRing, [before]);
  const [openedAfter] = after === before ? [openedBefore] : await openCaseRows(ctx.keyRing, [after]);
  return { before: openedBefore!, after: openedAfter!, changed };
}

/**
 * applyCaseRouting for a caller that needs only what changed (the router itself): no sealed value
 * of the case is opened. Every case a bulk create routes passes here, and opening a complaint's
 * sealed fields and customer twice (before and after) was a tenth of a millisecond of CPU per case.
 */
export async function applyCaseRoutingChanges(ctx: CommandContext, caseId: string, changes: CaseRoutingChanges, options: CaseRoutingOptions = {}): Promise<string[]> {
  return (await placeCase(ctx, caseId, changes, options)).changed;
}

/**
 * The change itself, on the case as stored: what it compares (queue, assignee, priority,
 * department) and what its events carry (status, assignee, version) are never sealed.
 */
async function placeCase(ctx: CommandContext, caseId: string, changes: CaseRoutingChanges, options: CaseRoutingOptions): Promise<{ before: CaseRow; after: CaseRow; changed: string[] }> {
  const before = await findCaseById(ctx.tx, caseId);
  if (!before) throw caseProblems.notFound({ detail: `No case ${caseId}` });
  const effective: CaseChanges = {};
  const changed: string[] = [];
  for (const [key, value] of Object.entries(changes) as [keyof CaseRoutingChanges, unknown][]) {
    if (value === undefined || before[key] === value) continue;
    (effective as Record<string, unknown>)[key] = value;
    changed.push(key);
  }
  if (changed.length === 0) return { before, after: before, changed };
  const versioned = versionedInTransaction.get(ctx.tx) ?? new Set<string>();
  versionedInTransaction.set(ctx.tx, versioned);
  const keepVersion = options.partOfCommandChange === true || versioned.has(caseId);
  const after = await updateCaseIfVersion(ctx.tx, caseId, before.version, effective, ctx.now, undefined, keepVersion);
  versioned.add(caseId);
  if (!after) throw caseProblems.versionStale({ detail: 'The case changed while it was being routed. Reload it.' });
  const published = options.initialPlacement ? changed.filter((field) => field === 'priority') : changed;
  if (published.length > 0) await ctx.publish(...caseChangedEvents(before, after, published));
  return { before, after, changed };
}
