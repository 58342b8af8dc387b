import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { ReportDefinition } from './report-definition.ts';
import type { ReportSchedule } from './report-schedule.ts';

// Saved reports and boards (analytics.report, analytics.board). A reader sees the ones they own
// and the ones shared with a role they hold; changing one is the owner's (or an administrator's).

export interface ReportRow {
  id: string;
  name: string;
  description: string;
  definition: ReportDefinition;
  ownerId: string;
  sharedWithRoles: string[];
  schedule: ReportSchedule | null;
  scheduleJobKey: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface BoardTile {
  reportId: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface BoardRow {
  id: string;
  name: string;
  tiles: BoardTile[];
  ownerId: string;
  sharedWithRoles: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const reportColumns = [
  'id',
  'name',
  'description',
  'definition',
  'owner_id as ownerId',
  'shared_with_roles as sharedWithRoles',
  'schedule',
  'schedule_job_key as scheduleJobKey',
  'version',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;
const boardColumns = ['id', 'name', 'tiles', 'owner_id as ownerId', 'shared_with_roles as sharedWithRoles', 'version', 'created_at as createdAt', 'updated_at as updatedAt'] as const;

/** Who reads: their id and roles; `all` for an administrator of analytics (sees every one). */
export interface ReportReader {
  userId: string;
  roles: string[];
  all: boolean;
}

export async function findReport(tx: Tx, id: string): Promise<ReportRow | undefined> {
  return (await tx.selectFrom('analytics.report').select(reportColumns).where('id', '=', id).executeTakeFirst()) as ReportRow | undefined;
}

export async function listReportsFor(tx: Tx, reader: ReportReader): Promise<ReportRow[]> {
  let query = tx.selectFrom('analytics.report').select(reportColumns);
  if (!reader.all) query = query.where((eb) => eb.or([eb('owner_id', '=', reader.userId), sql<boolean>`shared_with_roles && ${reader.roles}::text[]`]));
  return (await query.orderBy('updated_at', 'desc').orderBy('id').limit(500).execute()) as ReportRow[];
}

export async function insertReport(tx: Tx, row: Omit<ReportRow, 'version' | 'updatedAt'>): Promise<void> {
  await tx
    .insertInto('analytics.report')
    .values({
      id: row.id,
      name: row.name,
      description: row.description,
      definition: JSON.stringify(row.definition),
      owner_id: row.ownerId,
      shared_with_roles: row.sharedWithRoles,
      schedule: row.schedule === null ? null : JSON.stringify(row.schedule),
      schedule_job_key: row.scheduleJobKey,
      version: 1,
      created_at: row.createdAt,
      updated_at: row.createdAt,
    })
    .execute();
}

export async function updateReportIfVersion(
  tx: Tx,
  id: string,
  expectedVersion: number,
  values: Pick<ReportRow, 'name' | 'description' | 'definition' | 'sharedWithRoles' | 'schedule' | 'scheduleJobKey'>,
  now: Date,
): Promise<boolean> {
  const result = await tx
    .updateTable('analytics.report')
    .set({
      name: values.name,
      description: values.description,
      definition: JSON.stringify(values.definition),
      shared_with_roles: values.sharedWithRoles,
      schedule: values.schedule === null ? null : JSON.stringify(values.schedule),
      schedule_job_key: values.scheduleJobKey,
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** After a scheduled run: the next run's job key, without a new version (nobody edited the report). */
export async function setReportScheduleJobKey(tx: Tx, id: string, key: string | null): Promise<void> {
  await tx.updateTable('analytics.report').set({ schedule_job_key: key }).where('id', '=', id).execute();
}

export async function deleteReportIfVersion(tx: Tx, id: string, expectedVersion: number): Promise<boolean> {
  const result = await tx.deleteFrom('analytics.report').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function findBoard(tx: Tx, id: string): Promise<BoardRow | undefined> {
  return (await tx.selectFrom('analytics.board').select(boardColumns).where('id', '=', id).executeTakeFirst()) as BoardRow | undefined;
}

export async function listBoardsFor(tx: Tx, reader: ReportReader): Promise<BoardRow[]> {
  let query = tx.selectFrom('analytics.board').select(boardColumns);
  if (!reader.all) query = query.where((eb) => eb.or([eb('owner_id', '=', reader.userId), sql<boolean>`shared_with_roles && ${reader.roles}::text[]`]));
  return (await query.orderBy('updated_at', 'desc').orderBy('id').limit(500).execute()) as BoardRow[];
}

export async function insertBoard(tx: Tx, row: Omit<BoardRow, 'version' | 'updatedAt'>): Promise<void> {
  await tx
    .insertInto('analytics.board')
    .values({
      id: row.id,
      name: row.name,
      tiles: JSON.stringify(row.tiles),
      owner_id: row.ownerId,
      shared_with_roles: row.sharedWithRoles,
      version: 1,
      created_at: row.createdAt,
      updated_at: row.createdAt,
    })
    .execute();
}

export async function updateBoardIfVersion(tx: Tx, id: string, expectedVersion: number, values: Pick<BoardRow, 'name' | 'tiles' | 'sharedWithRoles'>, now: Date): Promise<boolean> {
  const result = await tx
    .updateTable('analytics.board')
    .set({ name: values.name, tiles: JSON.stringify(values.tiles), shared_with_roles: values.sharedWithRoles, version: sql`version + 1`, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteBoardIfVersion(tx: Tx, id: string, expectedVersion: number): Promise<boolean> {
  const result = await tx.deleteFrom('analytics.board').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The current version's form schema of every case type: where report field dimensions come from. */
export async function listCurrentCaseTypeSchemas(tx: Tx): Promise<{ key: string; schema: unknown }[]> {
  return tx
    .selectFrom('cases.case_type as t')
    .innerJoin('cases.case_type_version as v', (join) => join.onRef('v.key', '=', 't.key').onRef('v.version', '=', 't.current_version'))
    .select(['t.key', 'v.schema'])
    .orderBy('t.key')
    .execute();
}

/** Role keys that exist: sharing with a role nobody can hold is a typo, refused. */
export async function findExistingRoleKeys(tx: Tx, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx
    .selectFrom('access.role')
    .select('key')
    .where('key', 'in', [...keys])
    .execute();
  return new Set(rows.map((r) => r.key));
}
