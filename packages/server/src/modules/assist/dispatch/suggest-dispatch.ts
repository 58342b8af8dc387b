import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertAllowed } from '../../access/index.ts';
import { CASE_PRIORITIES, findCaseTypeNames, findCaseTypeOrThrow, listFieldDefinitions } from '../../cases/index.ts';
import { decideRouting, listRoutingRules, routingSubjectOfDescribed } from '../../routing/index.ts';
import type { Prediction, TextClassifier } from '../model/types.ts';
import { type DispatchReason, dispatchReasonOf } from './dispatch-reason.ts';
import { readAssistSettings } from '../governance/settings-store.ts';
import { classifierLabelOf, isFieldEnabled, isSpanInText, spanOf, thresholdOf } from '../prefill/builtin-path.ts';

/** The classifier answering for a label; undefined when none does (no installed or shipped model). */
export type ClassifierSource = (label: string) => Promise<TextClassifier | undefined>;

/** The case's fields the routing rules read (conditions categories, products, riskLevels). */
const ROUTING_FIELD_KEYS = ['category', 'product', 'riskLevel'] as const;
/** The case type's guess, made before any case type's settings apply: the settings' default. */
const CASE_TYPE_THRESHOLD = 0.5;

interface Span {
  start: number;
  end: number;
  text: string;
}

export interface DispatchGuess {
  field: string;
  value: string;
  confidence: number;
  modelVersion: string;
  source: Span;
  alsoFrom: Span[];
}

export interface DispatchSuggestion {
  /** The case type routed: the caller's, or the classifier's guess (with its span); null when neither. */
  caseType: { value: string; given: boolean; guess: DispatchGuess | null } | null;
  /** What the classifiers read that the routing rules use (category, product, risk level, priority). */
  facts: DispatchGuess[];
  /** Guesses not made: no span in the text, below the threshold, not an option of the field. */
  refused: { field: string; reason: 'not-in-text' | 'below-threshold' | 'not-in-options' }[];
  queue: { id: string; key: string; name: string } | null;
  skills: { skill: string; minLevel: number }[];
  languages: string[];
  priorityBoost: number;
  reason: DispatchReason;
  modelVersions: string[];
}

export interface DispatchInput {
  text: string;
  caseType?: string;
  channel?: string;
}

/**
 * A prediction becomes a guess only when its evidence lies in the text (a span to show) and it
 * reaches the threshold: a class the model leans to for no visible reason is no suggestion.
 */
function guessOf(field: string, text: string, classifier: TextClassifier, prediction: Prediction, threshold: number, refused: DispatchSuggestion['refused']): DispatchGuess | null {
  const evidence = prediction.evidence.filter((e) => isSpanInText(text, e));
  if (evidence.length === 0) {
    refused.push({ field, reason: 'not-in-text' });
    return null;
  }
  if (prediction.confidence < threshold) {
    refused.push({ field, reason: 'below-threshold' });
    return null;
  }
  const [first, ...rest] = evidence;
  return {
    field,
    value: prediction.label,
    confidence: Math.round(prediction.confidence * 10_000) / 10_000,
    modelVersion: classifier.version,
    source: spanOf(text, first!.start, first!.end),
    alsoFrom: rest.slice(0, 4).map((e) => spanOf(text, e.start, e.end)),
  };
}

/**
 * Where a new case told in `text` would likely go: its case type (given, or guessed), the facts
 * the routing rules read (guessed from the text within the field's options), then the routing
 * module's own decision on those facts — the rule that matches, its queue and skills — with the
 * reason. Reads only: nothing is routed, nothing stored.
 */
