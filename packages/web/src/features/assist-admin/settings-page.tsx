import { Typography } from 'antd';
import { useT } from '../../app/locale.tsx';

/** Assistance per case type and field, thresholds, models (issue 22). */
export function AssistSettingsPage() {
  const t = useT();
  return <Typography.Title level={3}>{t('assistAdmin.settings.title')}</Typography.Title>;
}
