import { Kind, Type, TypeRegistry, type TUnsafe } from '@sinclair/typebox';

// Registered so TypeBox's own compiler (bulk line checks) validates it as ajv does.
TypeRegistry.Set('StringEnum', (schema: { enum: string[] }, value) => typeof value === 'string' && schema.enum.includes(value));

/**
 * A string enumeration as JSON Schema `enum` (not anyOf of consts): validation errors then
 * say "must be one of …", and OpenAPI shows one dropdown.
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ [Kind]: 'StringEnum', type: 'string', enum: [...values], ...options });
}
