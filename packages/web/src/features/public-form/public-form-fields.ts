import type { CaseType } from '@docket/client';

// The value fields of a case type's form-js schema, as far as choosing the public ones needs.
const INPUT_TYPES = new Set(['textfield', 'textarea', 'number', 'select', 'radio', 'checkbox', 'checklist', 'taglist', 'datetime']);

interface Component {
  type?: string;
  key?: string;
  label?: string;
  properties?: { dataClass?: string };
  components?: Component[];
}

export interface CaseTypeField {
  key: string;
  label: string;
  /** Of a sensitive data class: the server refuses it on a public form. */
  sensitive: boolean;
}

export function formFieldsOf(caseType: CaseType | undefined): CaseTypeField[] {
  const fields: CaseTypeField[] = [];
  const walk = (components: Component[] | undefined) => {
    for (const c of components ?? []) {
      walk(c.components);
      if (c.key && c.type && INPUT_TYPES.has(c.type)) fields.push({ key: c.key, label: c.label ?? c.key, sensitive: Boolean(c.properties?.dataClass) });
    }
  };
  walk((caseType?.schema as { components?: Component[] } | undefined)?.components);
  return fields;
}

/** "问题 Question" → the reader's half; a label in one language is shown as it is. */
export function splitLabelForAdmin(label: string, locale: 'zh-CN' | 'en-US'): string {
  const match = /^(.*[\u3000-\u9fff\uff00-\uffef])\s*([A-Za-z].*)$/.exec(label.trim());
  if (!match) return label;
  return locale === 'zh-CN' ? match[1]!.trim() : match[2]!.trim();
}
