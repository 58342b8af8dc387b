import type { ImportError, LocalisedText, ObjectFieldDefinition, ObjectType, ObjectTypeLayout, Relation } from './objects-api.ts';

// Pure readings of an object type for the screens: labels in the reader's language, the form's
// sections and the list's columns from the layout, a field's value as text, the relations of a
// type both ways, and the import's error report as CSV.

/** A localised text in the reader's language, falling back to the other one, then to `fallback`. */
export function labelOf(text: LocalisedText | undefined | null, locale: string, fallback = ''): string {
  if (!text) return fallback;
  const mine = locale === 'en-US' ? text['en-US'] : text['zh-CN'];
  const other = locale === 'en-US' ? text['zh-CN'] : text['en-US'];
  return mine?.trim() || other?.trim() || fallback;
}

export const fieldLabel = (field: ObjectFieldDefinition, locale: string) => labelOf(field.label, locale, field.key);

export interface FormSection {
  title: LocalisedText | null;
  fields: ObjectFieldDefinition[];
}

/**
 * The record form's sections in the layout's order; fields no section names follow in a last,
 * untitled section, so a field added to the type is never missing from its form.
 */
export function formSections(fields: readonly ObjectFieldDefinition[], layout: ObjectTypeLayout | undefined): FormSection[] {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const placed = new Set<string>();
  const sections: FormSection[] = [];
  for (const section of layout?.sections ?? []) {
    const sectionFields = section.fields.flatMap((key) => {
      const field = byKey.get(key);
      if (!field || placed.has(key)) return [];
      placed.add(key);
      return [field];
    });
    if (sectionFields.length > 0) sections.push({ title: section.title, fields: sectionFields });
  }
  const rest = fields.filter((f) => !placed.has(f.key));
  if (rest.length > 0) sections.push({ title: null, fields: rest });
  return sections;
}

/** The record list's columns: the layout's, else the fields marked listed, else the first four. */
export function listColumns(fields: readonly ObjectFieldDefinition[], layout: ObjectTypeLayout | undefined): ObjectFieldDefinition[] {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const fromLayout = (layout?.columns ?? []).flatMap((key) => (byKey.has(key) ? [byKey.get(key)!] : []));
  if (fromLayout.length > 0) return fromLayout;
  const listed = fields.filter((f) => f.listed);
  return listed.length > 0 ? listed : fields.slice(0, 4);
}

