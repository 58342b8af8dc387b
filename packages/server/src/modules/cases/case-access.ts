import type { CommandContext } from '../../platform/commands/index.ts';
import { assertAllowedOnCase, isAllowedOnCase, type Action } from '../access/index.ts';
import type { CaseRow } from './case-row.ts';
import { caseProblems } from './problems.ts';
import { findCaseById } from './store.ts';
import { openCaseRows } from './case-crypto.ts';

/**
 * Loads a case for an action. A case the reader may not see answers 404, as if it did not
 * exist, so ids cannot be probed; a visible case without the action answers 403.
 */
export async function findCaseForActionOrThrow(ctx: CommandContext, id: string, action: Action): Promise<CaseRow> {
  const found = await findCaseById(ctx.tx, id);
  if (!found || !isAllowedOnCase(ctx.actor, 'case:read', found)) throw caseProblems.notFound({ detail: `No case ${id}` });
  if (action !== 'case:read') assertAllowedOnCase(ctx.actor, action, found);
  return (await openCaseRows(ctx.keyRing, [found]))[0]!;
}
