import type { DataClass } from '../cases/index.ts';

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

/** The number of the object type's version a record was written with; 1 for a new type. */
export type ObjectTypeVersionNumber = number;

/** An object type as commands see it (the current version unless a version is asked for). */
export interface ObjectType {
  id: string;
  key: string;
  nameZh: string;
  nameEn: string;
  description: string | null;
  numberPrefix: string;
  displayField: string;
  role: ObjectTypeRole;
  fields: ObjectFieldDefinition[];
  layout: ObjectTypeLayout;
  /** The version these fields and layout are (current_version unless an older one was loaded). */
  typeVersion: number;
  currentVersion: number;
  archivedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency of the type row (ETag / If-Match). */
  version: number;
}

export interface Relation {
  id: string;
  key: string;
  fromTypeId: string;
  fromType: string;
  toTypeId: string | null;
  toType: string | null;
  toKind: 'object' | 'case';
  cardinality: RelationCardinality;
  nameZh: string;
  nameEn: string;
  inverseNameZh: string;
  inverseNameEn: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A record with its sensitive values opened (never shown as is: presentRecord masks it per reader). */
export interface RecordRow {
  id: string;
  typeId: string;
  typeKey: string;
  typeVersion: number;
  number: string;
  displayName: string;
  fields: Record<string, unknown>;
  externalId: string | null;
  tags: string[];
  sensitivity: 'normal' | 'confidential' | 'secret';
  departmentId: string | null;
  ownerId: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  version: number;
}
