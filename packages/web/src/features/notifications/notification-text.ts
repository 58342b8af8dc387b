import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';
import type { NotificationItem } from './notification-api.ts';

/**
 * A notification's sentence in the reader's language, from its kind and params (names and
 * numbers): the server sends no words. An unknown kind (a newer server) reads as "new notification".
 */
export function notificationText(n: Pick<NotificationItem, 'kind' | 'params' | 'actorName'>, t: Translate): string {
  const p = n.params ?? {};
  const str = (key: string) => (p[key] === undefined || p[key] === '' ? undefined : String(p[key]));
  const caseNumber = str('caseNumber');
  const outcome = str('outcome');
  const values: Record<string, string> = {
    actorName: n.actorName ?? str('actorName') ?? t('notifications.system'),
    taskName: str('taskName') ?? t('notifications.aTask'),
    processName: str('processName') ?? t('notifications.aProcess'),
    caseNumber: caseNumber ?? '',
    onCase: caseNumber ? t('notifications.onCase', { caseNumber }) : '',
    outcomeText: outcome ? t('notifications.outcome', { outcome: translateIfKnown(t, `notifications.outcome.${outcome}`) ?? outcome }) : '',
    target: slaTargetWords(str('targetKind'), str('taskName'), t),
    dueAt: formatDueAt(str('dueAt'), t),
  };
  return translateIfKnown(t, `notifications.kind.${n.kind}`, values) ?? t('notifications.kind.unknown');
}

/**
 * What an SLA notification is about (sla-warning, sla-breached): a step's task name (「复核」), else
 * the kind of target in words (首次响应, 办结), never the raw code.
 */
function slaTargetWords(targetKind: string | undefined, taskName: string | undefined, t: Translate): string {
  if (taskName) return t('notifications.slaStep', { taskName });
  return (targetKind && translateIfKnown(t, `notifications.slaKind.${targetKind}`)) || t('notifications.slaTarget');
}

/** The due time of an SLA notification in the reader's language, to the minute; as sent when it does not parse. */
function formatDueAt(dueAt: string | undefined, t: Translate): string {
  if (!dueAt) return '';
  const at = new Date(dueAt);
  if (Number.isNaN(at.getTime())) return dueAt;
  return new Intl.DateTimeFormat(t.locale ?? 'zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(at);
}
