import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';

type Data = Record<string, unknown> | null | undefined;

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The words under an `sla.*` event on the case timeline: which target (首次响应, a step's task
 * name), the escalation action, and whether a level fired late (it came due while Docket was
 * down). An override's old and new due times are the event's changes (see slaChangeFieldLabel). Undefined for other events or when the data names nothing.
 */
export function slaTimelineDetail(action: string, data: Data, t: Translate): string | undefined {
  if (!action.startsWith('sla.') || !data || typeof data !== 'object') return undefined;
  const parts: string[] = [];
  const kind = text(data.kind) ?? text(data.targetKind);
  const target = text(data.taskName) ?? (kind ? translateIfKnown(t, `sla.kind.${kind}`) : undefined) ?? text(data.key);
  if (target) parts.push(t('sla.timeline.target', { target }));
  const actionType = text(data.actionType) ?? text((data.action as Data)?.type) ?? text(data.type);
  if (action === 'sla.escalated' && actionType) parts.push(translateIfKnown(t, `sla.action.${actionType}`) ?? actionType);
  const line = parts.join(t('sla.separator'));
  const late = data.late === true ? t('sla.timeline.late') : '';
  return line || late ? `${line}${late}` : undefined;
}

/** A change of a clock's due time (`sla.resolution.dueAt`, from an override) named in words: "办结到期时间". */
export function slaChangeFieldLabel(field: string, t: Translate): string | undefined {
  const m = /^sla\.(.+)\.dueAt$/.exec(field);
  if (!m) return undefined;
  return t('sla.timeline.dueField', { target: translateIfKnown(t, `sla.kind.${m[1]}`) ?? m[1]! });
}

/** Whether a change's values are instants to show as dates (a case's or a clock's due time). */
export function isDueTimeField(field: string): boolean {
  return field === 'dueAt' || /^sla\..+\.dueAt$/.test(field);
}
