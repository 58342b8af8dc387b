import type { components } from '@docket/client';
import type { Locale, Translate } from '../../../i18n/i18n.ts';
import { splitLabelForAdmin } from '../../public-form/public-form-fields.ts';

export type SuggestionReason = components['schemas']['KnowledgeSuggestionReason'];

/**
 * What the reason's codes mean to this reader: a case type's name by its key, and a select field's
 * option label by its value ("credit-card" → 信用卡), from the case's own form. The server sends
 * codes so the words follow the reader's language, not the writer's.
 */
export interface ReasonVocabulary {
  locale: Locale;
  caseTypeNames: Record<string, string>;
  optionLabels: Record<string, string>;
}

const WORD_SEPARATOR: Record<Locale, string> = { 'zh-CN': '、', 'en-US': ', ' };

/** A reason in words: never a raw code on screen (an unknown value is a name the writer typed, shown as it is). */
export function describeReason(reason: SuggestionReason, vocabulary: ReasonVocabulary, t: Translate): string {
  const { locale } = vocabulary;
  const label = (bilingual: string) => splitLabelForAdmin(bilingual, locale);
  switch (reason.kind) {
    case 'text':
      return t('knowledgeCase.reason.text', { terms: (reason.terms ?? []).join(WORD_SEPARATOR[locale]) });
    case 'case-type': {
      const name = vocabulary.caseTypeNames[reason.value ?? ''];
      return t('knowledgeCase.reason.caseType', { value: name ? label(name) : (reason.value ?? '') });
    }
    case 'category':
    case 'product':
    case 'tag': {
      const option = vocabulary.optionLabels[reason.value ?? ''];
      const key = reason.kind === 'category' ? 'knowledgeCase.reason.category' : reason.kind === 'product' ? 'knowledgeCase.reason.product' : 'knowledgeCase.reason.tag';
      return t(key, { value: option ? label(option) : (reason.value ?? '') });
    }
    case 'helpful':
      return reason.count === 1 ? t('knowledgeCase.reason.helpfulOnce') : t('knowledgeCase.reason.helpful', { count: reason.count ?? 0 });
  }
}

interface FormComponent {
  key?: string;
  values?: { label?: string; value?: unknown }[];
  components?: FormComponent[];
}

/** Every select/radio option of a form-js schema, value → label, nested groups included. */
export function optionLabelsOf(schema: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  const walk = (components: FormComponent[] | undefined) => {
    for (const component of components ?? []) {
      for (const option of component.values ?? []) if (typeof option.value === 'string' && option.label) labels[option.value] ??= option.label;
      walk(component.components);
    }
  };
  walk((schema as { components?: FormComponent[] } | undefined)?.components);
  return labels;
}