export async function suggestDispatch(ctx: CommandContext, classifiers: ClassifierSource, input: DispatchInput): Promise<DispatchSuggestion> {
  assertAllowed(ctx.actor, 'assist:use');
  const { text } = input;
  const refused: DispatchSuggestion['refused'] = [];
  const modelVersions = new Set<string>();
  const typeNames = await findCaseTypeNames(ctx);

  let caseType: DispatchSuggestion['caseType'] = null;
  if (input.caseType !== undefined) {
    if (!typeNames.has(input.caseType)) throw httpProblems.validationFailed({ errors: [{ field: 'caseType', reason: 'no such case type' }] });
    caseType = { value: input.caseType, given: true, guess: null };
  } else {
    const classifier = await classifiers('caseType');
    const among = classifier?.classes.filter((c) => typeNames.has(c)) ?? [];
    if (classifier && among.length > 0) {
      modelVersions.add(classifier.version);
      const guess = guessOf('caseType', text, classifier, classifier.predict(text, { among }), CASE_TYPE_THRESHOLD, refused);
      if (guess) caseType = { value: guess.value, given: false, guess };
    }
  }

  const facts: DispatchGuess[] = [];
  let priority: string | undefined;
  if (caseType) {
    const type = await findCaseTypeOrThrow(ctx, caseType.value);
    const settings = await readAssistSettings(ctx.tx, caseType.value);
    // Assistance off for the case type: routed on its type alone, nothing read from the text.
    const fieldOn = (field: string) => settings.enabled && isFieldEnabled(settings, field);
    for (const field of listFieldDefinitions(type.schema)) {
      if (!(ROUTING_FIELD_KEYS as readonly string[]).includes(field.key) || field.type !== 'select' || !fieldOn(field.key)) continue;
      const options = (field.component.values ?? []).map((v) => String(v.value));
      const classifier = await classifiers(classifierLabelOf(field, settings));
      const among = classifier?.classes.filter((c) => options.includes(c)) ?? [];
      if (!classifier) continue;
      if (among.length === 0) {
        refused.push({ field: field.key, reason: 'not-in-options' });
        continue;
      }
      modelVersions.add(classifier.version);
      const guess = guessOf(field.key, text, classifier, classifier.predict(text, { among }), thresholdOf(settings, field.key), refused);
      if (guess) facts.push(guess);
    }
    // The urgency classifier speaks the case priorities' words; routing rules may match on them.
    const urgency = fieldOn('priority') ? await classifiers(settings.fields.priority?.label ?? 'urgency') : undefined;
    const among = urgency?.classes.filter((c) => (CASE_PRIORITIES as readonly string[]).includes(c)) ?? [];
    if (urgency && among.length > 0) {
      modelVersions.add(urgency.version);
      const guess = guessOf('priority', text, urgency, urgency.predict(text, { among }), thresholdOf(settings, 'priority'), refused);
      if (guess) {
        facts.push(guess);
        priority = guess.value;
      }
    }
  }

  const fields = Object.fromEntries(facts.filter((f) => f.field !== 'priority').map((f) => [f.field, f.value]));
  const factList = [...(caseType ? [{ field: 'caseType', value: caseType.value }] : []), ...facts.map((f) => ({ field: f.field, value: f.value }))];
  if (!caseType) {
    return {
      caseType,
      facts,
      refused,
      queue: null,
      skills: [],
      languages: [],
      priorityBoost: 0,
      modelVersions: [...modelVersions],
      reason: dispatchReasonOf({ caseType: null, rule: null, queue: null, ruleSetQueue: false, skills: [], facts: factList, rulesConsidered: 0 }),
    };
  }
  const subject = routingSubjectOfDescribed({ type: caseType.value, fields, ...(priority ? { priority } : {}), ...(input.channel ? { channel: input.channel } : {}) });
  const plan = await decideRouting(ctx, subject, ctx.now);
  const queue = plan.queue ? { id: plan.queue.id, key: plan.queue.key, name: plan.queue.name } : null;
  const ruleRow = plan.rule ? { key: plan.rule.key, name: plan.rule.name } : null;
  // Whether the queue is the rule's own or its case type's default (a rule may only ask for skills).
  const ruleSetQueue = plan.rule !== null && queue !== null && (await listRoutingRules(ctx.tx)).find((r) => r.key === plan.rule!.key)?.actions.queueId === queue.id;
  return {
    caseType,
    facts,
    refused,
    queue,
    skills: plan.requiredSkills,
    languages: plan.requiredLanguages,
    priorityBoost: plan.priorityBoost,
    modelVersions: [...modelVersions],
    reason: dispatchReasonOf({ caseType: caseType.value, rule: ruleRow, queue, ruleSetQueue, skills: plan.requiredSkills, facts: factList, rulesConsidered: plan.rulesConsidered.length }),
  };
}
