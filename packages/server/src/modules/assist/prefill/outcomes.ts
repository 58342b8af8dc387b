import type { CommandContext } from '../../../platform/commands/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { assertAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCaseForActionOrThrow } from '../../cases/index.ts';
import { findPrefillForUpdate, recordOutcomes } from './prefill-store.ts';
import { prefillProblems } from './problems.ts';
import type { PrefillOutcomesRequest } from './schemas.ts';

/**
 * What the agent did with each suggestion (accepted, changed, rejected) and the case it became:
 * recorded once, by the person who asked, for the adoption report.
 */
export async function recordPrefillOutcomes(ctx: CommandContext, prefillId: string, input: PrefillOutcomesRequest): Promise<{ id: string; caseId: string | null; recorded: number }> {
  assertAllowed(ctx.actor, 'assist:use');
  const prefill = await findPrefillForUpdate(ctx.tx, prefillId);
  // Another person's prefill answers as if it did not exist: ids cannot be probed.
  if (!prefill || prefill.requestedBy !== ctx.actor.userId) throw prefillProblems.notFound({ detail: `No prefill ${prefillId} of yours` });
  if (prefill.outcomesRecordedAt) throw prefillProblems.outcomesRecorded({ detail: `The outcomes of prefill ${prefillId} were recorded at ${prefill.outcomesRecordedAt.toISOString()}` });
  const suggested = new Set(prefill.fieldKeys);
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  input.fields.forEach(({ field }, index) => {
    if (!suggested.has(field)) errors.push({ field: `fields[${index}].field`, reason: `no suggestion for ${field} in this prefill`, code: 'unknown-reference', params: { value: field } });
    else if (seen.has(field)) errors.push({ field: `fields[${index}].field`, reason: `${field} is listed twice`, code: 'duplicate' });
    seen.add(field);
  });
  if (errors.length > 0) throw prefillProblems.invalid({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
  if (input.caseId !== undefined) {
    const created = await findCaseForActionOrThrow(ctx, input.caseId, 'case:read');
    if (created.typeKey !== prefill.caseTypeKey) {
      throw prefillProblems.invalid({ errors: [{ field: 'caseId', reason: `the case is a ${created.typeKey}, the prefill was for a ${prefill.caseTypeKey}` }] });
    }
  }
  await recordOutcomes(ctx.tx, prefillId, input.caseId ?? null, input.fields, ctx.now);
  const counts = { accepted: 0, changed: 0, rejected: 0 };
  for (const { outcome } of input.fields) counts[outcome] += 1;
  await recordAuditEvent(ctx, {
    action: 'assist.outcomes-recorded',
    targetType: 'assist-prefill',
    targetId: prefillId,
    caseId: input.caseId ?? null,
    data: { caseType: prefill.caseTypeKey, caseId: input.caseId ?? null, fields: input.fields, ...counts },
  });
  return { id: prefillId, caseId: input.caseId ?? null, recorded: input.fields.length };
}
