import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';

// The engine answers with stable codes (element types, states, problem and incident kinds); the
// reader sees them in their own language, and a code the console does not know yet gets a
// generic label rather than the raw code.

export const elementTypeLabel = (t: Translate, type: string): string => translateIfKnown(t, `bpmnElement.${type}`) ?? t('bpmnElement.other');

export const instanceStateLabel = (t: Translate, state: string): string => translateIfKnown(t, `processState.${state}`) ?? t('processState.other');

export const INSTANCE_STATE_COLORS: Record<string, string> = { active: 'processing', incident: 'red', completed: 'green', terminated: 'default' };

/** `completed`, `canceled`, `terminated` are the engine's; anything else is a task outcome the model names (e.g. `approved`). */
export const outcomeLabel = (t: Translate, outcome: string | null | undefined): string => (outcome ? (translateIfKnown(t, `elementOutcome.${outcome}`) ?? outcome) : '—');

export const waitingKindLabel = (t: Translate, kind: string): string => translateIfKnown(t, `waitingKind.${kind}`) ?? t('waitingKind.other');

export const modelProblemLabel = (t: Translate, code: string): string => translateIfKnown(t, `modelProblem.${code}`) ?? t('modelProblem.other');

export const incidentKindLabel = (t: Translate, kind: string): string => translateIfKnown(t, `incidentKind.${kind}`) ?? t('incidentKind.other');

/** How long an element ran, to the unit that matters. */
export function durationLabel(t: Translate, startedAt: string | null | undefined, endedAt: string | null | undefined): string {
  if (!startedAt || !endedAt) return '—';
  return durationMsLabel(t, new Date(endedAt).getTime() - new Date(startedAt).getTime());
}

/** A length of time in milliseconds, to the unit that matters. */
export function durationMsLabel(t: Translate, ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return t('duration.ms', { n: ms });
  const s = Math.round(ms / 1000);
  if (s < 60) return t('duration.s', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('duration.min', { m, s: s % 60 });
  const h = Math.floor(m / 60);
  if (h < 48) return t('duration.h', { h, m: m % 60 });
  return t('duration.d', { d: Math.floor(h / 24), h: h % 24 });
}

/** Past-due text: Ant Design's danger red is 3.9:1 on white; this one is 5.9:1 (WCAG AA). */
export const OVERDUE_COLOR = '#c41d1d';

/** A due time passed (open work only). */
export const isOverdue = (dueAt: string | null | undefined, now: number = Date.now()): boolean => !!dueAt && new Date(dueAt).getTime() < now;

/** A variable's value as JSON, indented when it is more than a scalar. */
export const prettyJson = (value: unknown): string => (value !== null && typeof value === 'object' ? JSON.stringify(value, null, 2) : (JSON.stringify(value) ?? '—'));
