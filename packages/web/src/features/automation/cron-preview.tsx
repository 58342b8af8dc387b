import { useEffect, useState } from 'react';
import { Typography } from 'antd';
import { useLocale } from '../../app/locale.tsx';

type Describe = (cron: string, options: { locale: string; use24HourTimeFormat: boolean; throwExceptionOnParseError: boolean }) => string;

// cronstrue with its locales is loaded when a schedule trigger is shown, not with the console.
let loading: Promise<Describe> | undefined;
const loadDescribe = () => (loading ??= import('cronstrue/i18n').then((m) => ((m.default ?? m) as { toString: Describe }).toString));

/** A cron expression in words in the reader's language ("在 09:00, 星期一至星期五"), or why it does not read. */
export function CronPreview({ cron }: { cron: string | undefined }) {
  const { t, locale } = useLocale();
  const [words, setWords] = useState<{ text: string; ok: boolean } | null>(null);
  useEffect(() => {
    let live = true;
    const expression = cron?.trim();
    if (!expression) {
      setWords(null);
      return;
    }
    void loadDescribe().then((describe) => {
      if (!live) return;
      try {
        setWords({ ok: true, text: describe(expression, { locale: locale === 'zh-CN' ? 'zh_CN' : 'en', use24HourTimeFormat: true, throwExceptionOnParseError: true }) });
      } catch {
        setWords({ ok: false, text: t('automation.cron.invalid') });
      }
    });
    return () => {
      live = false;
    };
  }, [cron, locale, t]);
  if (!words) return <span>{t('automation.cron.hint')}</span>;
  return (
    <Typography.Text type={words.ok ? 'success' : 'danger'} data-testid="cron-preview">
      {words.text}
    </Typography.Text>
  );
}
