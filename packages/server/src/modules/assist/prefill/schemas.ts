import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../../platform/http/string-enum.ts';

// POST /api/v1/assist/prefill and POST /api/v1/assist/prefills/{id}/outcomes (issue 22).
// Offsets are UTF-16 code units into the text sent (JavaScript string indices), end exclusive.

export const PrefillRequest = Type.Object(
  {
    caseType: Type.String({ minLength: 1, maxLength: 64, description: 'The case type key the values are for' }),
    text: Type.String({ minLength: 1, maxLength: 20000, description: 'What the customer said or wrote: a call transcript, an e-mail, a chat' }),
    channel: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'phone, email, chat, counter, web …' })),
  },
  // Request bodies are not registered components (redocly: no unused components).
  { additionalProperties: false },
);
export type PrefillRequest = Static<typeof PrefillRequest>;

const SourceSpan = Type.Object({
  start: Type.Integer({ minimum: 0 }),
  end: Type.Integer({ minimum: 0 }),
  text: Type.String({ description: 'text.slice(start, end): the words the value came from' }),
});

export const PrefillSuggestion = Type.Object(
  {
    field: Type.String({ description: "The case type's field key, or `priority` for the case's priority" }),
    value: Type.Unknown({ description: "The value as the field takes it: an option's value, a number, an ISO date, the id's digits" }),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    kind: StringEnum(['classifier', 'entity', 'llm'] as const),
    modelVersion: Type.String(),
    source: SourceSpan,
    /** Further spans that supported it (a classifier's other evidence). */
    alsoFrom: Type.Array(SourceSpan),
  },
  { $id: 'AssistPrefillSuggestion' },
);
export type PrefillSuggestion = Static<typeof PrefillSuggestion>;

export const PrefillResponse = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'The prefill, for recording the outcomes' }),
    caseType: Type.String(),
    path: StringEnum(['builtin', 'llm', 'llm-fallback'] as const),
    suggestions: Type.Array(Type.Unsafe<PrefillSuggestion>(Type.Ref('AssistPrefillSuggestion'))),
    /** What a model read that is not a field of this case type: emotion, urgency, intent. */
    signals: Type.Array(Type.Object({ label: Type.String(), value: Type.String(), confidence: Type.Number(), modelVersion: Type.String(), source: SourceSpan })),
    /** Required fields no suggestion fills: the agent asks the customer for them. */
    missing: Type.Array(Type.Object({ field: Type.String(), label: Type.String() })),
    /** Values found but refused, and why (a resident id whose check digit is wrong), without the value. */
    refused: Type.Array(Type.Object({ field: Type.String(), reason: StringEnum(['check-digit', 'not-in-options', 'below-threshold', 'not-in-text'] as const), source: SourceSpan })),
    modelVersions: Type.Array(Type.String()),
  },
  { $id: 'AssistPrefillResponse' },
);
export type PrefillResponse = Static<typeof PrefillResponse>;

export const PrefillOutcomesRequest = Type.Object(
  {
    caseId: Type.Optional(Type.String({ format: 'uuid', description: 'The case created with the suggestions' })),
    fields: Type.Array(Type.Object({ field: Type.String({ minLength: 1, maxLength: 64 }), outcome: StringEnum(['accepted', 'changed', 'rejected'] as const) }, { additionalProperties: false }), {
      maxItems: 200,
    }),
  },
  { additionalProperties: false },
);
export type PrefillOutcomesRequest = Static<typeof PrefillOutcomesRequest>;

export const PrefillOutcomes = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    caseId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    recorded: Type.Integer({ minimum: 0, description: 'How many fields had their outcome recorded' }),
  },
  { $id: 'AssistPrefillOutcomes' },
);

/** Schemas the prefill part registers by $id (issue 22). */
export const prefillSchemas: TSchema[] = [PrefillSuggestion, PrefillResponse, PrefillOutcomes];
