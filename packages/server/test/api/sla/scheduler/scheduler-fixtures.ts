import { randomUUID } from 'node:crypto';
import { findCalendarIdByKey, loadBusinessClock, nextFireAt, type SlaLevelDefinition, type SlaTargetKind, type TargetLevel } from '../../../../src/modules/sla/index.ts';
import type { Database } from '../../../../src/platform/db/database.ts';

/**
 * Test clocks written straight into sla.target (the clocks work starts them from policies; these
 * tests need only a running clock with levels): due_at and next_fire_at computed as the clocks
 * compute them, with clocks/levels.ts on the calendar's version in force.
 */
export interface TargetInput {
  caseId: string;
  key?: string;
  kind?: SlaTargetKind;
  taskId?: string | null;
  calendar?: string;
  budgetSeconds: number;
  startedAt: Date;
  levels: SlaLevelDefinition[];
  state?: 'running' | 'paused';
  consumedSeconds?: number;
  priority?: string;
}

export async function insertSlaTarget(database: Database, input: TargetInput): Promise<{ id: string; dueAt: Date | null; nextFireAt: Date | null }> {
  const calendarKey = input.calendar ?? 'always-open';
  const calendarId = await findCalendarIdByKey(database.db, calendarKey);
  if (!calendarId) throw new Error(`no calendar ${calendarKey}`);
  const version = (await database.db.selectFrom('sla.calendar').select('current_version').where('id', '=', calendarId).executeTakeFirstOrThrow()).current_version;
  const clock = await loadBusinessClock(database.db, { calendarId, version });
  const levels: TargetLevel[] = input.levels.map((level, index) => ({ ...level, index }));
  const state = input.state ?? 'running';
  const consumed = input.consumedSeconds ?? 0;
  const runningSince = state === 'running' ? input.startedAt : null;
  const dueAt = runningSince ? clock.add(runningSince, input.budgetSeconds - consumed) : null;
  const next = nextFireAt({ levels, firedLevels: [], budgetSeconds: input.budgetSeconds, consumedSeconds: consumed, runningSince }, clock);
  const id = randomUUID();
  await database.pool.query(
    `INSERT INTO sla.target (id, case_id, task_id, key, kind, calendar_id, calendar_version, priority, budget_seconds, consumed_seconds, levels, state,
                             started_at, running_since, due_at, next_fire_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $13, $13)`,
    [
      id,
      input.caseId,
      input.taskId ?? null,
      input.key ?? 'resolution',
      input.kind ?? 'resolution',
      calendarId,
      version,
      input.priority ?? 'high',
      input.budgetSeconds,
      consumed,
      JSON.stringify(levels),
      state,
      input.startedAt,
      runningSince,
      dueAt,
      next,
    ],
  );
  return { id, dueAt, nextFireAt: next };
}

export const HOUR = 3_600_000;
export const at = (start: Date, ms: number) => new Date(start.getTime() + ms);
