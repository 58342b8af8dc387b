import type { Static } from '@sinclair/typebox';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { lookupNames } from '../../access/index.ts';
import { findProcessTaskRow } from '../../process/index.ts';
import { loadBusinessClock } from '../calendars/business-clock.ts';
import type { SlaTargetRecord } from '../model.ts';
import type { CaseSlaViewSchema, SlaTargetViewSchema } from '../schemas.ts';
import { effectiveDueAt } from './clock-state.ts';
import { pendingLevels, targetRisk } from './levels.ts';
import { findSlaPolicyVersion, type MatchedPolicy } from '../policies/match.ts';
import { findPolicyAndCalendarNames, findTargetsOfCase } from './target-store.ts';

export type SlaTargetView = Static<typeof SlaTargetViewSchema>;
export type CaseSlaView = Static<typeof CaseSlaViewSchema>;

/** Business seconds a clock used up to now (until it stopped). */
async function usedSecondsOf(ctx: CommandContext, t: SlaTargetRecord): Promise<number> {
  if (t.state === 'running' && t.runningSince) return t.consumedSeconds + (await loadBusinessClock(ctx.tx, t.calendar)).elapsed(t.runningSince, ctx.now);
  return t.elapsedSeconds ?? t.consumedSeconds;
}

/**
 * The case's clocks as `GET /cases/{id}/sla` shows them, at the command's now: grouped by key
 * (in the order the keys first started), the newest attempt first. The caller checked the case
 * may be read.
 */
export async function presentCaseSla(ctx: CommandContext, caseId: string): Promise<CaseSlaView> {
  const targets = await findTargetsOfCase(ctx.tx, caseId);
  const firstStart = new Map<string, number>();
  for (const t of targets) if (!firstStart.has(t.key)) firstStart.set(t.key, t.startedAt.getTime());
  targets.sort((a, b) => firstStart.get(a.key)! - firstStart.get(b.key)! || a.key.localeCompare(b.key) || b.attempt - a.attempt);

  const { policies, calendars } = await findPolicyAndCalendarNames(
    ctx.tx,
    [...new Set(targets.map((t) => t.policyId).filter((id): id is string => id !== null))],
    [...new Set(targets.map((t) => t.calendar.calendarId))],
  );
  const names = await lookupNames(
    ctx.tx,
    targets.map((t) => t.override?.by),
  );
  const policyVersions = new Map<string, MatchedPolicy | undefined>();
  const items: SlaTargetView[] = [];
  for (const t of targets) {
    let definition: MatchedPolicy | undefined;
    if (t.policyId && t.policyVersion !== null) {
      const versionKey = `${t.policyId}:${t.policyVersion}`;
      if (!policyVersions.has(versionKey)) policyVersions.set(versionKey, await findSlaPolicyVersion(ctx.tx, t.policyId, t.policyVersion));
      definition = policyVersions.get(versionKey);
    }
    const task = t.taskId ? await findProcessTaskRow(ctx.tx, t.taskId) : undefined;
    const clock = await loadBusinessClock(ctx.tx, t.calendar);
    const fireAts = new Map(pendingLevels(t, clock).map((p) => [p.level.index, p.fireAt]));
    const used = await usedSecondsOf(ctx, t);
    const open = t.state === 'running' || t.state === 'paused';
    const dueAt = effectiveDueAt(t);
    const policy = t.policyId ? policies.get(t.policyId) : undefined;
    const calendar = calendars.get(t.calendar.calendarId);
    items.push({
      id: t.id,
      caseId: t.caseId,
      taskId: t.taskId,
      taskName: task ? (task.name ?? task.elementId) : null,
      key: t.key,
      kind: t.kind,
      label: definition?.definition.targets.find((d) => d.key === t.key)?.label ?? null,
      attempt: t.attempt,
      state: t.state,
      risk: targetRisk({ state: t.state, atRiskAt: t.atRiskAt, breachedAt: t.breachedAt, dueAt }, ctx.now),
      onTime: t.state === 'met' ? t.breachedAt === null : null,
      policy: policy && t.policyVersion !== null ? { id: policy.id, key: policy.key, name: policy.name, version: t.policyVersion } : null,
      calendar: { id: t.calendar.calendarId, key: calendar?.key ?? '', name: calendar?.name ?? '', version: t.calendar.version },
      priority: t.priority,
      startedAt: t.startedAt.toISOString(),
      dueAt: dueAt?.toISOString() ?? null,
      atRiskAt: t.atRiskAt?.toISOString() ?? null,
      breachedAt: t.breachedAt?.toISOString() ?? null,
      stoppedAt: t.stoppedAt?.toISOString() ?? null,
      budgetSeconds: t.budgetSeconds,
      usedSeconds: used,
      remainingSeconds: open ? t.budgetSeconds - used : null,
      pauseStatuses: t.pauseStatuses,
      levels: t.levels.map((level) => ({
        index: level.index,
        at: level.at,
        actions: level.actions.map((a) => a.type),
        fired: t.firedLevels.includes(level.index),
        fireAt: fireAts.get(level.index)?.toISOString() ?? null,
      })),
      override: t.override ? { dueAt: t.override.dueAt.toISOString(), reason: t.override.reason, by: t.override.by, byName: names.user(t.override.by) } : null,
    });
  }
  return { items, now: ctx.now.toISOString() };
}
