import { useCallback, useMemo, useRef, useState } from 'react';
import { Form, type FormInstance } from 'antd';
import { CASE_PRIORITIES, type CasePriority, type CaseType } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { splitLabelForAdmin } from '../public-form/public-form-fields.ts';
import {
  formValueOf,
  isEmptyValue,
  outcomeOf,
  PRIORITY_FIELD,
  stateOf,
  valuesWithSuggestions,
  type FieldKind,
  type PrefillOutcome,
  type PrefillResponse,
  type PrefillSuggestion,
  type SuggestionState,
} from './prefill-model.ts';
import { recordPrefillOutcomes, requestPrefill } from './prefill-api.ts';

// The new-case prefill's state (issue 22): the last answer, the values it put in the form, which
// ones the agent ticked, the form's values as the agent leaves them, and the field in focus.

const DEFAULT_PRIORITY: CasePriority = 'normal';
const KIND_OF_TYPE: Record<string, FieldKind> = {
  number: 'number',
  textfield: 'text',
  textarea: 'text',
  select: 'select',
  radio: 'select',
  checkbox: 'checkbox',
  datetime: 'datetime',
};

interface SchemaComponent {
  type?: string;
  key?: string;
  label?: string;
  values?: { label?: string; value?: unknown }[];
  components?: SchemaComponent[];
}

/** A field of the case type's form, as the prefill shows it. */
export interface PrefillField {
  key: string;
  /** The label in the reader's language (the half of a bilingual one). */
  label: string;
  /** The label as form-js shows it, to find the field on the page. */
  formLabel: string;
  kind: FieldKind;
  /** A textarea: its suggestion is the customer's words at length, marked only while in focus. */
  multiline: boolean;
  options: { value: string; label: string }[];
}

export function fieldsOfSchema(schema: unknown, locale: 'zh-CN' | 'en-US'): PrefillField[] {
  const fields: PrefillField[] = [];
  const walk = (components: SchemaComponent[] | undefined) => {
    for (const c of components ?? []) {
      walk(c.components);
      if (!c.key || !c.type) continue;
      fields.push({
        key: c.key,
        label: splitLabelForAdmin(c.label ?? c.key, locale),
        formLabel: c.label ?? c.key,
        kind: KIND_OF_TYPE[c.type] ?? 'other',
        multiline: c.type === 'textarea',
        options: (c.values ?? []).map((o) => ({ value: String(o.value), label: splitLabelForAdmin(o.label ?? String(o.value), locale) })),
      });
    }
  };
  walk((schema as { components?: SchemaComponent[] } | undefined)?.components);
  return fields;
}

export interface ShownSuggestion extends PrefillSuggestion {
  label: string;
  /** The value as the form holds it. */
  formValue: unknown;
  /** The value as the agent reads it: an option's label, the text typed. */
  display: string;
  state: SuggestionState;
}

export interface PrefillSession {
  enabled: boolean;
  caseTypeKey: string | undefined;
  fields: PrefillField[];
  response: PrefillResponse | null;
  /** The text the suggestions' spans point into (what was sent, not what the box holds now). */
  sentText: string;
  suggestions: ShownSuggestion[];
  pending: boolean;
  error: unknown;
  focused: string | null;
  setFocused(key: string | null): void;
  /** The values form-js is built with: they change when a suggestion is applied, accepted or cleared. */
  formData: Record<string, unknown>;
  onFormChange(data: Record<string, unknown>): void;
  /** Asks for suggestions and puts them in the form; false when the call failed (the error says why). */
  suggest(text: string, channel?: string): Promise<boolean>;
  accept(field: string): void;
  acceptAll(): void;
  clear(field: string): void;
  /** Records what the agent did with each suggestion for the created case; no-op without a prefill. */
  recordOutcomes(caseId: string): Promise<void>;
  labelOf(field: string): string;
  /** Handlers that emphasise a field's source while it has the pointer or the focus. */
  sourceFocusProps(field: string): { onFocus(): void; onBlur(): void; onMouseEnter(): void; onMouseLeave(): void };
}

