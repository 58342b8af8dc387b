import { useCallback } from 'react';
import type { Case, CaseLifecycle, CaseType, LifecycleTransition } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { translateIfKnown, type Locale, type Translate } from '../../i18n/i18n.ts';
import { useCaseTypes } from './case-queries.ts';

// Statuses, their labels and the transitions between them come from each case type's lifecycle
// (GET /case-types/{key}); the case view's allowed.transitions says which the reader may take
// now. Nothing here restates the server's rules.

/** The status as people read it: the lifecycle's label in this language; a status the lifecycle no longer has keeps its built-in name, or its key. */
export function statusLabel(lifecycle: CaseLifecycle | undefined, key: string, locale: Locale, t: Translate): string {
  return lifecycle?.statuses.find((s) => s.key === key)?.labels[locale] ?? translateIfKnown(t, `status.${key}`) ?? key;
}

export function findTransition(lifecycle: CaseLifecycle | undefined, from: string, to: string): LifecycleTransition | undefined {
  return lifecycle?.transitions.find((tr) => tr.from === from && tr.to === to);
}

/** Every status of the case types given, once, labelled from the first type that has it: the status filter's choices. */
export function statusOptions(types: CaseType[] | undefined, locale: Locale, t: Translate): { value: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const type of types ?? []) for (const s of type.lifecycle.statuses) if (!seen.has(s.key)) seen.set(s.key, statusLabel(type.lifecycle, s.key, locale, t));
  return [...seen].map(([value, label]) => ({ value, label }));
}

/**
 * The statuses some selected case can move to by its type's lifecycle (current version): a bulk
 * change offers these, and the server judges each case again.
 */
export function bulkStatusOptions(types: CaseType[] | undefined, cases: Pick<Case, 'type' | 'status'>[], locale: Locale, t: Translate): { value: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const c of cases) {
    const lifecycle = types?.find((type) => type.key === c.type)?.lifecycle;
    for (const tr of lifecycle?.transitions ?? []) if (tr.from === c.status && !seen.has(tr.to)) seen.set(tr.to, statusLabel(lifecycle, tr.to, locale, t));
  }
  return [...seen].map(([value, label]) => ({ value, label }));
}

/** Labels of list rows: from the current version of each case's type. */
export function useStatusLabel(): (c: Pick<Case, 'type' | 'status'>) => string {
  const { t, locale } = useLocale();
  const types = useCaseTypes();
  return useCallback((c) => statusLabel(types.data?.find((type) => type.key === c.type)?.lifecycle, c.status, locale, t), [types.data, locale, t]);
}
