import type { FieldError } from '../../platform/http/problem.ts';
import { compileFormPattern } from './form-pattern.ts';

// The data classes of sensitive values: they decide masking, encryption and check digits.
export const DATA_CLASSES = ['resident-id', 'phone', 'bank-card', 'account', 'name', 'email', 'address', 'uscc'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/** A component of a @bpmn-io/form-js schema, as far as the server reads it. */
export interface FormComponent {
  type: string;
  key?: string;
  label?: string;
  validate?: {
    required?: boolean;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    min?: number;
    max?: number;
    validationType?: 'email' | 'phone';
  };
  values?: { label: string; value: unknown }[];
  subtype?: 'date' | 'time' | 'datetime';
  properties?: { dataClass?: string; [key: string]: unknown };
  components?: FormComponent[];
  [other: string]: unknown;
}

export interface FormSchema {
  type?: string;
  components: FormComponent[];
  [other: string]: unknown;
}

// form-js components that hold a value; the others (text, spacer, group …) only lay out.
export const INPUT_TYPES = ['textfield', 'textarea', 'number', 'select', 'radio', 'checkbox', 'checklist', 'taglist', 'datetime'] as const;
const LAYOUT_TYPES = ['text', 'html', 'spacer', 'separator', 'image', 'group', 'button', 'iframe', 'table', 'expression', 'dynamiclist', 'filepicker'];

export interface FieldDefinition {
  key: string;
  type: (typeof INPUT_TYPES)[number];
  label: string;
  dataClass: DataClass | null;
  component: FormComponent;
}

/** The value-holding fields of a schema, groups flattened, in form order. */
export function listFieldDefinitions(schema: FormSchema): FieldDefinition[] {
  const fields: FieldDefinition[] = [];
  const walk = (components: FormComponent[]) => {
    for (const component of components) {
      if (component.components) walk(component.components);
      if (component.key && (INPUT_TYPES as readonly string[]).includes(component.type)) {
        const dataClass = component.properties?.dataClass;
        fields.push({
          key: component.key,
          type: component.type as FieldDefinition['type'],
          label: component.label ?? component.key,
          dataClass: (DATA_CLASSES as readonly string[]).includes(dataClass ?? '') ? (dataClass as DataClass) : null,
          component,
        });
      }
    }
  };
  walk(schema.components);
  return fields;
}

/** Checks a case type's schema itself: the designer can save only what the server can enforce. */
export function findSchemaProblems(schema: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof schema !== 'object' || schema === null || !Array.isArray((schema as FormSchema).components)) {
    return [{ field: 'schema.components', reason: 'must be an array of form-js components' }];
  }
  const seen = new Set<string>();
  const walk = (components: unknown[], path: string) => {
    components.forEach((raw, index) => {
      const where = `${path}[${index}]`;
      if (typeof raw !== 'object' || raw === null) {
        errors.push({ field: where, reason: 'must be an object' });
        return;
      }
      const component = raw as FormComponent;
      if (typeof component.type !== 'string' || ![...INPUT_TYPES, ...LAYOUT_TYPES].includes(component.type)) {
        errors.push({ field: `${where}.type`, reason: `must be a form-js component type (${INPUT_TYPES.join(', ')}, or a layout type)` });
      }
      if ((INPUT_TYPES as readonly string[]).includes(component.type)) {
        if (typeof component.key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(component.key)) {
          errors.push({ field: `${where}.key`, reason: 'an input needs a key of letters, digits and underscores' });
        } else if (seen.has(component.key)) {
          errors.push({ field: `${where}.key`, reason: `key ${component.key} is used twice` });
        } else seen.add(component.key);
      }
      const dataClass = component.properties?.dataClass;
      if (dataClass !== undefined && !(DATA_CLASSES as readonly string[]).includes(String(dataClass))) {
        errors.push({ field: `${where}.properties.dataClass`, reason: `must be one of ${DATA_CLASSES.join(', ')}` });
      }
      if (component.validate?.pattern !== undefined) {
        const pattern = component.validate.pattern;
        const compiled = typeof pattern === 'string' ? compileFormPattern(pattern) : 'must be text';
        if (typeof compiled === 'string') errors.push({ field: `${where}.validate.pattern`, reason: compiled });
      }
      if (Array.isArray(component.components)) walk(component.components, `${where}.components`);
    });
  };
  walk((schema as FormSchema).components, 'schema.components');
  return errors;
}
