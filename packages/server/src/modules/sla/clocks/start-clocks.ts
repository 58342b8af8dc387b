import type { CommandContext } from '../../../platform/commands/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCaseFactsOrThrow, findCaseTypeStatuses, type CaseFacts } from '../../cases/index.ts';
import { loadBusinessClock } from '../calendars/business-clock.ts';
import { resolveCalendarRef } from '../calendars/calendar-refs.ts';
import type { CalendarRef, SlaTargetDefinition, SlaTargetKind, SlaTargetRecord, TargetLevel } from '../model.ts';
import { findMatchingPolicy } from '../policies/match.ts';
import { slaSubjectOf } from '../policies/subject.ts';
import { withSchedule } from './clock-state.ts';
import { durationSeconds } from './levels.ts';
import { findSlaPolicyVersion } from '../policies/match.ts';
import { findBoundPolicyRef, findLastAttempt, hasEnabledPolicy, insertTarget } from './target-store.ts';

/** The policy a clock starts from: the matched one (id, key, name, version, definition). */
export interface ClockPolicy {
  policyId: string;
  key: string;
  name: string;
  version: number;
  definition: { targets: SlaTargetDefinition[] };
}

/** The budget of a target for a priority: its duration for that priority, else its duration. */
export function budgetSecondsOf(target: SlaTargetDefinition, priority: string): number {
  const byPriority = target.durationByPriority?.[priority as keyof NonNullable<SlaTargetDefinition['durationByPriority']>];
  return durationSeconds(byPriority ?? target.duration);
}

/** The statuses a target pauses on: its own list, else the statuses of category waiting of the case's lifecycle. */
export async function pauseStatusesOf(ctx: CommandContext, target: SlaTargetDefinition, facts: CaseFacts): Promise<string[]> {
  if (target.pauseStatuses) return target.pauseStatuses;
  return (await findCaseTypeStatuses(ctx.tx, facts.caseType, facts.caseTypeVersion)).filter((s) => s.category === 'waiting').map((s) => s.key);
}

/** The first policy matching the case now, or null. */
export async function matchPolicyNow(ctx: CommandContext, facts: CaseFacts): Promise<ClockPolicy | null> {
  return findMatchingPolicy(ctx.tx, await slaSubjectOf(ctx.tx, facts), ctx.now);
}

/** The policy version the case's clocks are bound to (its resolution clock's), else a fresh match. */
export async function boundPolicyOf(ctx: CommandContext, facts: CaseFacts): Promise<ClockPolicy | null> {
  const ref = await findBoundPolicyRef(ctx.tx, facts.caseId);
  if (ref) {
    const found = await findSlaPolicyVersion(ctx.tx, ref.policyId, ref.version);
    if (found) return found;
  }
  return matchPolicyNow(ctx, facts);
}

export interface StartClockInput {
  facts: CaseFacts;
  policy: ClockPolicy | null;
  target: SlaTargetDefinition;
  taskId?: string | null;
  /** A calendar already chosen (a manual clock); else the target's, resolved for the case. */
  calendar?: CalendarRef;
  budgetSeconds?: number;
}

/**
 * Starts one clock now: binds the calendar version in force, sets the budget from the case's
 * priority, computes the due time and the first level, audits `sla.target-started`. The caller
 * refreshes the case summary. Returns undefined when no calendar exists (a database without the
 * shipped calendars).
 */
export async function startClock(ctx: CommandContext, input: StartClockInput): Promise<SlaTargetRecord | undefined> {
  const { facts, policy, target } = input;
  const calendar = input.calendar ?? (await resolveCalendarRef(ctx.tx, { key: target.calendar, departmentId: facts.departmentId, at: ctx.now }));
  if (!calendar) return undefined;
  const clock = await loadBusinessClock(ctx.tx, calendar);
  const levels: TargetLevel[] = target.levels.map((level, index) => ({ ...level, index }));
  const record = withSchedule(
    {
      id: newId(),
      caseId: facts.caseId,
      taskId: input.taskId ?? null,
      key: target.key,
      kind: target.kind,
      attempt: (await findLastAttempt(ctx.tx, facts.caseId, target.key)) + 1,
      policyId: policy?.policyId ?? null,
      policyVersion: policy?.version ?? null,
      calendar,
      priority: facts.priority,
      budgetSeconds: input.budgetSeconds ?? budgetSecondsOf(target, facts.priority),
      consumedSeconds: 0,
      pauseStatuses: await pauseStatusesOf(ctx, target, facts),
      levels,
      firedLevels: [],
      state: 'running',
      startedAt: ctx.now,
      runningSince: ctx.now,
      dueAt: null,
      nextFireAt: null,
      atRiskAt: null,
      breachedAt: null,
      stoppedAt: null,
      elapsedSeconds: null,
      override: null,
    },
    clock,
  );
  // A case created in a status its clock pauses on (a type whose initial status waits) starts paused.
  const started = record.pauseStatuses.includes(facts.status) ? { ...record, state: 'paused' as const, runningSince: null, dueAt: null, nextFireAt: null } : record;
  await insertTarget(ctx.tx, started, ctx.now);
  await recordAuditEvent(ctx, {
    action: 'sla.target-started',
    targetType: 'case',
    targetId: facts.caseId,
    caseId: facts.caseId,
    data: {
      targetId: started.id,
      key: started.key,
      kind: started.kind,
      attempt: started.attempt,
      taskId: started.taskId,
      policy: policy ? { key: policy.key, version: policy.version } : null,
      calendarVersion: calendar.version,
      budgetSeconds: started.budgetSeconds,
      dueAt: started.dueAt?.toISOString() ?? null,
      state: started.state,
    },
  });
  return started;
}

/** The case-level targets a new case starts: first response and resolution (next response starts later). */
const STARTED_ON_CREATE: SlaTargetKind[] = ['first-response', 'resolution'];

/** case.created: the first matching policy's case-level clocks start. Returns the case when a clock started. */
export async function startClocksOfNewCase(ctx: CommandContext, caseId: string): Promise<string[]> {
  if (!(await hasEnabledPolicy(ctx.tx))) return [];
  const facts = await findCaseFactsOrThrow(ctx.tx, caseId);
  const policy = await matchPolicyNow(ctx, facts);
  if (!policy) return [];
  let started = false;
  for (const target of policy.definition.targets) {
    if (STARTED_ON_CREATE.includes(target.kind)) started = (await startClock(ctx, { facts, policy, target })) !== undefined || started;
  }
  return started ? [caseId] : [];
}
