import type { Translate } from '../../i18n/i18n.ts';
import type { SlaLevelAt, SlaTargetView } from './sla-api.ts';
import { formatBusinessSeconds, isoDurationSeconds } from './sla-time.ts';

/** What a clock is for, in words: 首次响应 / 办结 / 再次响应, or a step's task name. */
export function slaTargetName(target: Pick<SlaTargetView, 'kind' | 'taskName' | 'label'>, t: Translate): string {
  if (target.kind === 'step') return target.taskName ?? target.label ?? t('sla.kind.step');
  return t(`sla.kind.${target.kind}`);
}

/** When a level fires, in words: "用时达 75%", "到期前 1 小时", "到期时", "超时 2 小时后" (business time). */
export function slaLevelWhen(at: SlaLevelAt, t: Translate): string {
  switch (at.kind) {
    case 'share':
      return t('sla.level.share', { percent: Math.round(at.share * 100) });
    case 'breach':
      return t('sla.level.breach');
    case 'before-due':
    case 'after-due': {
      const seconds = isoDurationSeconds(at.duration);
      const span = seconds === undefined ? at.duration : formatBusinessSeconds(seconds, t);
      return t(at.kind === 'before-due' ? 'sla.level.before-due' : 'sla.level.after-due', { span });
    }
  }
}
