import { Typography } from 'antd';
import { useT } from '../../app/locale.tsx';

/** One record: its form (new or existing), links both ways, history (issue 21). */
export function RecordPage() {
  const t = useT();
  return <Typography.Title level={3}>{t('objects.record.title')}</Typography.Title>;
}
