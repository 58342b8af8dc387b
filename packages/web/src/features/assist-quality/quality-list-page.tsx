import { Typography } from 'antd';
import { useT } from '../../app/locale.tsx';

/** Quality findings of handled cases, for supervisors (issue 22). */
export function QualityListPage() {
  const t = useT();
  return <Typography.Title level={3}>{t('assistQuality.list.title')}</Typography.Title>;
}
