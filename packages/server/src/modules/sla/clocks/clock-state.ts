import type { BusinessClock, SlaTargetRecord } from '../model.ts';
import { nextFireAt } from './levels.ts';

/**
 * Pure moves of one clock (sla.target) on its business clock: start, pause, resume, stop,
 * re-budget, re-bind. Time is an argument; nothing here reads the database.
 *
 * Invariants: consumed_seconds counts business time before running_since; while running
 * due_at = add(running_since, budget − consumed) and next_fire_at is the earliest unfired level;
 * paused or stopped: running_since, due_at and next_fire_at are null (due_at of a stopped clock
 * stays as it was, for the record).
 */

/** due_at and next_fire_at of a running clock from its budget; null for a paused one. */
export function withSchedule(t: SlaTargetRecord, clock: BusinessClock): SlaTargetRecord {
  if (t.state !== 'running' || !t.runningSince) return { ...t, dueAt: t.state === 'paused' ? null : t.dueAt, nextFireAt: null };
  const dueAt = clock.add(t.runningSince, Math.max(0, t.budgetSeconds - t.consumedSeconds));
  return { ...t, dueAt, nextFireAt: nextFireAt(t, clock) };
}

/** Stops counting: the business time since running_since is added to consumed. */
export function pauseClock(t: SlaTargetRecord, clock: BusinessClock, now: Date): SlaTargetRecord {
  if (t.state !== 'running' || !t.runningSince) return t;
  return { ...t, state: 'paused', consumedSeconds: t.consumedSeconds + clock.elapsed(t.runningSince, now), runningSince: null, dueAt: null, nextFireAt: null };
}

/**
 * Counts again from now. An overridden clock's override moves with its due time: the override
 * set the budget, and a pause extends every clock alike.
 */
export function resumeClock(t: SlaTargetRecord, clock: BusinessClock, now: Date): SlaTargetRecord {
  if (t.state !== 'paused') return t;
  const resumed = withSchedule({ ...t, state: 'running', runningSince: now }, clock);
  return resumed.override && resumed.dueAt ? { ...resumed, override: { ...resumed.override, dueAt: resumed.dueAt } } : resumed;
}

/** The due time people were shown: a manual override wins over the computed one. */
export function effectiveDueAt(t: SlaTargetRecord): Date | null {
  return t.override?.dueAt ?? t.dueAt;
}

/**
 * Stops the clock as met or canceled. Late: more business time used than the budget, or the
 * (overridden) due time passed on the wall clock (a case resolved at 17:45 after a 17:30 due is
 * late, though no business second passed in between).
 */
export function stopClock(t: SlaTargetRecord, clock: BusinessClock, now: Date, state: 'met' | 'canceled'): { target: SlaTargetRecord; late: boolean } {
  const consumed = t.state === 'running' && t.runningSince ? t.consumedSeconds + clock.elapsed(t.runningSince, now) : t.consumedSeconds;
  const due = t.state === 'running' ? effectiveDueAt(t) : null;
  const late = consumed > t.budgetSeconds || (due !== null && now.getTime() > due.getTime());
  const breachedAt = state === 'met' && late && !t.breachedAt ? (due && due.getTime() <= now.getTime() ? due : now) : t.breachedAt;
  return {
    target: { ...t, state, consumedSeconds: consumed, elapsedSeconds: consumed, runningSince: null, nextFireAt: null, stoppedAt: now, breachedAt },
    late,
  };
}

/** A new budget (a priority change, an override): due and next level recomputed; consumed stays. */
export function rebudgetClock(t: SlaTargetRecord, clock: BusinessClock, budgetSeconds: number): SlaTargetRecord {
  return withSchedule({ ...t, budgetSeconds: Math.max(0, budgetSeconds) }, clock);
}

/**
 * The budget that makes a clock due at `dueAt`: what it used, plus the business time from now
 * (running since, for a running clock) to the override. Levels then fire relative to the override
 * (a warning 1 h before it, the breach at it). An override outside working time is due at the
 * last working instant before it.
 */
export function budgetForDueAt(t: SlaTargetRecord, clock: BusinessClock, dueAt: Date, now: Date): number {
  const from = t.state === 'running' && t.runningSince ? t.runningSince : now;
  return t.consumedSeconds + clock.elapsed(from, dueAt);
}
