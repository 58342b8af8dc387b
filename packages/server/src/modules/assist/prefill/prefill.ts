import { performance } from 'node:perf_hooks';
import type { AppDeps } from '../../../app-deps.ts';
import type { CommandContext, CommandMeta } from '../../../platform/commands/index.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { assertAllowed, assertAllowedToCreate } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCurrentCaseTypeForCreateOrThrow, listFieldDefinitions, type CaseTypeRow, type FieldDefinition } from '../../cases/index.ts';
import type { ExtractOptions } from '../entities/index.ts';
import type { TextClassifier } from '../model/types.ts';
import { readAssistSettings, type AssistSettings } from '../governance/settings-store.ts';
import { classifierLabelsFor, enforceGrounding, prefillBuiltin, type PrefillFindings } from './builtin-path.ts';
import type { PrefillLocale } from './field-labels.ts';
import { insertPrefill, type SuggestionRecord } from './prefill-store.ts';
import { prefillProblems } from './problems.ts';
import type { PrefillRequest, PrefillResponse } from './schemas.ts';
import { classifierFor, extractEntities, findRejectedIdentifiers, llmPrefillerOf } from './seams.ts';

interface PrefillPlan {
  caseType: CaseTypeRow;
  fields: FieldDefinition[];
  settings: AssistSettings;
  classifiers: Map<string, TextClassifier>;
}

/** Who may ask, for which case type, under which settings, with which models: read before any model runs. */
async function planPrefill(ctx: CommandContext, input: PrefillRequest): Promise<PrefillPlan> {
  assertAllowed(ctx.actor, 'assist:use');
  let caseType: CaseTypeRow;
  try {
    caseType = await findCurrentCaseTypeForCreateOrThrow(ctx, input.caseType);
  } catch (error) {
    if (error instanceof Problem && error.status === 404) {
      throw prefillProblems.caseTypeNotFound({
        detail: `No case type ${input.caseType}`,
        errors: [{ field: 'caseType', reason: `no case type ${input.caseType}`, code: 'unknown-reference', params: { value: input.caseType } }],
      });
    }
    throw error;
  }
  // Suggestions are for a case the caller is about to create: one who may not create it gets none.
  assertAllowedToCreate(ctx.actor, {
    typeKey: caseType.key,
    createdBy: ctx.actor.userId,
    assigneeId: null,
    departmentId: ctx.actor.departmentId,
    tags: [],
    sensitivity: 'normal',
  });
  const settings = await readAssistSettings(ctx.tx, caseType.key);
  if (!settings.enabled) throw prefillProblems.assistanceOff({ detail: `Assistance is off for case type ${caseType.key}`, caseType: caseType.key });
  const fields = listFieldDefinitions(caseType.schema);
  const classifiers = new Map<string, TextClassifier>();
  for (const label of classifierLabelsFor(fields, settings)) {
    const classifier = await classifierFor(ctx.tx, label);
    if (classifier) classifiers.set(label, classifier);
  }
  return { caseType, fields, settings, classifiers };
}

function builtinFindings(plan: PrefillPlan, text: string, locale: PrefillLocale, entityOptions: ExtractOptions): PrefillFindings {
  return prefillBuiltin({
    text,
    fields: plan.fields,
    settings: plan.settings,
    classifiers: plan.classifiers,
    entities: extractEntities(text, entityOptions),
    rejectedIdentifiers: findRejectedIdentifiers(text),
    locale,
  });
}

// A choice, a number or a date says nothing about the customer; a data class or free text does.
function storableValue(field: FieldDefinition | undefined, value: unknown): string | null {
  if (field && (field.dataClass !== null || field.type === 'textfield' || field.type === 'textarea')) return null;
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * POST /assist/prefill: suggestions for a new case from the customer's words. The models run
 * outside the transaction (the LLM may take seconds); the prefill, its suggestions and the audit
 * are recorded in one command.
 */
export async function prefillCase(deps: AppDeps, meta: CommandMeta, input: PrefillRequest, locale: PrefillLocale): Promise<PrefillResponse> {
  const started = performance.now();
  const plan = await deps.commands.inQuery(meta, (ctx) => planPrefill(ctx, input));
  const { text } = input;
  let path: PrefillResponse['path'] = 'builtin';
  let findings: PrefillFindings;
  // 昨天, last Friday: read against now, in the bank's zone.
  const entityOptions: ExtractOptions = { now: deps.clock.now(), timeZone: deps.config.analyticsTimeZone };
  const llm = llmPrefillerOf(deps);
  if (llm) {
    // SEAM (part E): the LLM path answers with the same findings; on failure the built-in path does.
    try {
      findings = await llm({ caseType: plan.caseType, fields: plan.fields, settings: plan.settings, text, locale });
      path = 'llm';
    } catch {
      findings = builtinFindings(plan, text, locale, entityOptions);
      path = 'llm-fallback';
    }
  } else findings = builtinFindings(plan, text, locale, entityOptions);
  findings = enforceGrounding(text, findings, plan.fields, locale);
  const durationMs = Math.round(performance.now() - started);

  return deps.commands.runCommand(meta, async (ctx) => {
    assertAllowed(ctx.actor, 'assist:use');
    const id = newId();
    const fieldsByKey = new Map(plan.fields.map((f) => [f.key, f]));
    const rows: SuggestionRecord[] = findings.suggestions.map((s) => ({
      fieldKey: s.field,
      sourceKind: s.kind,
      modelVersion: s.modelVersion,
      confidence: s.confidence,
      spanStart: s.source.start,
      spanEnd: s.source.end,
      value: storableValue(fieldsByKey.get(s.field), s.value),
    }));
    await insertPrefill(
      ctx.tx,
      {
        id,
        caseTypeKey: plan.caseType.key,
        channel: input.channel ?? null,
        requestedBy: ctx.actor.userId,
        departmentId: ctx.actor.departmentId,
        requestedAt: ctx.now,
        path,
        modelVersions: findings.modelVersions,
        textLength: text.length,
        durationMs,
      },
      rows,
    );
    await recordAuditEvent(ctx, {
      action: 'assist.prefill-suggested',
      targetType: 'assist-prefill',
      targetId: id,
      data: {
        caseType: plan.caseType.key,
        path,
        fields: findings.suggestions.map((s) => ({ field: s.field, kind: s.kind, confidence: s.confidence, modelVersion: s.modelVersion })),
        refused: findings.refused.map((r) => ({ field: r.field, reason: r.reason })),
        missing: findings.missing.map((m) => m.field),
        signals: findings.signals.map((s) => ({ label: s.label, value: s.value, confidence: s.confidence })),
        modelVersions: findings.modelVersions,
        textLength: text.length,
        durationMs,
      },
    });
    return { id, caseType: plan.caseType.key, path, ...findings };
  });
}
