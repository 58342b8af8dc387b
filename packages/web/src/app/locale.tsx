import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider, App as AntApp, theme } from 'antd';
import zhCNAntd from 'antd/locale/zh_CN';
import enUSAntd from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createTranslate, DEFAULT_LOCALE, isLocale, LOCALE_STORAGE_KEY, type Locale, type Translate } from '../i18n/i18n.ts';

interface LocaleContextValue {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

function readStoredLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** Language (remembered in localStorage) plus Ant Design's locale and a dense, calm theme. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(readStoredLocale);
  const value = useMemo<LocaleContextValue>(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = locale;
    return {
      locale,
      t: createTranslate(locale),
      setLocale(next) {
        try {
          localStorage.setItem(LOCALE_STORAGE_KEY, next);
        } catch {
          // private mode: the choice lasts for this page only
        }
        setLocaleState(next);
      },
    };
  }, [locale]);
  return (
    <LocaleContext.Provider value={value}>
      <ConfigProvider
        locale={locale === 'zh-CN' ? zhCNAntd : enUSAntd}
        componentSize="small"
        theme={{
          algorithm: [theme.defaultAlgorithm, theme.compactAlgorithm],
          token: {
            colorPrimary: '#1f5fbf',
            // Links in the brand blue (7:1 on white), not Ant Design's #1677ff (4.1:1).
            colorLink: '#1f5fbf',
            borderRadius: 4,
            // Secondary text, descriptions' labels and placeholders at WCAG AA contrast (4.5:1 on
            // white and on the light greys behind them); Ant Design's defaults are 3.4:1 and 1.8:1.
            colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
            colorTextDescription: 'rgba(0, 0, 0, 0.62)',
            colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
          },
        }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}

export function useT(): Translate {
  return useLocale().t;
}
