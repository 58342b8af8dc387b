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
  /**
   * The routing completes a change this command already versioned (a case created, reopened or
   * changed): its version stays, so the client's If-Match from the answer holds and a new case is
   * version 1 with its queue and assignee. A routing that is a command of its own moves it once.
   */
  options: {
    partOfCommandChange?: boolean;
    /**
     * The case's first placement, in the command that created it: case.created and the router's
     * routing.decided already say where it went, so only a priority change (which re-budgets the
     * SLA clocks) is published as a change of its own.
     */
    initialPlacement?: boolean;
  } = {},
): Promise<{ before: CaseRow; after: CaseRow; changed: string[] }> {
  const sealed = await findCaseById(ctx.tx, caseId);
  if (!sealed) throw caseProblems.notFound({ detail: `No case ${caseId}` });
  const [before] = await openCaseRows(ctx.keyRing, [sealed]);
  const effective: CaseChanges = {};
  const changed: string[] = [];
  for (const [key, value] of Object.entries(changes) as [keyof CaseRoutingChanges, unknown][]) {
    if (value === undefined || before![key] === value) continue;
    (effective as Record<string, unknown>)[key] = value;
    changed.push(key);
  }
  if (changed.length === 0) return { before: before!, after: before!, changed };
  const versioned = versionedInTransaction.get(ctx.tx) ?? new Set<string>();
  versionedInTransaction.set(ctx.tx, versioned);
  const keepVersion = options.partOfCommandChange === true || versioned.has(caseId);
  const updatedSealed = await updateCaseIfVersion(ctx.tx, caseId, before!.version, effective, ctx.now, undefined, keepVersion);
  versioned.add(caseId);
  if (!updatedSealed) throw caseProblems.versionStale({ detail: 'The case changed while it was being routed. Reload it.' });
  const [after] = await openCaseRows(ctx.keyRing, [updatedSealed]);
  const published = options.initialPlacement ? changed.filter((field) => field === 'priority') : changed;
  if (published.length > 0) await ctx.publish(...caseChangedEvents(before!, after!, published));
  return { before: before!, after: after!, changed };
}
