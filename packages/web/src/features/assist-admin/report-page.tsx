import { Typography } from 'antd';
import { useT } from '../../app/locale.tsx';

/** Accuracy, adoption and time saved (issue 22). */
export function AssistReportPage() {
  const t = useT();
  return <Typography.Title level={3}>{t('assistAdmin.report.title')}</Typography.Title>;
}
