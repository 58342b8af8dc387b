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
  };
  return translateIfKnown(t, `notifications.kind.${n.kind}`, values) ?? t('notifications.kind.unknown');
}
