import { Typography } from 'antd';
import { useT } from '../../app/locale.tsx';

/** Trigger, conditions, actions, dry-run, enabling and run history of one rule (issue 21). */
export function RuleDesignerPage() {
  const t = useT();
  return <Typography.Title level={3}>{t('automation.designer.title')}</Typography.Title>;
}
