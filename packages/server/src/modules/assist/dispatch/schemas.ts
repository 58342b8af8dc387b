import { Type, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../../platform/http/string-enum.ts';

// POST /api/v1/assist/dispatch (issue 22). Offsets are UTF-16 code units into the text sent, end exclusive.

export const DispatchRequest = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 20000, description: 'What the customer said or wrote: a call transcript, an e-mail, a chat' }),
    caseType: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The case type when the agent knows it; otherwise it is guessed from the text' })),
    channel: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'phone, email, chat, counter, web …: routing rules may match on it' })),
  },
  { $id: 'AssistDispatchRequest', additionalProperties: false },
);

const Span = Type.Object({
  start: Type.Integer({ minimum: 0 }),
  end: Type.Integer({ minimum: 0 }),
  text: Type.String({ description: 'text.slice(start, end): the words the guess came from' }),
});

const Guess = Type.Object({
  field: Type.String({ description: 'caseType, a field key the routing rules read (category, product, riskLevel), or priority' }),
  value: Type.String(),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  modelVersion: Type.String(),
  source: Span,
  alsoFrom: Type.Array(Span),
});

const Named = Type.Object({ id: Type.String({ format: 'uuid' }), key: Type.String(), name: Type.String() });

export const DispatchResponse = Type.Object(
  {
    caseType: Type.Union([
      Type.Object({
        value: Type.String(),
        given: Type.Boolean({ description: 'true: the caller named it; false: guessed from the text (see guess)' }),
        guess: Type.Union([Guess, Type.Null()]),
      }),
      Type.Null(),
    ]),
    facts: Type.Array(Guess, { description: 'What the classifiers read that the routing rules use, each with its span' }),
    refused: Type.Array(
      Type.Object({
        field: Type.String(),
        reason: StringEnum(['not-in-text', 'below-threshold', 'not-in-options'] as const),
      }),
      { description: 'Guesses not made: no evidence in the text, below the threshold, or not an option of the field' },
    ),
    queue: Type.Union([Named, Type.Null()]),
    skills: Type.Array(Type.Object({ skill: Type.String(), minLevel: Type.Integer() })),
    languages: Type.Array(Type.String()),
    priorityBoost: Type.Integer(),
    reason: Type.Object({
      kind: StringEnum(['rule', 'type-default', 'no-queue', 'no-case-type'] as const),
      rule: Type.Union([Type.Object({ key: Type.String(), name: Type.String() }), Type.Null()]),
      facts: Type.Array(Type.Object({ field: Type.String(), value: Type.String() })),
      rulesConsidered: Type.Integer(),
      text: Type.String({ description: 'The reason in words (English); the console words it from the parts above' }),
    }),
    modelVersions: Type.Array(Type.String()),
  },
  { $id: 'AssistDispatchResponse' },
);

/** Schemas the dispatch part registers by $id (issue 22). */
export const dispatchSchemas: TSchema[] = [DispatchRequest, DispatchResponse];
