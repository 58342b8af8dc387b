import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';

/** An event type in words ("工单已创建"), the type itself only for one the console has no words for yet. */
export function eventTypeLabel(type: string, t: Translate): string {
  if (type === '*') return t('integrationAdmin.event.all');
  const known = translateIfKnown(t, `integrationAdmin.event.${type}`);
  return known ? `${known}` : t('integrationAdmin.event.other', { type });
}

/** A delivery's failure in words: the HTTP status, a timeout or a refused connection; the server's own text only to readers of English. */
export function deliveryErrorText(error: string | null, responseStatus: number | null, t: Translate): string {
  if (responseStatus !== null && responseStatus >= 300) return t('integrationAdmin.delivery.httpStatus', { status: responseStatus });
  if (!error) return '—';
  if (/timeout|timed out|abort/i.test(error)) return t('integrationAdmin.delivery.timeout');
  if (/refused|ECONNREFUSED/i.test(error)) return t('integrationAdmin.delivery.refused');
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(error)) return t('integrationAdmin.delivery.dns');
  if (/certificate|TLS|SSL/i.test(error)) return t('integrationAdmin.delivery.tls');
  return t.locale === 'en-US' ? error : t('integrationAdmin.delivery.otherError');
}

/** A dead letter's reason in words by its code; the server's text only to readers of English. */
export function deadLetterReasonText(reason: string, t: Translate): string {
  // The server writes "<invalid|refused>: <field> <reason>; …": the code is what comes before the colon.
  const code = reason.split(':', 1)[0]!.trim();
  return translateIfKnown(t, `integrationAdmin.deadLetter.reason.${code}`) ?? (t.locale === 'en-US' ? reason : t('integrationAdmin.deadLetter.reason.other'));
}

/**
 * A mapping or dead-letter field error, which carries a reason but no code: a reason that is a known
 * code reads as its words, a few common phrasings are recognised, anything else reads "invalid"
 * (the server's English only to readers of English).
 */
export function plainErrorText(reason: string, t: Translate): string {
  const byCode = translateIfKnown(t, `fieldError.${reason}`);
  if (byCode) return byCode;
  if (t.locale === 'en-US') return reason;
  if (/required|missing|no value|is empty|not present/i.test(reason)) return t('fieldError.required');
  if (/unknown (case )?type|case type/i.test(reason)) return t('integrationAdmin.error.caseType');
  if (/not found|no match|matched nothing/i.test(reason)) return t('integrationAdmin.error.noMatch');
  if (/feel|expression/i.test(reason)) return t('integrationAdmin.error.feel');
  if (/json ?path/i.test(reason)) return t('integrationAdmin.error.jsonPath');
  if (/json|parse|malformed/i.test(reason)) return t('integrationAdmin.error.notJson');
  if (/allowed|one of|enum/i.test(reason)) return t('fieldError.not-allowed-value');
  if (/number/i.test(reason)) return t('fieldError.not-number');
  if (/date/i.test(reason)) return t('fieldError.datetime-format');
  return t('fieldError.invalid');
}
