import { Typography } from 'antd';
import { useT } from '../../app/locale.tsx';

/** The object types the reader may read, each with its records (issue 21). */
export function RecordsHomePage() {
  const t = useT();
  return <Typography.Title level={3}>{t('objects.home.title')}</Typography.Title>;
}
