import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent, type DomainEvent } from '../../../platform/events/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { loadBusinessClock } from '../calendars/business-clock.ts';
import type { SlaTargetRecord } from '../model.ts';
import { effectiveDueAt, pauseClock, resumeClock, stopClock } from './clock-state.ts';
import { saveTarget } from './target-store.ts';

/**
 * A clock reached its target: stopped as met, `sla.target-met` audited and published (onTime,
 * business seconds used); met late without a fired breach also publishes `sla.target-breached`.
 */
export async function meetClock(ctx: CommandContext, t: SlaTargetRecord, cause: string): Promise<SlaTargetRecord> {
  const clock = await loadBusinessClock(ctx.tx, t.calendar);
  const dueBefore = effectiveDueAt(t);
  const { target, late } = stopClock(t, clock, ctx.now, 'met');
  await saveTarget(ctx.tx, target, ctx.now);
  await recordAuditEvent(ctx, {
    action: 'sla.target-met',
    targetType: 'case',
    targetId: t.caseId,
    caseId: t.caseId,
    data: {
      targetId: t.id,
      key: t.key,
      kind: t.kind,
      attempt: t.attempt,
      taskId: t.taskId,
      onTime: !late,
      businessSeconds: target.elapsedSeconds,
      budgetSeconds: t.budgetSeconds,
      dueAt: dueBefore?.toISOString() ?? null,
      cause,
    },
  });
  const events: DomainEvent[] = [
    domainEvent('sla.target-met', 'case', t.caseId, { targetId: t.id, caseId: t.caseId, taskId: t.taskId, key: t.key, onTime: !late, businessSeconds: target.elapsedSeconds ?? 0 }),
  ];
  if (late && !t.breachedAt) {
    events.push(
      domainEvent('sla.target-breached', 'case', t.caseId, { targetId: t.id, caseId: t.caseId, taskId: t.taskId, key: t.key, dueAt: (dueBefore ?? target.breachedAt ?? ctx.now).toISOString() }),
    );
  }
  await ctx.publish(...events);
  return target;
}

/** A clock whose work went away (its task canceled, its process terminated): stopped, not counted as met or missed. */
export async function cancelClock(ctx: CommandContext, t: SlaTargetRecord, reason: string): Promise<SlaTargetRecord> {
  const clock = await loadBusinessClock(ctx.tx, t.calendar);
  const { target } = stopClock(t, clock, ctx.now, 'canceled');
  await saveTarget(ctx.tx, target, ctx.now);
  await recordAuditEvent(ctx, {
    action: 'sla.target-canceled',
    targetType: 'case',
    targetId: t.caseId,
    caseId: t.caseId,
    data: { targetId: t.id, key: t.key, kind: t.kind, attempt: t.attempt, taskId: t.taskId, reason, businessSeconds: target.elapsedSeconds },
  });
  return target;
}

/** The case entered (or left) a status: clocks that pause on it pause, the others that were paused resume. */
export async function pauseOrResumeClock(ctx: CommandContext, t: SlaTargetRecord, status: string): Promise<SlaTargetRecord> {
  const shouldPause = t.pauseStatuses.includes(status);
  if (shouldPause === (t.state === 'paused')) return t;
  const clock = await loadBusinessClock(ctx.tx, t.calendar);
  const moved = shouldPause ? pauseClock(t, clock, ctx.now) : resumeClock(t, clock, ctx.now);
  await saveTarget(ctx.tx, moved, ctx.now);
  await recordAuditEvent(ctx, {
    action: shouldPause ? 'sla.target-paused' : 'sla.target-resumed',
    targetType: 'case',
    targetId: t.caseId,
    caseId: t.caseId,
    data: {
      targetId: t.id,
      key: t.key,
      kind: t.kind,
      attempt: t.attempt,
      status,
      consumedSeconds: moved.consumedSeconds,
      budgetSeconds: moved.budgetSeconds,
      dueAt: moved.dueAt?.toISOString() ?? null,
    },
  });
  return moved;
}
