import { parseIsoDurationMs } from '../../../platform/clock/index.ts';
import type { BusinessClock, SlaLevelAt, SlaRisk, SlaTargetRecord, TargetLevel } from '../model.ts';

/** Business seconds from the clock's start at which a level fires, for a target of `budgetSeconds`. */
export function levelOffsetSeconds(at: SlaLevelAt, budgetSeconds: number): number {
  switch (at.kind) {
    case 'share':
      return Math.round(budgetSeconds * at.share);
    case 'before-due':
      return Math.max(0, budgetSeconds - durationSeconds(at.duration));
    case 'breach':
      return budgetSeconds;
    case 'after-due':
      return budgetSeconds + durationSeconds(at.duration);
  }
}

/** An ISO 8601 duration as business seconds: a day is 24 hours of business time (P3D = PT72H). */
export function durationSeconds(iso: string): number {
  const parsed = parseIsoDurationMs(iso);
  if (!parsed.ok) throw new Error(`Not an ISO 8601 duration: ${iso} (${parsed.reason})`);
  return Math.round(parsed.ms / 1000);
}

/** Levels of a running target not yet fired, each with the instant it fires. */
export function pendingLevels(
  target: Pick<SlaTargetRecord, 'levels' | 'firedLevels' | 'budgetSeconds' | 'consumedSeconds' | 'runningSince'>,
  clock: BusinessClock,
): { level: TargetLevel; fireAt: Date }[] {
  if (!target.runningSince) return [];
  const since = target.runningSince;
  return target.levels
    .filter((level) => !target.firedLevels.includes(level.index))
    .map((level) => ({ level, fireAt: clock.add(since, Math.max(0, levelOffsetSeconds(level.at, target.budgetSeconds) - target.consumedSeconds)) }))
    .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime() || a.level.index - b.level.index);
}

/** The scheduler's due column: the earliest unfired level of a running target, or null. */
export function nextFireAt(target: Pick<SlaTargetRecord, 'levels' | 'firedLevels' | 'budgetSeconds' | 'consumedSeconds' | 'runningSince'>, clock: BusinessClock): Date | null {
  return pendingLevels(target, clock)[0]?.fireAt ?? null;
}

/** How a running or paused target stands; null once it stopped. */
export function targetRisk(target: Pick<SlaTargetRecord, 'state' | 'atRiskAt' | 'breachedAt' | 'dueAt'>, now: Date): SlaRisk | null {
  if (target.state === 'met' || target.state === 'canceled') return null;
  if (target.breachedAt || (target.dueAt && target.dueAt <= now)) return 'breached';
  if (target.state === 'paused') return 'paused';
  return target.atRiskAt ? 'at-risk' : 'on-track';
}

const RISK_ORDER: SlaRisk[] = ['paused', 'on-track', 'at-risk', 'breached'];
/** The case's state: the worst of its open clocks (paused only when all are paused). */
export function worstRisk(risks: (SlaRisk | null)[]): SlaRisk | null {
  let worst: SlaRisk | null = null;
  for (const risk of risks) if (risk && (worst === null || RISK_ORDER.indexOf(risk) > RISK_ORDER.indexOf(worst))) worst = risk;
  return worst;
}
