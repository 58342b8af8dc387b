import type { CommandContext } from '../../../platform/commands/index.ts';
import type { CalendarRef } from '../model.ts';

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
 * CONTRACT (issue 16): implemented by the clocks work; the calendars work calls it.
 */
export async function moveOpenClocksToCalendarVersion(_ctx: CommandContext, _input: { calendarId: string; fromVersions: number[]; to: CalendarRef }): Promise<MovedClock[]> {
  return [];
}
