import { feelDateFrom, feelDateTimeFrom, feelDurationFrom, feelTimeFrom, feelTypeOf, testFeelValue, type FeelTypeName } from '../../platform/feel/index.ts';
import type { DmnItemDefinition } from './dmn-elements.ts';

/**
 * typeRef checking and coercion (DMN 1.3 §10.3.2.9.4 and §7.3.2): a value that does not conform
 * to the declared type becomes null, a singleton list given where an element is declared becomes
 * the element, and an element given where a collection is declared becomes a one-item list.
 * Values from JSON (the API) are strings where FEEL has dates, times and durations; they are read
 * as such when the declared type asks for one.
 */

const BUILT_IN: Record<string, FeelTypeName | 'any' | 'duration'> = {
  number: 'number',
  string: 'string',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  'date and time': 'date and time',
  datetime: 'date and time',
  'days and time duration': 'days and time duration',
  daytimeduration: 'days and time duration',
  'years and months duration': 'years and months duration',
  yearmonthduration: 'years and months duration',
  duration: 'duration',
  context: 'context',
  list: 'list',
  any: 'any',
  function: 'function',
  range: 'range',
};

export interface ItemTypes {
  /** The value as the declared type has it, or null when it does not conform. */
  coerce(value: unknown, typeRef: string | undefined): unknown;
}

export function itemTypesOf(itemDefinitions: DmnItemDefinition[] = []): ItemTypes {
  const byName = new Map(itemDefinitions.map((definition) => [definition.name, definition]));

  function resolve(typeRef: string): DmnItemDefinition | string | undefined {
    if (byName.has(typeRef)) return byName.get(typeRef);
    const unprefixed = typeRef.includes(':') ? typeRef.slice(typeRef.lastIndexOf(':') + 1) : typeRef;
    if (byName.has(unprefixed)) return byName.get(unprefixed);
    const builtIn = BUILT_IN[unprefixed.toLowerCase()];
    return builtIn;
  }

  function coerceToBuiltIn(value: unknown, type: string): unknown {
    if (value === null || value === undefined) return null;
    if (type === 'any') return value;
    const actual = feelTypeOf(value);
    if (typeof value === 'string') {
      if (type === 'date') return feelDateFrom(value);
      if (type === 'time') return feelTimeFrom(value);
      if (type === 'date and time') return feelDateTimeFrom(value);
      if (type === 'days and time duration' || type === 'years and months duration' || type === 'duration') {
        const parsed = feelDurationFrom(value);
        return parsed !== null && (type === 'duration' || feelTypeOf(parsed) === type) ? parsed : null;
      }
    }
    if (type === 'duration') return actual.endsWith('duration') ? value : null;
    if (type === 'date and time' && actual === 'date') return value;
    if (actual === type) return value;
    if (type !== 'list' && actual === 'list' && (value as unknown[]).length === 1) return coerceToBuiltIn((value as unknown[])[0], type);
    if (type === 'list') return [value];
    return null;
  }

  function coerce(value: unknown, typeRef: string | undefined, depth = 0): unknown {
    if (!typeRef || value === null || value === undefined || depth > 32) return value ?? null;
    const resolved = resolve(typeRef);
    if (resolved === undefined) return value;
    if (typeof resolved === 'string') return coerceToBuiltIn(value, resolved);
    return coerceToDefinition(value, resolved, depth);
  }

  function coerceToDefinition(value: unknown, definition: DmnItemDefinition, depth: number): unknown {
    if (definition.isCollection) {
      const list = Array.isArray(value) ? value : [value];
      const items = list.map((item) => coerceElement(item, definition, depth));
      return items.some((item, i) => item === null && list[i] !== null) ? null : items;
    }
    if (Array.isArray(value) && value.length === 1) return coerceElement(value[0], definition, depth);
    return coerceElement(value, definition, depth);
  }

  function coerceElement(value: unknown, definition: DmnItemDefinition, depth: number): unknown {
    if (value === null || value === undefined) return null;
    let coerced: unknown = value;
    if (definition.itemComponent && definition.itemComponent.length > 0) {
      if (feelTypeOf(value) !== 'context') return null;
      const context = value as Record<string, unknown>;
      const result: Record<string, unknown> = { ...context };
      for (const component of definition.itemComponent) {
        if (!Object.hasOwn(context, component.name)) continue;
        const inner = coerceToDefinition(context[component.name], component, depth + 1);
        if (inner === null && context[component.name] !== null) return null;
        result[component.name] = inner;
      }
      coerced = result;
    } else if (definition.typeRef) {
      coerced = coerce(value, definition.typeRef, depth + 1);
      if (coerced === null) return null;
    }
    for (const constraint of [definition.allowedValues?.text, definition.typeConstraint?.text]) {
      if (constraint && constraint.trim() !== '' && testFeelValue(constraint, coerced, {}) !== true) return null;
    }
    return coerced;
  }

  return { coerce: (value, typeRef) => coerce(value, typeRef) };
}
