import type { CaseType } from '@docket/client';

interface Component {
  type?: string;
  key?: string;
  label?: string;
  components?: Component[];
}

// The form-js types that hold a value (the server's INPUT_TYPES): layout components have no field to fill.
const VALUE_TYPES = new Set(['textfield', 'textarea', 'number', 'select', 'radio', 'checkbox', 'checklist', 'taglist', 'datetime']);

/** A case type's fields in form order, groups flattened: what assistance may fill. */
export function valueFieldsOf(type: CaseType | undefined): { key: string; label: string }[] {
  const fields: { key: string; label: string }[] = [];
  const walk = (components: Component[] | undefined) => {
    for (const c of components ?? []) {
      if (c.components) walk(c.components);
      if (c.key && VALUE_TYPES.has(c.type ?? '')) fields.push({ key: c.key, label: c.label ?? c.key });
    }
  };
  walk((type?.schema as { components?: Component[] } | undefined)?.components);
  return fields;
}

/** A field's label in its case type's form, else its key. */
export function fieldLabelOf(types: CaseType[] | undefined, caseType: string, field: string): string {
  return valueFieldsOf(types?.find((t) => t.key === caseType)).find((f) => f.key === field)?.label ?? field;
}
