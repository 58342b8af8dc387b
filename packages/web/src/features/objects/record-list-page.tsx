import { Typography } from 'antd';
import { useT } from '../../app/locale.tsx';

/** Records of one object type: search, filter, columns from the type's layout (issue 21). */
export function RecordListPage() {
  const t = useT();
  return <Typography.Title level={3}>{t('objects.list.title')}</Typography.Title>;
}
