import type { CommandContext } from '../../../platform/commands/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCaseFactsOrThrow, findCaseForActionOrThrow } from '../../cases/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { loadBusinessClock } from '../calendars/business-clock.ts';
import { resolveCalendarRef } from '../calendars/calendar-refs.ts';
import { ALWAYS_OPEN_CALENDAR_KEY, type SlaTargetDefinition, type SlaTargetRecord } from '../model.ts';
import { budgetForDueAt, effectiveDueAt, rebudgetClock } from './clock-state.ts';
import { clockProblems } from './problems.ts';
import { startClock } from './start-clocks.ts';
import { refreshCaseSlaSummaries } from './summary.ts';
import { findOpenTargetsOfCase, saveTarget } from './target-store.ts';

export interface OverrideDueInput {
  dueAt: string;
  reason: string;
}

/** A case with no resolution clock (no policy matched) gets a manual one: 24×7, breach at the override. */
const MANUAL_RESOLUTION: SlaTargetDefinition = { key: 'resolution', kind: 'resolution', duration: 'PT0S', levels: [{ at: { kind: 'breach' }, actions: [] }] };

/**
 * A person moves one clock's due time, with a reason (`sla.due-overridden`, from → to). The
 * clock's budget becomes what makes it due then, so its levels fire relative to the override.
 * Needs case:assign on the case (404 when the case cannot be read). A case with no open
 * resolution clock gets a manual one (no policy, calendar always-open).
 */
export async function overrideClockDue(ctx: CommandContext, caseId: string, key: string, input: OverrideDueInput): Promise<void> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:assign');
  const dueAt = new Date(input.dueAt);
  if (Number.isNaN(dueAt.getTime()) || dueAt.getTime() <= ctx.now.getTime()) {
    throw httpProblems.validationFailed({ errors: [{ field: 'dueAt', reason: 'must be a time after now' }] });
  }
  const reason = input.reason.trim();
  if (reason === '') throw httpProblems.validationFailed({ errors: [{ field: 'reason', reason: 'must not be blank' }] });

  const open = (await findOpenTargetsOfCase(ctx.tx, caseId)).filter((t) => t.key === key).sort((a, b) => b.attempt - a.attempt);
  let target: SlaTargetRecord | undefined = open[0];
  if (!target && key === MANUAL_RESOLUTION.key) {
    const calendar = await resolveCalendarRef(ctx.tx, { key: ALWAYS_OPEN_CALENDAR_KEY, departmentId: null, at: ctx.now });
    if (calendar) {
      const budgetSeconds = (await loadBusinessClock(ctx.tx, calendar)).elapsed(ctx.now, dueAt);
      target = await startClock(ctx, { facts: await findCaseFactsOrThrow(ctx.tx, caseId), policy: null, target: MANUAL_RESOLUTION, calendar, budgetSeconds });
    }
  }
  if (!target) throw clockProblems.targetNotFound({ detail: `The case has no open SLA clock ${key}`, key });

  const clock = await loadBusinessClock(ctx.tx, target.calendar);
  const from = effectiveDueAt(target);
  const overridden: SlaTargetRecord = { ...rebudgetClock(target, clock, budgetForDueAt(target, clock, dueAt, ctx.now)), override: { dueAt, reason, by: ctx.actor.userId } };
  await saveTarget(ctx.tx, overridden, ctx.now);
  await recordAuditEvent(ctx, {
    action: 'sla.due-overridden',
    targetType: 'case',
    targetId: caseId,
    caseId,
    reason,
    changes: [{ field: `sla.${key}.dueAt`, before: from?.toISOString() ?? null, after: dueAt.toISOString() }],
    data: { targetId: target.id, key, kind: target.kind, attempt: target.attempt, from: from?.toISOString() ?? null, to: dueAt.toISOString(), budgetSeconds: overridden.budgetSeconds },
  });
  await refreshCaseSlaSummaries(ctx.tx, [caseId], ctx.now);
}