const EMPTY: Record<string, unknown> = {};

export function usePrefill(caseType: CaseType | undefined, header: FormInstance, enabled: boolean): PrefillSession {
  const { t, locale } = useLocale();
  const fields = useMemo(() => fieldsOfSchema(caseType?.schema, locale), [caseType, locale]);
  const [response, setResponse] = useState<PrefillResponse | null>(null);
  const [sentText, setSentText] = useState('');
  const [suggested, setSuggested] = useState<Record<string, unknown>>(EMPTY);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [formData, setFormData] = useState<Record<string, unknown>>(EMPTY);
  const [live, setLive] = useState<Record<string, unknown>>(EMPTY);
  const liveRef = useRef(live);
  liveRef.current = live;
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const priority = Form.useWatch('priority', header) as CasePriority | undefined;

  // A new case type is a new form: nothing suggested for the old one carries over.
  const [typeKey, setTypeKey] = useState(caseType?.key);
  if (typeKey !== caseType?.key) {
    setTypeKey(caseType?.key);
    setResponse(null);
    setSentText('');
    setSuggested(EMPTY);
    setTicked(new Set());
    setFormData(EMPTY);
    setLive(EMPTY);
    setError(null);
    setFocused(null);
  }

  const labelOf = useCallback((field: string) => (field === PRIORITY_FIELD ? t('case.priority') : (fields.find((f) => f.key === field)?.label ?? field)), [fields, t]);

  const rebuildForm = useCallback((values: Record<string, unknown>) => {
    setFormData(values);
    setLive(values);
  }, []);

  const currentOf = useCallback((field: string) => (field === PRIORITY_FIELD ? (priority ?? DEFAULT_PRIORITY) : live[field]), [priority, live]);

  const suggest = useCallback(
    async (text: string, channel?: string): Promise<boolean> => {
      if (!caseType) return false;
      setPending(true);
      setError(null);
      try {
        const answer = await requestPrefill({ caseType: caseType.key, text, ...(channel ? { channel } : {}) });
        const usable = answer.suggestions.filter((s) => (s.field === PRIORITY_FIELD && (CASE_PRIORITIES as readonly unknown[]).includes(s.value)) || fields.some((f) => f.key === s.field));
        const values: Record<string, unknown> = {};
        for (const s of usable) {
          const kind = fields.find((f) => f.key === s.field)?.kind ?? 'select';
          const value = s.field === PRIORITY_FIELD ? s.value : formValueOf(s.value, kind);
          if (!isEmptyValue(value)) values[s.field] = value;
        }
        const formValues = Object.fromEntries(Object.entries(values).filter(([k]) => k !== PRIORITY_FIELD));
        const previous = Object.fromEntries(Object.entries(suggested).filter(([k]) => k !== PRIORITY_FIELD));
        rebuildForm(
          valuesWithSuggestions(
            liveRef.current,
            Object.entries(formValues).map(([field, value]) => ({ field, value })),
            previous,
          ),
        );
        // The priority goes in unless the agent already chose one other than the default or the last suggestion.
        const held = header.getFieldValue('priority') as CasePriority | undefined;
        if (PRIORITY_FIELD in values && (!held || held === DEFAULT_PRIORITY || held === suggested[PRIORITY_FIELD])) {
          header.setFieldsValue({ priority: values[PRIORITY_FIELD] as CasePriority });
        }
        setResponse({ ...answer, suggestions: usable.filter((s) => s.field in values) });
        setSentText(text);
        setSuggested(values);
        setTicked(new Set());
        setFocused(null);
        return true;
      } catch (caught) {
        setError(caught);
        return false;
      } finally {
        setPending(false);
      }
    },
    [caseType, fields, header, rebuildForm, suggested],
  );

  const setValue = useCallback(
    (field: string, value: unknown) => {
      if (field === PRIORITY_FIELD) header.setFieldsValue({ priority: value as CasePriority });
      else rebuildForm({ ...liveRef.current, [field]: value });
    },
    [header, rebuildForm],
  );

  const accept = useCallback(
    (field: string) => {
      if (!(field in suggested)) return;
      if (outcomeOf(suggested[field], currentOf(field)) !== 'accepted') setValue(field, suggested[field]);
      setTicked((prev) => new Set([...prev, field]));
    },
    [suggested, currentOf, setValue],
  );

  const acceptAll = useCallback(() => {
    // The agent's own decisions stand: only suggestions still as suggested are ticked.
    const untouched = Object.keys(suggested).filter((field) => outcomeOf(suggested[field], currentOf(field)) === 'accepted');
    setTicked((prev) => new Set([...prev, ...untouched]));
  }, [suggested, currentOf]);

  const clear = useCallback(
    (field: string) => {
      setTicked((prev) => new Set([...prev].filter((f) => f !== field)));
      setValue(field, field === PRIORITY_FIELD ? DEFAULT_PRIORITY : emptyValueOf(fields.find((f) => f.key === field)?.kind));
    },
    [fields, setValue],
  );

  const outcomeFor = useCallback(
    (field: string): PrefillOutcome => {
      const current = currentOf(field);
      // The priority cannot be emptied: back at the default is how the agent turns the suggestion down.
      if (field === PRIORITY_FIELD && current === DEFAULT_PRIORITY && suggested[field] !== DEFAULT_PRIORITY) return 'rejected';
      return outcomeOf(suggested[field], current);
    },
    [currentOf, suggested],
  );

  const recordOutcomes = useCallback(
    async (caseId: string) => {
      if (!response || Object.keys(suggested).length === 0) return;
      await recordPrefillOutcomes(response.id, { caseId, fields: Object.keys(suggested).map((field) => ({ field, outcome: outcomeFor(field) })) });
    },
    [response, suggested, outcomeFor],
  );

  const suggestions = useMemo<ShownSuggestion[]>(() => {
    if (!response) return [];
    const order = (field: string) => (field === PRIORITY_FIELD ? -1 : fields.findIndex((f) => f.key === field));
    return [...response.suggestions]
      .sort((a, b) => order(a.field) - order(b.field))
      .map((s) => {
        const formValue = suggested[s.field];
        const field = fields.find((f) => f.key === s.field);
        const display = s.field === PRIORITY_FIELD ? t(`priority.${String(formValue)}` as 'priority.normal') : (field?.options.find((o) => o.value === String(formValue))?.label ?? String(formValue));
        const outcome = outcomeFor(s.field);
        const state: SuggestionState = outcome === 'accepted' ? stateOf(formValue, formValue, ticked.has(s.field)) : outcome;
        return { ...s, label: labelOf(s.field), formValue, display, state };
      });
  }, [response, fields, suggested, ticked, outcomeFor, labelOf, t]);

  const sourceFocusProps = useCallback(
    (field: string) => ({
      onMouseEnter: () => setFocused(field),
      onMouseLeave: () => setFocused(null),
      onFocus: () => setFocused(field),
      onBlur: () => setFocused(null),
    }),
    [],
  );

  const onFormChange = useCallback((data: Record<string, unknown>) => setLive(data), []);

  return {
    enabled: enabled && Boolean(caseType),
    caseTypeKey: caseType?.key,
    fields,
    response,
    sentText,
    suggestions,
    pending,
    error,
    focused,
    setFocused,
    formData,
    onFormChange,
    suggest,
    accept,
    acceptAll,
    clear,
    recordOutcomes,
    labelOf,
    sourceFocusProps,
  };
}

function emptyValueOf(kind: FieldKind | undefined): unknown {
  if (kind === 'checkbox') return false;
  if (kind === 'number' || kind === 'select' || kind === 'datetime') return null;
  return '';
}
