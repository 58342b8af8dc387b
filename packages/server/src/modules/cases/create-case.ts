import type { CommandContext } from '../../platform/commands/index.ts';
import { assertAllowedToCreate, isAllowedOnCase } from '../access/index.ts';
import type { CaseRow } from './case-row.ts';
import { findCurrentCaseTypeForCreateOrThrow } from './case-types.ts';
import { insertPreparedCases, prepareNewCase, withCreateDefaults, type NewCaseInput } from './new-case.ts';
import { caseProblems } from './problems.ts';
import { resolveCaseQueues } from './case-queue.ts';
import { findCasesByExternalIds } from './store.ts';
import { openCaseRows } from './case-crypto.ts';
import { externalIdTakenProblem } from './external-id.ts';
import { withSlaSummary } from './update-case.ts';

export interface CreateCaseResult {
  case: CaseRow;
  /** True when an earlier case with the same external id was returned instead. */
  duplicate: boolean;
}

export async function createCase(ctx: CommandContext, input: NewCaseInput): Promise<CreateCaseResult> {
  const caseType = await findCurrentCaseTypeForCreateOrThrow(ctx, input.type);
  const [queue] = await resolveCaseQueues(ctx.tx, [input]);
  const prepared = prepareNewCase(caseType, withCreateDefaults(input, caseType, ctx.actor), ctx.actor.userId, ctx.actor.username, ctx.now, queue);
  if (Array.isArray(prepared)) throw caseProblems.invalidFields({ errors: prepared });
  assertAllowedToCreate(ctx.actor, prepared);
  const { rows, insertedIds } = await insertPreparedCases(ctx, [prepared]);
  const row = rows[0]!;
  if (insertedIds.has(row.id)) return { case: await withSlaSummary(ctx, row), duplicate: false };
  // The external id was taken (perhaps by a concurrent request that just committed).
  const existing = (await findCasesByExternalIds(ctx.tx, row.externalSource!, [row.externalId!])).get(row.externalId!)!;
  // Answering with a case the caller may not read would disclose it (tipping-off): refuse instead.
  if (!isAllowedOnCase(ctx.actor, 'case:read', existing)) throw externalIdTakenProblem(row.externalSource!, row.externalId!);
  const [first] = await openCaseRows(ctx.keyRing, [existing]);
  return { case: first!, duplicate: true };
}
