import { Typography } from 'antd';
import type { ProcessTask } from './task-api.ts';
import { useLocale } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { isOverdue, OVERDUE_COLOR } from '../processes/process-labels.ts';

/** A task's due time; past due in red, with the word (colour is not the only sign). */
export function DueAt({ dueAt, open = true }: { dueAt?: string | null; open?: boolean }) {
  const { t, locale } = useLocale();
  if (!dueAt) return <>—</>;
  const late = open && isOverdue(dueAt);
  return (
    <Typography.Text strong={late} style={late ? { color: OVERDUE_COLOR } : undefined} data-overdue={late ? 'true' : undefined}>
      {formatDateTime(dueAt, locale)}
      {late && ` · ${t('task.overdue')}`}
    </Typography.Text>
  );
}

/** Who holds a task, in words: me, nobody yet, or someone else. */
export function useAssigneeLabel() {
  const { t } = useLocale();
  const me = useSession();
  return (task: Pick<ProcessTask, 'assignee'>) => (!task.assignee ? t('task.unclaimed') : task.assignee === me.id ? t('case.me') : t('task.someoneElse'));
}
