import { Typography } from 'antd';
import { useT } from '../../app/locale.tsx';

/** Object types and relations, for object-type:admin (issue 21). */
export function ObjectTypesPage() {
  const t = useT();
  return <Typography.Title level={3}>{t('objects.types.title')}</Typography.Title>;
}
