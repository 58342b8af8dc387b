import type { Db, Tx } from '../../../platform/db/database.ts';
import type { CalendarDefinition, ResolvedCalendar } from '../model.ts';

type Executor = Db | Tx;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CalendarRow {
  id: string;
  key: string;
  name: string;
  parentId: string | null;
  departmentId: string | null;
  /** The highest version number (a scheduled version included). */
  latestVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CalendarVersionRow {
  calendarId: string;
  version: number;
  effectiveFrom: Date;
  definition: CalendarDefinition;
  resolved: ResolvedCalendar;
  reason: string | null;
  createdBy: string | null;
  createdAt: Date;
}

const calendarColumns = ['id', 'key', 'name', 'parent_id', 'department_id', 'current_version', 'created_at', 'updated_at'] as const;
type CalendarSelect = { id: string; key: string; name: string; parent_id: string | null; department_id: string | null; current_version: number; created_at: Date; updated_at: Date };

function toCalendarRow(row: CalendarSelect): CalendarRow {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    parentId: row.parent_id,
    departmentId: row.department_id,
    latestVersion: row.current_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const versionColumns = ['calendar_id', 'version', 'effective_from', 'definition', 'resolved', 'reason', 'created_by', 'created_at'] as const;
type VersionSelect = { calendar_id: string; version: number; effective_from: Date; definition: unknown; resolved: unknown; reason: string | null; created_by: string | null; created_at: Date };

function toVersionRow(row: VersionSelect): CalendarVersionRow {
  return {
    calendarId: row.calendar_id,
    version: row.version,
    effectiveFrom: row.effective_from,
    definition: row.definition as CalendarDefinition,
    resolved: row.resolved as ResolvedCalendar,
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function listCalendarRows(tx: Executor): Promise<CalendarRow[]> {
  const rows = await tx.selectFrom('sla.calendar').select(calendarColumns).orderBy('key').execute();
  return rows.map((r) => toCalendarRow(r as CalendarSelect));
}

/** A calendar by id or key (`{id}` in the API takes either; a key may look like a uuid). */
export async function findCalendarByIdOrKey(tx: Executor, idOrKey: string, options: { forUpdate?: boolean } = {}): Promise<CalendarRow | undefined> {
  let query = tx.selectFrom('sla.calendar').select(calendarColumns);
  query = UUID.test(idOrKey) ? query.where((eb) => eb.or([eb('id', '=', idOrKey.toLowerCase()), eb('key', '=', idOrKey)])) : query.where('key', '=', idOrKey);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toCalendarRow(row as CalendarSelect) : undefined;
}

export async function findCalendarById(tx: Executor, id: string): Promise<CalendarRow | undefined> {
  const row = await tx.selectFrom('sla.calendar').select(calendarColumns).where('id', '=', id).executeTakeFirst();
  return row ? toCalendarRow(row as CalendarSelect) : undefined;
}

export async function findCalendarByDepartment(tx: Executor, departmentId: string): Promise<CalendarRow | undefined> {
  const row = await tx.selectFrom('sla.calendar').select(calendarColumns).where('department_id', '=', departmentId).executeTakeFirst();
  return row ? toCalendarRow(row as CalendarSelect) : undefined;
}

/** The calendars whose parent is one of `parentIds`. */
export async function listChildCalendars(tx: Executor, parentId: string): Promise<CalendarRow[]> {
  const rows = await tx.selectFrom('sla.calendar').select(calendarColumns).where('parent_id', '=', parentId).orderBy('key').forUpdate().execute();
  return rows.map((r) => toCalendarRow(r as CalendarSelect));
}

/** Every version of a calendar, newest number first. */
export async function listCalendarVersions(tx: Executor, calendarId: string): Promise<CalendarVersionRow[]> {
  const rows = await tx.selectFrom('sla.calendar_version').select(versionColumns).where('calendar_id', '=', calendarId).orderBy('version', 'desc').execute();
  return rows.map((r) => toVersionRow(r as VersionSelect));
}

export async function findCalendarVersion(tx: Executor, calendarId: string, version: number): Promise<CalendarVersionRow | undefined> {
  const row = await tx.selectFrom('sla.calendar_version').select(versionColumns).where('calendar_id', '=', calendarId).where('version', '=', version).executeTakeFirst();
  return row ? toVersionRow(row as VersionSelect) : undefined;
}

/** A version without its definitions: what the list shows. */
export interface CalendarVersionHead {
  calendarId: string;
  version: number;
  effectiveFrom: Date;
  timeZone: string;
  alwaysOpen: boolean;
}

/** The version in force at `at` of every calendar (the list view), one query without the definitions. */
export async function listVersionsInForce(tx: Executor, at: Date): Promise<Map<string, CalendarVersionHead>> {
  const rows = await tx
    .selectFrom('sla.calendar_version')
    .select((eb) => [
      'calendar_id',
      'version',
      'effective_from',
      eb.fn<string>('jsonb_extract_path_text', ['resolved', eb.val('timeZone')]).as('time_zone'),
      eb.fn<string>('jsonb_extract_path_text', ['resolved', eb.val('alwaysOpen')]).as('always_open'),
    ])
    .execute();
  const byCalendar = new Map<string, CalendarVersionHead[]>();
  for (const row of rows) {
    const list = byCalendar.get(row.calendar_id) ?? [];
    list.push({ calendarId: row.calendar_id, version: row.version, effectiveFrom: row.effective_from as Date, timeZone: row.time_zone, alwaysOpen: row.always_open === 'true' });
    byCalendar.set(row.calendar_id, list);
  }
  const inForce = new Map<string, CalendarVersionHead>();
  for (const [calendarId, versions] of byCalendar) inForce.set(calendarId, pickVersionInForce(versions, at)!);
  return inForce;
}

/**
 * Of the versions in force at `at` (effective_from ≤ at) the latest effective date wins, and of
 * those the highest number (a correction replaces what it corrects); before the first effective
 * date, the first version (as calendar-refs.ts `calendarVersionInForce`).
 */
export function pickVersionInForce<V extends { version: number; effectiveFrom: Date }>(versions: V[], at: Date): V | undefined {
  let best: V | undefined;
  for (const v of versions) {
    if (v.effectiveFrom > at) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom.getTime() === best.effectiveFrom.getTime() && v.version > best.version)) best = v;
  }
  return best ?? [...versions].sort((a, b) => a.version - b.version)[0];
}

export async function insertCalendar(tx: Tx, row: { id: string; key: string; name: string; parentId: string | null; departmentId: string | null; now: Date }): Promise<boolean> {
  const inserted = await tx
    .insertInto('sla.calendar')
    .values({ id: row.id, key: row.key, name: row.name, parent_id: row.parentId, department_id: row.departmentId, current_version: 1, created_at: row.now, updated_at: row.now })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function updateCalendarRow(tx: Tx, id: string, set: { name?: string; parentId?: string | null; latestVersion: number; now: Date }): Promise<void> {
  await tx
    .updateTable('sla.calendar')
    .set({
      ...(set.name !== undefined ? { name: set.name } : {}),
      ...(set.parentId !== undefined ? { parent_id: set.parentId } : {}),
      current_version: set.latestVersion,
      updated_at: set.now,
    })
    .where('id', '=', id)
    .execute();
}

export async function insertCalendarVersion(tx: Tx, row: Omit<CalendarVersionRow, 'createdAt'> & { now: Date }): Promise<void> {
  await tx
    .insertInto('sla.calendar_version')
    .values({
      calendar_id: row.calendarId,
      version: row.version,
      effective_from: row.effectiveFrom,
      definition: JSON.stringify(row.definition),
      resolved: JSON.stringify(row.resolved),
      reason: row.reason,
      created_by: row.createdBy,
      created_at: row.now,
    })
    .execute();
}

/** Whether `candidateId` is `calendarId` itself or one of its descendants (a parent cycle). */
export async function isSelfOrDescendant(tx: Executor, calendarId: string, candidateId: string): Promise<boolean> {
  let current: string | null = candidateId;
  for (let guard = 0; current && guard < 100; guard++) {
    if (current === calendarId) return true;
    const row: { parent_id: string | null } | undefined = await tx.selectFrom('sla.calendar').select('parent_id').where('id', '=', current).executeTakeFirst();
    current = row?.parent_id ?? null;
  }
  return false;
}
