import { Typography } from 'antd';
import { useT } from '../../app/locale.tsx';

/** The customer 360° page: profile, accounts, holdings, cases, tasks, SLA outcomes, follow-ups and the timeline (issue 21). */
export function Customer360Page() {
  const t = useT();
  return <Typography.Title level={3}>{t('customer360.title')}</Typography.Title>;
}
