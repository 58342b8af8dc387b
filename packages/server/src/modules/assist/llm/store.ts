import type { Db, Tx } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids/ids.ts';
import type { LlmCallRecord } from './types.ts';

// assist.llm_call: how each call to the bank's LLM went. The table has no column for the prompt
// or the answer, on purpose: they carry the customer's words.

export async function insertLlmCall(db: Db | Tx, row: LlmCallRecord & { prefillId?: string | null }): Promise<string> {
  const id = newId();
  await db
    .insertInto('assist.llm_call')
    .values({
      id,
      prefill_id: row.prefillId ?? null,
      purpose: row.purpose,
      model: row.model,
      started_at: row.startedAt,
      duration_ms: row.durationMs,
      outcome: row.outcome,
      http_status: row.httpStatus,
      masked_values: row.maskedValues,
      values_dropped: row.valuesDropped,
    })
    .execute();
  return id;
}

/**
 * The `log` a prefill passes to prefillWithLlm: each call's row, outside the prefill's own
 * transaction, so a call that failed (and fell back) is on record whatever happens next.
 */
export function llmCallLog(db: Db, prefillId?: string): (row: LlmCallRecord) => Promise<void> {
  return async (row) => {
    await insertLlmCall(db, { ...row, prefillId: prefillId ?? null });
  };
}
