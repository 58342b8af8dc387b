import { Typography } from 'antd';
import { useT } from '../../app/locale.tsx';

/** The rules, their state and last runs (issue 21). */
export function RulesPage() {
  const t = useT();
  return <Typography.Title level={3}>{t('automation.rules.title')}</Typography.Title>;
}