/** A money amount as the reader's locale writes it, with its currency ("¥1,234.50"). */
export function formatMoney(value: unknown, currency: string | undefined, locale: string): string {
  const amount = Number(value);
  if (value === null || value === undefined || value === '' || !Number.isFinite(amount)) return String(value ?? '');
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: currency ?? 'CNY' }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency ?? 'CNY'}`;
  }
}

/**
 * A field's value as text for lists and read-only forms: option labels for selects, money with
 * its currency, yes / no for booleans. Masked values arrive masked from the server and stay so.
 */
export function formatFieldValue(field: ObjectFieldDefinition, value: unknown, locale: string, words: { yes: string; no: string }): string {
  if (value === null || value === undefined || value === '') return '';
  const optionLabel = (v: unknown) => labelOf(field.options?.find((o) => o.value === v)?.label, locale, String(v));
  switch (field.type) {
    case 'select':
      return optionLabel(value);
    case 'multi-select':
      return Array.isArray(value) ? value.map(optionLabel).join('、') : String(value);
    case 'money':
      return formatMoney(value, field.currency, locale);
    case 'boolean':
      return value === true ? words.yes : value === false ? words.no : String(value);
    case 'number':
      return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : String(value);
    default:
      return Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

export interface TypeRelation {
  relation: Relation;
  /** outgoing: this type is the relation's "from" side; incoming: its "to" side. */
  direction: 'outgoing' | 'incoming';
  /** The relation's name read from this type's side. */
  name: LocalisedText;
  /** The other side: an object type key, or null for cases. */
  otherType: string | null;
}

/** The relations a type takes part in, each named from the type's own side. */
export function relationsOfType(typeKey: string, relations: readonly Relation[]): TypeRelation[] {
  const result: TypeRelation[] = [];
  for (const relation of relations) {
    if (relation.fromType === typeKey) result.push({ relation, direction: 'outgoing', name: relation.name, otherType: relation.toKind === 'case' ? null : (relation.toType ?? null) });
    if (relation.toKind === 'object' && relation.toType === typeKey) result.push({ relation, direction: 'incoming', name: relation.inverseName, otherType: relation.fromType });
  }
  return result;
}

/** Moves one item of a list from one index to another (the designer's up / down buttons). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return [...list];
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}

/** One CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The import's error report as CSV (with a byte-order mark, so a spreadsheet reads the Chinese
 * right): one line per error with the row, the field's label and the reason in the reader's words.
 */
export function errorReportCsv(errors: readonly ImportError[], header: [string, string, string], fieldName: (field: string) => string, reason: (error: ImportError) => string): string {
  const lines = [header.map(csvCell).join(','), ...errors.map((e) => [String(e.row), fieldName(e.field), reason(e)].map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A new type's fields start with a name: the display field every record needs. */
export function starterType(): Pick<ObjectType, 'fields' | 'layout' | 'displayField' | 'role' | 'numberPrefix'> {
  return {
    fields: [{ key: 'name', type: 'text', label: { 'zh-CN': '名称', 'en-US': 'Name' }, required: true, listed: true, searchable: true }],
    layout: {},
    displayField: 'name',
    role: 'standard',
    numberPrefix: '',
  };
}

/** A role's permission as the roles API answers it (the parts the summary reads). */
export interface RolePermissionLike {
  action: string;
  scope?: string;
  caseTypes?: string[];
  fields?: Record<string, string>;
}

const ACCESS_RANK: Record<string, number> = { hidden: 0, masked: 1, readable: 2, writable: 3 };

export interface RoleTypeAccess {
  /** Record actions the role grants on this type, each with its widest scope ('all' when unscoped). */
  actions: { action: string; scope: string }[];
  /** Per sensitive field: how the role's reading permissions show it (the policy engine's default: masked). */
  sensitive: { key: string; access: string }[];
}

/**
 * What one role may do with records of one type, read the way the policy engine does
 * (modules/access/policy.ts resolveFieldAccess): permissions whose caseTypes name the type or
 * are empty; a field's rule by key, then `class:<dataClass>`, then `*`, else masked for a data
 * class; the most open rule wins. Null when the role grants nothing on the type.
 */
export function roleAccessToType(permissions: readonly RolePermissionLike[], typeKey: string, fields: readonly ObjectFieldDefinition[], recordActions: readonly string[]): RoleTypeAccess | null {
  const matching = permissions.filter((p) => recordActions.includes(p.action) && (!p.caseTypes || p.caseTypes.length === 0 || p.caseTypes.includes(typeKey)));
  if (matching.length === 0) return null;
  const scopeRank: Record<string, number> = { own: 0, department: 1, subtree: 2, all: 3 };
  const actions = new Map<string, string>();
  for (const p of matching) {
    const scope = p.scope ?? 'all';
    const known = actions.get(p.action);
    if (known === undefined || (scopeRank[scope] ?? 0) > (scopeRank[known] ?? 0)) actions.set(p.action, scope);
  }
  const readers = matching.filter((p) => p.action === 'record:read');
  const sensitive = fields
    .filter((f) => f.dataClass)
    .map((f) => {
      let best: string | undefined;
      for (const p of readers) {
        const rules = p.fields ?? {};
        const access = rules[f.key] ?? rules[`class:${f.dataClass}`] ?? rules['*'] ?? 'masked';
        if (best === undefined || (ACCESS_RANK[access] ?? 0) > (ACCESS_RANK[best] ?? 0)) best = access;
      }
      return { key: f.key, access: best ?? 'hidden' };
    });
  return { actions: recordActions.filter((a) => actions.has(a)).map((action) => ({ action, scope: actions.get(action)! })), sensitive };
}

/** The designer's basics form fields a save's problem may name. */
export const TYPE_BASICS = ['key', 'nameZh', 'nameEn', 'numberPrefix', 'displayField', 'role', 'description'] as const;
export type TypeBasicsField = (typeof TYPE_BASICS)[number];

export interface PlacedTypeErrors {
  basics: { field: TypeBasicsField; reason: string }[];
  /** By the index of the field definition the error names. */
  fields: Map<number, string[]>;
  /** Errors naming nothing the designer shows on its own: listed above the tabs. */
  other: { field: string; reason: string }[];
}

/**
 * Puts a save's field errors where the designer shows them: `fields[2].key`, `fields.2.key` or
 * `/fields/2/key` on the third field's row; `name['zh-CN']` or `name.zh-CN` on the Chinese name;
 * `numberPrefix` and the other basics on their inputs; anything else in a list.
 */
export function placeTypeErrors(errors: readonly { field: string; reason: string }[]): PlacedTypeErrors {
  const placed: PlacedTypeErrors = { basics: [], fields: new Map(), other: [] };
  for (const error of errors) {
    const path = error.field.replace(/^\/|^body[./]/, '').replace(/\//g, '.');
    const fieldIndex = /^fields(?:\[(\d+)\]|\.(\d+))/.exec(path);
    if (fieldIndex) {
      const index = Number(fieldIndex[1] ?? fieldIndex[2]);
      const rest = path.slice(fieldIndex[0].length).replace(/^\./, '');
      placed.fields.set(index, [...(placed.fields.get(index) ?? []), rest ? `${rest}: ${error.reason}` : error.reason]);
      continue;
    }
    if (/^name(\.en-US|\['en-US'\]|\["en-US"\])$/.test(path)) placed.basics.push({ field: 'nameEn', reason: error.reason });
    else if (/^name(\b|$)/.test(path)) placed.basics.push({ field: 'nameZh', reason: error.reason });
    else if ((TYPE_BASICS as readonly string[]).includes(path)) placed.basics.push({ field: path as TypeBasicsField, reason: error.reason });
    else placed.other.push(error);
  }
  return placed;
}

/**
 * A stable code for an import row's reason when the report carries none: the API's reasons are
 * English sentences (records/record-values.ts, imports/record-batch.ts), and the screen says them
 * in the reader's words. Unknown sentences get no code (the screen then says "invalid value").
 */
export function importReasonCode(reason: string): { code: string; params?: Record<string, string | number> } | undefined {
  const known: [RegExp, string][] = [
    [/^is required$/, 'required'],
    [/^is not a field of this object type/, 'unknown-field'],
    [/^must be a number$/, 'not-number'],
    [/^must be an amount/, 'invalid-money'],
    [/^must be a date and time/, 'datetime-format'],
    [/^must be a date/, 'date-format'],
    [/^must be true or false$/, 'not-boolean'],
    [/^must be one of the options$|^must hold only the options$/, 'not-allowed-value'],
    [/^must be a phone number$/, 'phone'],
    [/^must be an e-mail address$/, 'email'],
    [/^does not match the required pattern$/, 'pattern'],
    [/^is required to upsert$/, 'external-id-required'],
    [/^repeats row \d+$/, 'duplicate-external-id'],
    [/^is taken/, 'external-id-taken'],
    [/^is not writable for you$|^your roles do not grant/, 'not-allowed'],
  ];
  for (const [pattern, code] of known) if (pattern.test(reason)) return { code };
  const limit = /^must be at (least|most) (\d+(?:\.\d+)?)( characters)?$/.exec(reason);
  if (limit) return { code: `too-${limit[1] === 'least' ? (limit[3] ? 'short' : 'small') : limit[3] ? 'long' : 'large'}`, params: { limit: Number(limit[2]) } };
  return undefined;
}
