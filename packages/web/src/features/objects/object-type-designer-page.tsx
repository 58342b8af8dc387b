import { Typography } from 'antd';
import { useT } from '../../app/locale.tsx';

/** Fields, relations, layout and permissions of one object type (issue 21). */
export function ObjectTypeDesignerPage() {
  const t = useT();
  return <Typography.Title level={3}>{t('objects.designer.title')}</Typography.Title>;
}
