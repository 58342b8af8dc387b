import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent, type DomainEvent } from '../../../platform/events/index.ts';
import { recordAuditEvents, type AuditFact } from '../../audit/index.ts';
import { lockCasesForSlaSummaries } from '../../cases/index.ts';
import { loadBusinessClock } from '../calendars/business-clock.ts';
import { refreshCaseSlaSummaries } from '../clocks/summary.ts';
import type { BusinessClock, TargetLevel } from '../model.ts';
import { runEscalations, type FiredLevel } from './escalations.ts';
import { planLevelFirings, type LevelFiring } from './level-firing.ts';
import { clearNextFire, firingKey, insertFirings, updateFiredTargets, type ClaimedTarget, type FiringRow, type TargetAfterFiring } from './store.ts';

type Log = { warn(obj: object, msg?: string): void };

export interface BatchOutcome {
  /** Clocks handled (their cases could be locked); the others wait for a later pass. */
  handled: number;
  /** Levels fired. */
  fired: number;
  /** Clocks whose calendar version could not be loaded: they stop asking to fire (logged). */
  skipped: number;
}

/**
 * Fires every due level of the claimed clocks, as one command of `system:sla` in the claiming
 * transaction: the clocks' columns in one UPDATE, the history in one INSERT, the audit events in
 * one INSERT, the domain events in one outbox INSERT, then each level's escalation actions, then
 * the cases' SLA summaries. Everything commits with the claim, or nothing does: a process that
 * dies mid-batch leaves the rows to the next claim, with no level marked fired.
 */
export async function fireClaimedTargets(ctx: CommandContext, claimedAll: ClaimedTarget[], worker: string, log?: Log): Promise<BatchOutcome> {
  // The batch's cases first: the escalations and the summaries below change them. A clock whose
  // case another transaction holds waits for a later pass (no deadlock with a person's command).
  const lockedCases = await lockCasesForSlaSummaries(
    ctx.tx,
    claimedAll.map((t) => t.caseId),
  );
  const claimed = claimedAll.filter((t) => lockedCases.has(t.caseId));
  const clocks = new Map<string, BusinessClock | null>();
  for (const target of claimed) {
    const cacheKey = `${target.calendar.calendarId}:${target.calendar.version}`;
    if (clocks.has(cacheKey)) continue;
    try {
      clocks.set(cacheKey, await loadBusinessClock(ctx.tx, target.calendar));
    } catch (error) {
      log?.warn({ calendar: target.calendar, err: (error as Error).message }, 'an SLA clock names a calendar version that cannot be loaded; its levels will not fire');
      clocks.set(cacheKey, null);
    }
  }

  const updates: TargetAfterFiring[] = [];
  const broken: string[] = [];
  const planned: { target: ClaimedTarget; firing: LevelFiring; breachedBefore: boolean }[] = [];
  for (const target of claimed) {
    const clock = clocks.get(`${target.calendar.calendarId}:${target.calendar.version}`);
    let plan: ReturnType<typeof planLevelFirings> | undefined;
    try {
      if (clock) plan = planLevelFirings(target, clock, ctx.now);
    } catch (error) {
      // A level no longer computable (a malformed duration stored by hand): never wedge the scheduler on it.
      log?.warn({ targetId: target.id, err: (error as Error).message }, 'the levels of an SLA clock cannot be computed; they will not fire');
    }
    if (!plan) {
      broken.push(target.id);
      continue;
    }
    updates.push({ id: target.id, firedLevels: plan.firedLevels, atRiskAt: plan.atRiskAt, breachedAt: plan.breachedAt, nextFireAt: plan.nextFireAt });
    let breachedBefore = target.breachedAt !== null;
    for (const firing of plan.firings) {
      planned.push({ target, firing, breachedBefore });
      if (firing.kind !== 'warning') breachedBefore = true;
    }
  }

  await clearNextFire(ctx.tx, broken, ctx.now);
  await updateFiredTargets(ctx.tx, updates, ctx.now);
  const inserted = await insertFirings(
    ctx.tx,
    planned.map(
      ({ target, firing }): FiringRow => ({
        targetId: target.id,
        level: firing.level.index,
        caseId: target.caseId,
        key: target.key,
        kind: firing.kind,
        dueAt: firing.dueAt,
        firedAt: ctx.now,
        late: firing.late,
        worker,
      }),
    ),
  );
  const fired = planned.filter(({ target, firing }) => inserted.has(firingKey(target.id, firing.level.index)));
  if (fired.length < planned.length) log?.warn({ levels: planned.length - fired.length }, 'SLA levels already in the firing history were not fired again (a clock lost its fired_levels)');
  await recordAuditEvents(
    ctx,
    fired.map(({ target, firing }) => auditFactOf(target, firing)),
  );
  const events: DomainEvent[] = [];
  for (const { target, firing, breachedBefore } of fired) {
    if (firing.kind === 'warning') {
      events.push(domainEvent('sla.warning-fired', 'case', target.caseId, { targetId: target.id, caseId: target.caseId, taskId: target.taskId, key: target.key, level: firing.level.index }));
    } else if (!breachedBefore) {
      // Once per clock: an after-breach level tells nothing new unless no breach was told before.
      const dueAt = target.overrideDueAt ?? target.dueAt ?? firing.dueAt;
      events.push(domainEvent('sla.target-breached', 'case', target.caseId, { targetId: target.id, caseId: target.caseId, taskId: target.taskId, key: target.key, dueAt: dueAt.toISOString() }));
    }
  }
  if (events.length > 0) await ctx.publish(...events);

  for (const { target, firing } of fired) {
    if (firing.level.actions.length === 0) continue;
    await runEscalations(ctx, firedLevelOf(target, firing.level, firing), firing.level.actions);
  }
  await refreshCaseSlaSummaries(
    ctx.tx,
    claimed.map((t) => t.caseId),
    ctx.now,
  );
  return { handled: claimed.length, fired: fired.length, skipped: broken.length };
}

function auditFactOf(target: ClaimedTarget, firing: LevelFiring): AuditFact {
  return {
    action: firing.kind === 'warning' ? 'sla.warning-fired' : 'sla.target-breached',
    targetType: 'case',
    targetId: target.caseId,
    caseId: target.caseId,
    data: {
      targetId: target.id,
      key: target.key,
      kind: target.kind,
      taskId: target.taskId,
      level: firing.level.index,
      levelKind: firing.kind,
      at: firing.dueAt.toISOString(),
      dueAt: (target.overrideDueAt ?? target.dueAt)?.toISOString() ?? null,
      late: firing.late,
    },
  };
}

function firedLevelOf(target: ClaimedTarget, level: TargetLevel, firing: LevelFiring): FiredLevel {
  return {
    targetId: target.id,
    caseId: target.caseId,
    taskId: target.taskId,
    key: target.key,
    targetKind: target.kind,
    level: level.index,
    kind: firing.kind,
    dueAt: target.overrideDueAt ?? target.dueAt,
  };
}
