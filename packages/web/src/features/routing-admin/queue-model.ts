import type { FieldError } from '@docket/client';
import type { Translate } from '../../i18n/i18n.ts';
import type { CreateQueueBody, DispatchMode, Queue, RoutingStrategy, UpdateQueueBody } from './routing-admin-api.ts';

// Pure helpers of the queue editor: a queue as form values and back, and the server's field paths
// as the form's names. Times are typed in minutes (offer timeout in seconds, as agents feel it).

export interface QueueValues {
  key: string;
  name: string;
  description?: string;
  departmentId?: string;
  memberIds: string[];
  groupKeys: string[];
  caseTypes: string[];
  channels: string[];
  strategy: RoutingStrategy;
  mode: DispatchMode;
  /** Push only: empty means assigned without asking. */
  offerTimeoutSeconds?: number | null;
  overflowQueueId?: string;
  overflowAfterMinutes?: number | null;
  calendarKey?: string;
  active: boolean;
}

export function newQueueValues(): QueueValues {
  return { key: '', name: '', memberIds: [], groupKeys: [], caseTypes: [], channels: [], strategy: 'least-loaded', mode: 'push', offerTimeoutSeconds: null, overflowAfterMinutes: null, active: true };
}

export function queueToValues(queue: Queue): QueueValues {
  return {
    key: queue.key,
    name: queue.name,
    description: queue.description ?? undefined,
    departmentId: queue.departmentId ?? undefined,
    memberIds: queue.memberIds,
    groupKeys: queue.groupKeys,
    caseTypes: queue.caseTypes,
    channels: queue.channels,
    strategy: queue.strategy,
    mode: queue.mode,
    offerTimeoutSeconds: queue.offerTimeoutSeconds,
    overflowQueueId: queue.overflowQueueId ?? undefined,
    overflowAfterMinutes: queue.overflowAfterSeconds === null ? null : Math.round((queue.overflowAfterSeconds / 60) * 100) / 100,
    calendarKey: queue.calendarKey ?? undefined,
    active: queue.active,
  };
}

const orNull = <T>(value: T | undefined | null | ''): T | null => (value === undefined || value === null || value === '' ? null : value);

/** The whole queue as PUT wants it: every field given, blanks as null, so clearing a field clears it on the server. */
export function valuesToUpdateBody(values: QueueValues): UpdateQueueBody {
  const overflowQueueId = orNull(values.overflowQueueId);
  const minutes = orNull(values.overflowAfterMinutes);
  return {
    name: values.name.trim(),
    description: values.description?.trim() ? values.description.trim() : null,
    departmentId: orNull(values.departmentId),
    memberIds: values.memberIds ?? [],
    groupKeys: values.groupKeys ?? [],
    caseTypes: values.caseTypes ?? [],
    channels: (values.channels ?? []).map((c) => c.trim()).filter(Boolean),
    strategy: values.strategy,
    mode: values.mode,
    // Pulled work is never offered: the timeout means nothing there.
    offerTimeoutSeconds: values.mode === 'push' ? orNull(values.offerTimeoutSeconds) : null,
    overflowQueueId,
    // An overflow time without a queue to overflow to is refused by the server; the editor never sends one.
    overflowAfterSeconds: overflowQueueId && minutes !== null ? Math.round(minutes * 60) : null,
    calendarKey: orNull(values.calendarKey),
    active: values.active,
  };
}

export function valuesToCreateBody(values: QueueValues): CreateQueueBody {
  return { key: values.key.trim(), ...valuesToUpdateBody(values) };
}

const FORM_FIELD_OF: Record<string, keyof QueueValues> = { overflowAfterSeconds: 'overflowAfterMinutes' };
const QUEUE_FIELDS: readonly (keyof QueueValues)[] = [
  'key',
  'name',
  'description',
  'departmentId',
  'memberIds',
  'groupKeys',
  'caseTypes',
  'channels',
  'strategy',
  'mode',
  'offerTimeoutSeconds',
  'overflowQueueId',
  'overflowAfterMinutes',
  'calendarKey',
  'active',
];

/** The form field a server field path names (`memberIds[2]` → memberIds, `overflowAfterSeconds` → minutes), or undefined. */
export function queueFieldOf(path: string): keyof QueueValues | undefined {
  const first = path
    .replace(/^\/+/, '')
    .replace(/^body[./]/, '')
    .split(/[./[]/)[0];
  if (!first) return undefined;
  const name = FORM_FIELD_OF[first] ?? first;
  return (QUEUE_FIELDS as readonly string[]).includes(name) ? (name as keyof QueueValues) : undefined;
}

/** Splits a validation problem's errors into those a form field shows and the rest (shown above the form). */
export function placeQueueErrors(errors: FieldError[]): { onFields: { name: keyof QueueValues; errors: string[] }[]; elsewhere: FieldError[] } {
  const byField = new Map<keyof QueueValues, string[]>();
  const elsewhere: FieldError[] = [];
  for (const error of errors) {
    const name = queueFieldOf(error.field);
    if (name) byField.set(name, [...(byField.get(name) ?? []), error.reason]);
    else elsewhere.push(error);
  }
  return { onFields: [...byField].map(([name, reasons]) => ({ name, errors: reasons })), elsewhere };
}

/** Minutes in the reader's words: "1 天 2 小时", "4 小时", "30 分钟". */
export function describeMinutes(total: number, t: Translate): string {
  const minutes = Math.round(total);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(t('routingAdmin.duration.days', { count: days }));
  if (hours) parts.push(t('routingAdmin.duration.hours', { count: hours }));
  if (rest || parts.length === 0) parts.push(t('routingAdmin.duration.minutes', { count: rest }));
  return parts.join(' ');
}
