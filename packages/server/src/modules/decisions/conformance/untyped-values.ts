import { feelDateFrom, feelDateTimeFrom, feelDurationFrom, feelTimeFrom, feelTypeOf } from '../../../platform/feel/index.ts';
import { isInputData, type DmnItemDefinition } from '../dmn-elements.ts';
import type { DecisionModel } from '../evaluate-decision.ts';
import { UntypedValue } from './tck-test-file.ts';

/**
 * Older TCK test files give values without xsi:type. An input value takes its type from the
 * model (the input data's typeRef, an item definition's components); an expected value takes the
 * type of the value the engine gave, so `2` matches the number 2 and `2` the string "2".
 */

const BASE_TYPES: Record<string, string> = {
  number: 'number',
  string: 'string',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  'date and time': 'date and time',
  datetime: 'date and time',
  'days and time duration': 'duration',
  daytimeduration: 'duration',
  'years and months duration': 'duration',
  yearmonthduration: 'duration',
  duration: 'duration',
};

type TypeShape = { base?: string; components?: Map<string, TypeShape>; collection?: boolean };

function shapeOf(model: DecisionModel, typeRef: string | undefined, depth = 0): TypeShape {
  if (!typeRef || depth > 16) return {};
  const local = typeRef.includes(':') ? typeRef.slice(typeRef.lastIndexOf(':') + 1) : typeRef;
  const definition = (model.definitions.itemDefinition ?? []).find((candidate) => candidate.name === typeRef || candidate.name === local);
  if (!definition) return { base: BASE_TYPES[local.toLowerCase()] };
  return shapeOfDefinition(model, definition, depth);
}

function shapeOfDefinition(model: DecisionModel, definition: DmnItemDefinition, depth: number): TypeShape {
  const inner: TypeShape = definition.itemComponent?.length
    ? { components: new Map(definition.itemComponent.map((component) => [component.name, shapeOfDefinition(model, component, depth + 1)])) }
    : shapeOf(model, definition.typeRef, depth + 1);
  return definition.isCollection ? { ...inner, collection: true } : inner;
}

function typed(value: unknown, shape: TypeShape): unknown {
  if (value instanceof UntypedValue) return fromText(value.text, shape.base);
  if (Array.isArray(value)) return value.map((item) => typed(item, { ...shape, collection: false }));
  if (value !== null && typeof value === 'object' && feelTypeOf(value) === 'context') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, typed(entry, shape.components?.get(key) ?? {})]));
  }
  return value;
}

function fromText(text: string, base: string | undefined): unknown {
  const trimmed = text.trim();
  switch (base) {
    case 'string':
      return text;
    case 'number':
      return trimmed === '' ? null : Number(trimmed);
    case 'boolean':
      return trimmed === 'true';
    case 'date':
      return feelDateFrom(trimmed);
    case 'time':
      return feelTimeFrom(trimmed);
    case 'date and time':
      return feelDateTimeFrom(trimmed);
    case 'duration':
      return feelDurationFrom(trimmed);
    default:
      if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(trimmed)) return Number(trimmed);
      if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
      return text;
  }
}

export function typedInputs(model: DecisionModel, inputs: Record<string, unknown>): Record<string, unknown> {
  const inputData = (model.definitions.drgElement ?? []).filter(isInputData);
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => {
      const input = inputData.find((candidate) => candidate.name === name);
      return [name, typed(value, shapeOf(model, input?.variable?.typeRef))];
    }),
  );
}

export function typedLike(expected: unknown, actual: unknown): unknown {
  if (expected instanceof UntypedValue) {
    const type = feelTypeOf(actual);
    const base = type === 'days and time duration' || type === 'years and months duration' ? 'duration' : type;
    return fromText(expected.text, BASE_TYPES[base] ?? (base === 'null' ? undefined : base));
  }
  if (Array.isArray(expected)) return expected.map((item, i) => typedLike(item, Array.isArray(actual) ? actual[i] : undefined));
  if (expected !== null && typeof expected === 'object' && feelTypeOf(expected) === 'context') {
    const actualContext = actual !== null && typeof actual === 'object' ? (actual as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(expected).map(([key, entry]) => [key, typedLike(entry, actualContext[key])]));
  }
  return expected;
}
