import type { CommandContext } from '../../../platform/commands/index.ts';
import { loadBusinessClock } from '../calendars/business-clock.ts';
import type { CalendarRef, SlaTargetRecord } from '../model.ts';
import { budgetForDueAt, effectiveDueAt, withSchedule } from './clock-state.ts';
import { refreshCaseSlaSummaries } from './summary.ts';
import { findOpenTargetsOnCalendarVersions, saveTarget } from './target-store.ts';

export interface MovedClock {
  targetId: string;
  caseId: string;
  key: string;
  from: string | null; // old due time
  to: string | null; // new due time
}

/**
 * A calendar correction: the open clocks bound to any of `fromVersions` of the calendar move to
 * `to` and their due times and next levels are recomputed, in the caller's command (one audited
 * step, `sla.clocks-recomputed`, written by the caller with the list returned).
 *
 * What a clock used before running_since (consumed) stays as counted; the time since, and what
 * is left, count on the corrected calendar. A manually overridden clock keeps the due time a
 * person set: its budget is recomputed on the new calendar so that it is still due then. Fired
 * levels stay fired; a level whose new time has passed fires at the scheduler's next turn.
 * The cases' summaries (due_at, sla_state) are refreshed.
 */
export async function moveOpenClocksToCalendarVersion(ctx: CommandContext, input: { calendarId: string; fromVersions: number[]; to: CalendarRef }): Promise<MovedClock[]> {
  const versions = input.fromVersions.filter((v) => !(input.to.calendarId === input.calendarId && v === input.to.version));
  const open = await findOpenTargetsOnCalendarVersions(ctx.tx, input.calendarId, versions);
  if (open.length === 0) return [];
  const clock = await loadBusinessClock(ctx.tx, input.to);
  const moved: MovedClock[] = [];
  for (const t of open) {
    const rebound: SlaTargetRecord = { ...t, calendar: input.to };
    const budgetSeconds = t.override ? budgetForDueAt(rebound, clock, t.override.dueAt, ctx.now) : t.budgetSeconds;
    const next = withSchedule({ ...rebound, budgetSeconds }, clock);
    await saveTarget(ctx.tx, next, ctx.now);
    moved.push({ targetId: t.id, caseId: t.caseId, key: t.key, from: effectiveDueAt(t)?.toISOString() ?? null, to: effectiveDueAt(next)?.toISOString() ?? null });
  }
  await refreshCaseSlaSummaries(
    ctx.tx,
    moved.map((m) => m.caseId),
    ctx.now,
  );
  return moved;
}
