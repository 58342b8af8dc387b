import { formatDateTime } from '../../components/case-tags.tsx';
import { translateIfKnown, type Locale, type Translate } from '../../i18n/i18n.ts';

type Data = Record<string, unknown> | null | undefined;

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The words under an `sla.*` event on the case timeline: which target (首次响应, a step's task
 * name), an override's old → new due time, the escalation action, and whether a level fired late
 * (it came due while Docket was down). Undefined for other events or when the data names nothing.
 */
export function slaTimelineDetail(action: string, data: Data, t: Translate, locale: Locale): string | undefined {
  if (!action.startsWith('sla.') || !data || typeof data !== 'object') return undefined;
  const parts: string[] = [];
  const kind = text(data.kind) ?? text(data.targetKind);
  const target = text(data.taskName) ?? (kind ? translateIfKnown(t, `sla.kind.${kind}`) : undefined) ?? text(data.key);
  if (target) parts.push(t('sla.timeline.target', { target }));
  const actionType = text(data.actionType) ?? text((data.action as Data)?.type) ?? text(data.type);
  if (action === 'sla.escalated' && actionType) parts.push(translateIfKnown(t, `sla.action.${actionType}`) ?? actionType);
  const from = text(data.from) ?? text(data.fromDueAt) ?? text(data.oldDueAt);
  const to = text(data.to) ?? text(data.toDueAt) ?? text(data.newDueAt);
  if (from !== undefined || to !== undefined) parts.push(t('sla.timeline.due', { from: formatDateTime(from, locale), to: formatDateTime(to, locale) }));
  const line = parts.join(t('sla.separator'));
  const late = data.late === true ? t('sla.timeline.late') : '';
  return line || late ? `${line}${late}` : undefined;
}
