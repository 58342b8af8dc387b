// The shipped forms label a field in both languages, Chinese first: '客户姓名 Customer name'.
const BILINGUAL = /^(.*[\u3400-\u9fff][^A-Za-z]*?)\s+([A-Za-z].*)$/u;

export type PrefillLocale = 'zh-CN' | 'en-US';

/** The caller's console language from Accept-Language; Chinese unless English comes first. */
export function localeOf(acceptLanguage: string | undefined): PrefillLocale {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : 'zh-CN';
}

/** The part of a form label in the caller's language; a label in one language is that label. */
export function labelIn(label: string, locale: PrefillLocale): string {
  const match = BILINGUAL.exec(label.trim());
  if (!match) return label;
  return (locale === 'en-US' ? match[2] : match[1])!.trim();
}
