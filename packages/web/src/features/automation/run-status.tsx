import { Tag } from 'antd';
import { useT } from '../../app/locale.tsx';
import type { ActionOutcome, RunStatus } from './automation-api.ts';

const RUN_COLORS: Record<RunStatus, string> = { succeeded: 'green', failed: 'red', skipped: 'default', 'loop-stopped': 'orange' };
const ACTION_COLORS: Record<string, string> = { done: 'green', failed: 'red', refused: 'volcano', skipped: 'default', 'would-do': 'blue' };

/** A run's outcome in words, colour as a second cue only. */
export function RunStatusTag({ status }: { status: RunStatus }) {
  const t = useT();
  return (
    <Tag color={RUN_COLORS[status] ?? 'default'} data-testid={`run-status-${status}`}>
      {t(`automation.runStatus.${status}`)}
    </Tag>
  );
}

/** One action's outcome in a run (or what it would do in a dry-run). */
export function ActionOutcomeTag({ status }: { status: ActionOutcome | 'would-do' }) {
  const t = useT();
  return <Tag color={ACTION_COLORS[status] ?? 'default'}>{t(`automation.actionStatus.${status}`)}</Tag>;
}
