import type { LlmCaseType, LlmField, LlmFieldOption } from './types.ts';

// The request is constrained by a JSON schema generated from the case type's own fields, so the
// model can only answer with the fields that exist, an option that exists, a number where a
// number belongs. The schema keeps to what OpenAI's strict mode, vLLM's guided decoding and
// Ollama's structured outputs all accept: every property required, no additional properties,
// "absent" as null.

/** The form-js types the model is asked for; lists and tags are left to the agent. */
export const ASKED_FIELD_TYPES = ['textfield', 'textarea', 'number', 'select', 'radio', 'checkbox', 'datetime'] as const;

type JsonSchema = Record<string, unknown>;

export function isAskedField(field: LlmField): boolean {
  if (!(ASKED_FIELD_TYPES as readonly string[]).includes(field.type)) return false;
  return field.type !== 'select' && field.type !== 'radio' ? true : optionValues(field).length > 0;
}

export function optionValue(option: LlmFieldOption): string {
  return typeof option === 'string' ? option : String(option.value);
}

export function optionValues(field: LlmField): string[] {
  return (field.options ?? []).map(optionValue);
}

function valueSchema(field: LlmField): JsonSchema {
  switch (field.type) {
    case 'select':
    case 'radio':
      return { type: 'string', enum: optionValues(field) };
    case 'number':
      return { type: 'number' };
    case 'checkbox':
      return { type: 'boolean' };
    case 'datetime':
      return field.subtype === 'date' ? { type: 'string', format: 'date' } : field.subtype === 'time' ? { type: 'string', format: 'time' } : { type: 'string', format: 'date-time' };
    default:
      return { type: 'string' };
  }
}

/** The answer's JSON schema: one property per asked field, each `{value, quote, confidence}` or null. */
export function buildAnswerSchema(caseType: LlmCaseType): JsonSchema {
  const fields = caseType.fields.filter(isAskedField);
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) {
    properties[field.key] = {
      anyOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['value', 'quote', 'confidence'],
          properties: {
            value: valueSchema(field),
            quote: { type: 'string', description: 'The words of the text that state the value, copied exactly' },
            confidence: { type: 'number', description: '0 to 1' },
          },
        },
        { type: 'null' },
      ],
    };
  }
  return { type: 'object', additionalProperties: false, required: fields.map((f) => f.key), properties };
}

/** json_schema.name allows letters, digits, '_' and '-' up to 64. */
export function answerSchemaName(caseType: LlmCaseType): string {
  return `docket_prefill_${caseType.key.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
}

const SYSTEM_PROMPT = [
  "You fill in a bank's case form from what a customer said or wrote. Answer with JSON only, following the schema.",
  'For each field: when the text states its value, give `value`, `quote` (the shortest passage of the text that states it, copied character for character) and `confidence` (0 to 1). When the text does not state it, answer null.',
  'Never guess, infer from outside knowledge or invent a value the text does not state. A missing value is better than a wrong one.',
  'Personal data in the text has been replaced by placeholders such as ⟦PHONE_1⟧ or ⟦NAME_1⟧. When a field holds such a value, answer the placeholder exactly as written, in `value` and in `quote`.',
  'A select field takes one of its option values. Numbers are plain numbers (5万 is 50000). Dates are ISO 8601.',
].join('\n');

function describeField(field: LlmField): string {
  const kind = field.dataClass ? `${field.type}, ${field.dataClass}` : field.subtype ? `${field.type}, ${field.subtype}` : field.type;
  const options = field.options?.length ? `; options: ${field.options.map((o) => (typeof o === 'string' || !o.label ? optionValue(o) : `${optionValue(o)} = ${o.label}`)).join(' | ')}` : '';
  return `- ${field.key} (${kind}${field.required ? ', required' : ''}): ${field.label}${options}`;
}

/** The chat messages: the rules, the fields, and the masked text. Nothing else of the case goes out. */
export function buildMessages(caseType: LlmCaseType, maskedText: string, today?: string): { role: 'system' | 'user'; content: string }[] {
  const fields = caseType.fields.filter(isAskedField).map(describeField).join('\n');
  const user = [`Case type: ${caseType.key}`, ...(today ? [`Today: ${today}`] : []), 'Fields:', fields, '', 'Text:', '<<<', maskedText, '>>>'].join('\n');
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: user },
  ];
}
