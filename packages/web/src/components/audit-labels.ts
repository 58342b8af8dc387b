import { translateIfKnown, type Translate } from '../i18n/i18n.ts';

/** An audit action as words (`case.status-changed` → 变更了状态); an action the console does not know yet keeps its code. */
export function auditActionLabel(action: string, t: Translate): string {
  return translateIfKnown(t, `auditAction.${action}`) ?? action;
}
