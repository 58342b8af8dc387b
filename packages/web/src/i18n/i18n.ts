import { enUS } from './en-US.ts';
import { zhCN, type MessageKey } from './zh-CN.ts';

export type { MessageKey } from './zh-CN.ts';
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'docket.locale';

export const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export type Translate = ((key: MessageKey, values?: Record<string, string | number>) => string) & { locale?: Locale };

/** A translate function over one catalogue: `{name}` placeholders are replaced by values. */
export function createTranslate(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  const translate = (key: MessageKey, values?: Record<string, string | number>) => {
    const template = catalogue[key] ?? key;
    return values ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : template;
  };
  return Object.assign(translate, { locale });
}

/** A message looked up by a key made at run time (a problem type, an audit action); undefined when the catalogue has none. */
export function translateIfKnown(t: Translate, key: string, values?: Record<string, string | number>): string | undefined {
  const text = t(key as MessageKey, values);
  return text === key ? undefined : text;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
