import type { Db, Tx } from '../../../platform/db/database.ts';
import { findDepartment } from '../../access/index.ts';
import { DEFAULT_CALENDAR_KEY, type CalendarRef } from '../model.ts';

/**
 * Which calendar version a clock starting at `at` binds to. Of the versions in force at `at`
 * (effective_from ≤ at), the latest effective date wins, and of those the highest number (a
 * correction replaces the version it corrects from the same date).
 */
export async function calendarVersionInForce(tx: Db | Tx, calendarId: string, at: Date): Promise<CalendarRef | undefined> {
  const row = await tx
    .selectFrom('sla.calendar_version')
    .select(['calendar_id', 'version'])
    .where('calendar_id', '=', calendarId)
    .where('effective_from', '<=', at)
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  // A calendar created after `at` (a clock back-dated by the demo seed): its first version.
  if (!row) {
    const first = await tx.selectFrom('sla.calendar_version').select(['calendar_id', 'version']).where('calendar_id', '=', calendarId).orderBy('version').limit(1).executeTakeFirst();
    return first ? { calendarId: first.calendar_id, version: first.version } : undefined;
  }
  return { calendarId: row.calendar_id, version: row.version };
}

export async function findCalendarIdByKey(tx: Db | Tx, key: string): Promise<string | undefined> {
  return (await tx.selectFrom('sla.calendar').select('id').where('key', '=', key).executeTakeFirst())?.id;
}

/**
 * The calendar of a clock: the one named by key, else the calendar of the case's department or
 * its nearest ancestor that has one, else the default calendar. Undefined only when not even the
 * default exists (a database without the shipped calendars).
 */
export async function resolveCalendarRef(tx: Db | Tx, input: { key?: string; departmentId: string | null; at: Date }): Promise<CalendarRef | undefined> {
  let calendarId = input.key ? await findCalendarIdByKey(tx, input.key) : undefined;
  if (!calendarId && !input.key && input.departmentId) {
    const department = await findDepartment(tx, input.departmentId);
    const lineage = department ? department.path.split('/').filter(Boolean).reverse() : [];
    if (lineage.length > 0) {
      const rows = await tx.selectFrom('sla.calendar').select(['id', 'department_id']).where('department_id', 'in', lineage).execute();
      calendarId = lineage.map((d) => rows.find((r) => r.department_id === d)?.id).find(Boolean);
    }
  }
  calendarId ??= await findCalendarIdByKey(tx, DEFAULT_CALENDAR_KEY);
  return calendarId ? calendarVersionInForce(tx, calendarId, input.at) : undefined;
}
