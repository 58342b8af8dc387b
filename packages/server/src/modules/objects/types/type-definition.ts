import type { FieldError } from '../../../platform/http/problem.ts';
import { compileFormPattern, DATA_CLASSES } from '../../cases/index.ts';
import { OBJECT_FIELD_TYPES, type ObjectFieldDefinition, type ObjectTypeLayout } from '../model.ts';

// Checks an object type's definition before it is saved: every refusal names the offending
// part (`fields[2].referenceTo`), so the designer can point at it.

export interface TypeDefinitionInput {
  displayField: string;
  fields: ObjectFieldDefinition[];
  layout?: ObjectTypeLayout;
}

const FIELD_KEY = /^[a-z][a-zA-Z0-9]{0,39}$/;
const CURRENCY = /^[A-Z]{3}$/;
/** Field types whose value is text: the only ones a data class (and so sealing, masking) fits. */
export const TEXT_LIKE_TYPES = new Set(['text', 'long-text']);
/** Field types whose values the display name may take. */
const DISPLAYABLE_TYPES = new Set(['text', 'long-text', 'number', 'money', 'date', 'select']);

/**
 * `typeExists(key)` answers whether an object type of that key exists (for `referenceTo`);
 * `selfKey` is the key of the type being defined (a reference to its own type is allowed).
 */
export function validateTypeDefinition(input: TypeDefinitionInput, typeExists: (key: string) => boolean, selfKey: string): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  if (input.fields.length === 0) errors.push({ field: 'fields', reason: 'must have at least one field' });
  input.fields.forEach((field, i) => {
    const at = `fields[${i}]`;
    if (!FIELD_KEY.test(field.key)) errors.push({ field: `${at}.key`, reason: 'must start with a lower-case letter and hold only letters and digits (at most 40)' });
    else if (seen.has(field.key)) errors.push({ field: `${at}.key`, reason: `repeats the key ${field.key}` });
    seen.add(field.key);
    if (!(OBJECT_FIELD_TYPES as readonly string[]).includes(field.type)) errors.push({ field: `${at}.type`, reason: `must be one of ${OBJECT_FIELD_TYPES.join(', ')}` });
    if (!field.label?.['zh-CN']?.trim() || !field.label?.['en-US']?.trim()) errors.push({ field: `${at}.label`, reason: 'needs a zh-CN and an en-US label' });
    if (field.dataClass != null) {
      if (!(DATA_CLASSES as readonly string[]).includes(field.dataClass)) errors.push({ field: `${at}.dataClass`, reason: `must be one of ${DATA_CLASSES.join(', ')}` });
      else if (!TEXT_LIKE_TYPES.has(field.type)) errors.push({ field: `${at}.dataClass`, reason: 'fits only text and long-text fields' });
    }
    const isSelect = field.type === 'select' || field.type === 'multi-select';
    if (isSelect) {
      const values = (field.options ?? []).map((o) => o.value);
      if (values.length === 0) errors.push({ field: `${at}.options`, reason: 'a select needs at least one option' });
      if (new Set(values).size !== values.length) errors.push({ field: `${at}.options`, reason: 'repeats an option value' });
      if (values.some((v) => typeof v !== 'string' || v.trim() === '')) errors.push({ field: `${at}.options`, reason: 'every option needs a value' });
    } else if (field.options !== undefined) errors.push({ field: `${at}.options`, reason: 'only select and multi-select fields have options' });
    if (field.type === 'reference') {
      if (!field.referenceTo) errors.push({ field: `${at}.referenceTo`, reason: 'a reference needs the object type it points to' });
      else if (field.referenceTo !== selfKey && !typeExists(field.referenceTo)) errors.push({ field: `${at}.referenceTo`, reason: `no object type ${field.referenceTo}` });
    } else if (field.referenceTo !== undefined) errors.push({ field: `${at}.referenceTo`, reason: 'only reference fields point to an object type' });
    if (field.currency !== undefined) {
      if (field.type !== 'money') errors.push({ field: `${at}.currency`, reason: 'only money fields have a currency' });
      else if (!CURRENCY.test(field.currency)) errors.push({ field: `${at}.currency`, reason: 'must be an ISO 4217 code such as CNY' });
    }
    errors.push(...validateRules(field, at));
    if (field.searchable && field.dataClass == null && !TEXT_LIKE_TYPES.has(field.type) && field.type !== 'select') {
      errors.push({ field: `${at}.searchable`, reason: 'only text, select and sensitive fields are searchable' });
    }
  });
  const byKey = new Map(input.fields.map((f) => [f.key, f]));
  const display = byKey.get(input.displayField);
  if (!display) errors.push({ field: 'displayField', reason: 'must be the key of one of the fields' });
  else if (!DISPLAYABLE_TYPES.has(display.type)) errors.push({ field: 'displayField', reason: `a ${display.type} field cannot be the display name` });
  else if (!display.required) errors.push({ field: 'displayField', reason: 'the display field must be required' });
  input.layout?.sections?.forEach((section, i) => {
    section.fields.forEach((key, j) => {
      if (!byKey.has(key)) errors.push({ field: `layout.sections[${i}].fields[${j}]`, reason: `no field ${key}` });
    });
  });
  input.layout?.columns?.forEach((key, i) => {
    if (!byKey.has(key)) errors.push({ field: `layout.columns[${i}]`, reason: `no field ${key}` });
  });
  return errors;
}

function validateRules(field: ObjectFieldDefinition, at: string): FieldError[] {
  const rules = field.validate;
  if (!rules) return [];
  const errors: FieldError[] = [];
  const textual = TEXT_LIKE_TYPES.has(field.type);
  const numeric = field.type === 'number' || field.type === 'money';
  if ((rules.minLength !== undefined || rules.maxLength !== undefined || rules.pattern !== undefined) && !textual) {
    errors.push({ field: `${at}.validate`, reason: 'lengths and patterns apply to text fields only' });
  }
  if ((rules.min !== undefined || rules.max !== undefined) && !numeric) errors.push({ field: `${at}.validate`, reason: 'min and max apply to number and money fields only' });
  if (rules.minLength !== undefined && rules.maxLength !== undefined && rules.minLength > rules.maxLength) errors.push({ field: `${at}.validate.minLength`, reason: 'is above maxLength' });
  if (rules.min !== undefined && rules.max !== undefined && rules.min > rules.max) errors.push({ field: `${at}.validate.min`, reason: 'is above max' });
  if (rules.pattern !== undefined) {
    const compiled = compileFormPattern(rules.pattern);
    if (typeof compiled === 'string') errors.push({ field: `${at}.validate.pattern`, reason: compiled });
  }
  return errors;
}
