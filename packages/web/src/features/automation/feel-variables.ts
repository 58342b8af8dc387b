import type { Translate } from '../../i18n/i18n.ts';
import { fieldLabel, type RuleNames, type TriggerFormValues } from './rule-model.ts';

/** A variable a rule's FEEL condition may use, with what it holds in the reader's language. */
export interface FeelVariable {
  name: string;
  label: string;
}

const CASE_VARIABLES = ['case.type', 'case.status', 'case.priority', 'case.channel', 'case.tags', 'case.fields', 'event.from', 'event.to'] as const;
const RECORD_VARIABLES = ['record.number', 'record.tags', 'record.ownerId'] as const;

/** The variables a condition sees for the trigger chosen: the subject and its fields by key. */
export function feelVariables(trigger: TriggerFormValues, names: RuleNames, t: Translate): FeelVariable[] {
  const today = { name: 'today', label: t('automation.feel.today') };
  if (trigger.kind === 'case-event') return [...CASE_VARIABLES.map((name) => ({ name, label: t(`automation.feel.${name}`) })), today];
  if ((trigger.kind === 'record-event' || trigger.kind === 'date') && trigger.objectType) {
    const type = names.objectTypes?.find((o) => o.key === trigger.objectType);
    const fields = (type?.fields ?? []).map((f) => ({ name: `record.fields.${f.key}`, label: fieldLabel(f, f.key, names.locale) }));
    return [...RECORD_VARIABLES.map((name) => ({ name, label: t(`automation.feel.${name}`) })), ...fields, today];
  }
  return [today];
}
