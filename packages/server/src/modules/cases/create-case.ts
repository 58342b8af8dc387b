import type { CommandContext } from '../../platform/http/command-context.ts';
import { assertAllowedOnCase } from '../access/index.ts';
import type { CaseRow } from './case-row.ts';
import { findCurrentCaseTypeForCreateOrThrow } from './case-types.ts';
import { insertPreparedCases, prepareNewCase, type NewCaseInput } from './new-case.ts';
import { caseProblems } from './problems.ts';
import { findCasesByExternalIds } from './store.ts';
import { openCaseRows } from './case-crypto.ts';

export interface CreateCaseResult {
  case: CaseRow;
  /** True when an earlier case with the same external id was returned instead. */
  duplicate: boolean;
}

export async function createCase(ctx: CommandContext, input: NewCaseInput): Promise<CreateCaseResult> {
  const caseType = await findCurrentCaseTypeForCreateOrThrow(ctx, input.type);
  const prepared = prepareNewCase(caseType, input, ctx.actor.userId, ctx.actor.username, ctx.now);
  if (Array.isArray(prepared)) throw caseProblems.invalidFields({ errors: prepared });
  assertAllowedOnCase(ctx.actor, 'case:create', prepared);
  const { rows, insertedIds } = await insertPreparedCases(ctx, [prepared]);
  const row = rows[0]!;
  if (insertedIds.has(row.id)) return { case: row, duplicate: false };
  // The external id was taken (perhaps by a concurrent request that just committed).
  const existing = await findCasesByExternalIds(ctx.tx, row.externalSource!, [row.externalId!]);
  const [first] = await openCaseRows(ctx.keyRing, [existing.get(row.externalId!)!]);
  return { case: first!, duplicate: true };
}
