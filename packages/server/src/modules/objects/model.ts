import type { DataClass } from '../cases/form-schema.ts';

// What an object type is made of (issue 21), shared by the type designer, records, imports, the
// customer 360° view and automation rules. Stored in objects.object_type.fields / layout.

export const OBJECT_FIELD_TYPES = ['text', 'long-text', 'number', 'money', 'date', 'datetime', 'boolean', 'select', 'multi-select', 'user', 'department', 'reference', 'case-reference'] as const;
export type ObjectFieldType = (typeof OBJECT_FIELD_TYPES)[number];

export interface LocalisedText {
  'zh-CN': string;
  'en-US': string;
}

export interface ObjectFieldDefinition {
  /** ^[a-z][a-zA-Z0-9]{0,39}$ — the JSON key in a record's fields. */
  key: string;
  type: ObjectFieldType;
  label: LocalisedText;
  required?: boolean;
  /** A sensitive field: sealed at rest, blind-indexed, masked by default (the case fields' machinery). */
  dataClass?: DataClass | null;
  /** select / multi-select: the allowed values. */
  options?: { value: string; label: LocalisedText }[];
  /** reference: the object type key the value (a record id) points to. */
  referenceTo?: string;
  /** money: ISO 4217 currency, CNY by default; the value is a decimal string ("1234.50"). */
  currency?: string;
  validate?: { minLength?: number; maxLength?: number; pattern?: string; min?: number; max?: number };
  /** Shown in the record list by default. */
  listed?: boolean;
  /** Searchable with ?q= (text fields without a data class) or by equality (?field.key=value; sensitive ones through the blind index). */
  searchable?: boolean;
  description?: LocalisedText;
}

export interface ObjectTypeLayout {
  /** The record form's sections, each a list of field keys in order. */
  sections?: { title: LocalisedText; fields: string[] }[];
  /** The record list's columns (field keys), in order. */
  columns?: string[];
}

export type ObjectTypeRole = 'standard' | 'customer';
export type RelationCardinality = 'one-to-many' | 'many-to-many';
