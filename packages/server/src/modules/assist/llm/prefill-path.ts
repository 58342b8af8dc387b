import type { AppDeps } from '../../../app-deps.ts';
import { CASE_PRIORITIES, type CaseTypeRow, type FieldDefinition } from '../../cases/index.ts';
import type { Entity } from '../entities/types.ts';
import type { AssistSettings } from '../governance/settings-store.ts';
import { PRIORITY_FIELD } from '../governance/settings.ts';
import { isFieldEnabled, missingFields, type PrefillFindings, spanOf, thresholdOf } from '../prefill/builtin-path.ts';
import type { PrefillLocale } from '../prefill/field-labels.ts';
import { ENTITY_MASK_KINDS, type SensitiveSpan } from './masking.ts';
import { isLlmConfigured, runLlmPrefill } from './prefill-with-llm.ts';
import { llmCallLog } from './store.ts';
import type { LlmCaseType, LlmField, LlmRefusal } from './types.ts';

// The LLM path as the prefill (part D) calls it through its seam (prefill/seams.ts →
// llmPrefillerOf): the same findings as the built-in path, or a throw, on which the prefill
// answers with the built-in path and records `llm-fallback`.

export interface LlmPrefillArgs {
  caseType: CaseTypeRow;
  fields: FieldDefinition[];
  settings: AssistSettings;
  text: string;
  locale: PrefillLocale;
}

export type LlmPrefiller = (args: LlmPrefillArgs) => Promise<PrefillFindings>;

const NOWHERE = { start: 0, end: 0, text: '' };

/** The form's fields as the model is asked for them: only those assistance is on for, and the case's priority. */
export function llmCaseTypeOf(caseTypeKey: string, fields: readonly FieldDefinition[], settings: AssistSettings): LlmCaseType {
  const asked: LlmField[] = fields
    .filter((f) => isFieldEnabled(settings, f.key))
    .map((f) => ({
      key: f.key,
      type: f.type,
      label: f.label,
      options: f.component.values?.map((v) => ({ value: v.value, label: v.label })),
      dataClass: f.dataClass,
      required: f.component.validate?.required === true,
      subtype: f.component.subtype,
    }));
  if (isFieldEnabled(settings, PRIORITY_FIELD) && !asked.some((f) => f.key === PRIORITY_FIELD)) {
    asked.push({ key: PRIORITY_FIELD, type: 'select', label: '紧急程度 Urgency of the case', options: [...CASE_PRIORITIES] });
  }
  return { key: caseTypeKey, fields: asked };
}

/** The entity extractor's personal kinds as spans to mask (names, addresses, credit codes …). */
export function sensitiveSpansOf(entities: readonly Entity[]): SensitiveSpan[] {
  return entities.flatMap((e) => {
    const kind = ENTITY_MASK_KINDS[e.kind];
    return kind ? [{ start: e.start, end: e.end, kind }] : [];
  });
}

/** The reasons the prefill API knows; a value the model gave in the wrong shape was not read from the text. */
function refusalReason(reason: LlmRefusal['reason']): PrefillFindings['refused'][number]['reason'] {
  return reason === 'invalid-value' ? 'not-in-text' : reason;
}

/** The LLM path when DOCKET_ASSIST_LLM_URL is set, undefined when it is not. */
export function llmPrefillerFor(deps: AppDeps, extractEntities: (text: string) => Entity[]): LlmPrefiller | undefined {
  const { config } = deps;
  if (!isLlmConfigured(config)) return undefined;
  return async ({ caseType, fields, settings, text, locale }) => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: config.analyticsTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(deps.clock.now());
    const result = await runLlmPrefill({
      caseType: llmCaseTypeOf(caseType.key, fields, settings),
      text,
      config,
      today,
      findSensitive: (t) => sensitiveSpansOf(extractEntities(t)),
      log: llmCallLog(deps.database.db),
    });
    const suggestions: PrefillFindings['suggestions'] = [];
    const refused: PrefillFindings['refused'] = result.refusals.map((r) => ({
      field: r.field,
      reason: refusalReason(r.reason),
      source: r.source ? spanOf(text, r.source.start, r.source.end) : NOWHERE,
    }));
    for (const s of result.suggestions) {
      const source = spanOf(text, s.source.start, s.source.end);
      if (s.confidence < thresholdOf(settings, s.field)) refused.push({ field: s.field, reason: 'below-threshold', source });
      else suggestions.push({ field: s.field, value: s.value, confidence: s.confidence, kind: 'llm', modelVersion: result.modelVersion, source, alsoFrom: [] });
    }
    return { suggestions, signals: [], refused, missing: missingFields(fields, suggestions, locale), modelVersions: [result.modelVersion] };
  };
}
