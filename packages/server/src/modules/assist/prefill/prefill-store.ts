import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';

export interface PrefillRecord {
  id: string;
  caseTypeKey: string;
  channel: string | null;
  requestedBy: string;
  departmentId: string | null;
  requestedAt: Date;
  path: 'builtin' | 'llm' | 'llm-fallback';
  modelVersions: string[];
  textLength: number;
  durationMs: number;
}

export interface SuggestionRecord {
  fieldKey: string;
  sourceKind: 'classifier' | 'entity' | 'llm';
  modelVersion: string;
  confidence: number;
  spanStart: number;
  spanEnd: number;
  /** Null for a field of a data class or of free text: the customer's words are not kept. */
  value: string | null;
}

export async function insertPrefill(tx: Tx, prefill: PrefillRecord, suggestions: SuggestionRecord[]): Promise<void> {
  await tx
    .insertInto('assist.prefill')
    .values({
      id: prefill.id,
      case_type_key: prefill.caseTypeKey,
      channel: prefill.channel,
      requested_by: prefill.requestedBy,
      department_id: prefill.departmentId,
      requested_at: prefill.requestedAt,
      path: prefill.path,
      model_versions: JSON.stringify(prefill.modelVersions),
      text_length: prefill.textLength,
      duration_ms: prefill.durationMs,
    })
    .execute();
  if (suggestions.length === 0) return;
  await tx
    .insertInto('assist.suggestion')
    .values(
      suggestions.map((s) => ({
        prefill_id: prefill.id,
        field_key: s.fieldKey,
        source_kind: s.sourceKind,
        model_version: s.modelVersion,
        confidence: s.confidence,
        span_start: s.spanStart,
        span_end: s.spanEnd,
        value: s.value,
      })),
    )
    .execute();
}

/** A prefill and the fields it suggested, locked for recording the outcomes once. */
export async function findPrefillForUpdate(tx: Tx, id: string): Promise<{ requestedBy: string; caseTypeKey: string; outcomesRecordedAt: Date | null; fieldKeys: string[] } | undefined> {
  const row = await tx.selectFrom('assist.prefill').select(['requested_by', 'case_type_key', 'outcomes_recorded_at']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) return undefined;
  const fields = await tx.selectFrom('assist.suggestion').select('field_key').where('prefill_id', '=', id).orderBy('field_key').execute();
  return { requestedBy: row.requested_by, caseTypeKey: row.case_type_key, outcomesRecordedAt: row.outcomes_recorded_at, fieldKeys: fields.map((f) => f.field_key) };
}

export async function recordOutcomes(tx: Tx, id: string, caseId: string | null, outcomes: { field: string; outcome: string }[], now: Date): Promise<void> {
  if (outcomes.length > 0) {
    // One statement for every field (a form has a dozen), not one round trip each.
    await sql`UPDATE assist.suggestion s SET outcome = o.outcome, outcome_at = ${now}
      FROM unnest(${outcomes.map((o) => o.field)}::text[], ${outcomes.map((o) => o.outcome)}::text[]) AS o(field_key, outcome)
      WHERE s.prefill_id = ${id} AND s.field_key = o.field_key`.execute(tx);
  }
  await tx.updateTable('assist.prefill').set({ case_id: caseId, outcomes_recorded_at: now }).where('id', '=', id).execute();
}
