import type { BusinessClock, SlaLevelAt, SlaTargetRecord, TargetLevel } from '../model.ts';
import { pendingLevels } from '../clocks/levels.ts';

/** What a level is, for its audit action, its domain event and the firing history. */
export type FiringKind = 'warning' | 'breach' | 'after-breach';

export function firingKindOf(at: SlaLevelAt): FiringKind {
  if (at.kind === 'breach') return 'breach';
  if (at.kind === 'after-due') return 'after-breach';
  return 'warning';
}

/**
 * A level that was due this long before the batch claimed it fired late: Docket was down or far
 * behind. Well above the poll interval and a batch's run time, so ordinary firings never count.
 */
export const LATE_AFTER_MS = 60_000;

export interface LevelFiring {
  level: TargetLevel;
  kind: FiringKind;
  /** When the level was due. */
  dueAt: Date;
  late: boolean;
}

export type FiringTarget = Pick<SlaTargetRecord, 'levels' | 'firedLevels' | 'budgetSeconds' | 'consumedSeconds' | 'runningSince' | 'atRiskAt' | 'breachedAt' | 'dueAt'>;

export interface FiringPlan {
  /** Every unfired level due at `now`, in time order (a level's index breaks a tie). */
  firings: LevelFiring[];
  firedLevels: number[];
  atRiskAt: Date | null;
  breachedAt: Date | null;
  /** The next unfired level's time, or null when none is left. */
  nextFireAt: Date | null;
}

/**
 * Which levels of a running clock fire at `now`, and the clock's columns after they fired. Pure:
 * the scheduler claims the row, asks this, writes the answer in the claiming transaction.
 *
 * Every due level fires, each once, in time order: a clock whose warning, breach and after-breach
 * all passed while Docket was down fires the three at start, marked late.
 */
export function planLevelFirings(target: FiringTarget, clock: BusinessClock, now: Date): FiringPlan {
  const pending = pendingLevels(target, clock);
  const due = pending.filter((p) => p.fireAt.getTime() <= now.getTime());
  const firings = due.map(({ level, fireAt }) => ({ level, kind: firingKindOf(level.at), dueAt: fireAt, late: now.getTime() - fireAt.getTime() > LATE_AFTER_MS }));
  let atRiskAt = target.atRiskAt;
  let breachedAt = target.breachedAt;
  for (const firing of firings) {
    if (firing.kind === 'warning') atRiskAt ??= now;
    // An after-breach level implies the breach, even in a policy that names no breach level.
    else breachedAt ??= now;
  }
  const next = pending.find((p) => p.fireAt.getTime() > now.getTime());
  return {
    firings,
    firedLevels: [...target.firedLevels, ...firings.map((f) => f.level.index)].sort((a, b) => a - b),
    atRiskAt,
    breachedAt,
    nextFireAt: next?.fireAt ?? null,
  };
}
