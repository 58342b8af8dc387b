import type { CommandContext } from '../../platform/commands/index.ts';
import { openCaseRows } from './case-crypto.ts';
import type { CaseRow } from './case-row.ts';
import { caseProblems } from './problems.ts';
import { findCaseById } from './store.ts';

/**
 * A case as the router reads it (issue 17), whoever's command triggered the routing: no
 * permission check (the router decides, not the actor), and of the sealed values only
 * customer.address is opened, for branch push by place name; form fields of a data class stay
 * sealed. The caller must never store or show the address.
 */
export async function findCaseForRoutingOrThrow(ctx: CommandContext, caseId: string): Promise<CaseRow> {
  const sealed = await findCaseById(ctx.tx, caseId);
  if (!sealed) throw caseProblems.notFound({ detail: `No case ${caseId}` });
  return (await openCaseRows(ctx.keyRing, [sealed], (_row, field) => field === 'customer.address'))[0]!;
}

/** findCaseForRoutingOrThrow, or undefined when there is no such case (a subscriber's guard). */
export async function findCaseForRouting(ctx: CommandContext, caseId: string): Promise<CaseRow | undefined> {
  const sealed = await findCaseById(ctx.tx, caseId);
  return sealed && (await openCaseRows(ctx.keyRing, [sealed], (_row, field) => field === 'customer.address'))[0];
}
