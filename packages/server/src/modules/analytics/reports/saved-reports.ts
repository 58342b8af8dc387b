import type { CommandContext } from '../../../platform/commands/index.ts';
import { type FieldError, httpProblems } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { cancelJob, scheduleJob } from '../../../platform/jobs/index.ts';
import { assertAllowed, isAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { analyticsProblems } from '../problems.ts';
import type { ReportDefinition } from './report-definition.ts';
import { checkSchedule, nextScheduledRun, type ReportSchedule } from './report-schedule.ts';
import { deleteReportIfVersion, findExistingRoleKeys, findReport, insertReport, listReportsFor, type ReportReader, type ReportRow, updateReportIfVersion } from './report-store.ts';
import { assertRunnable, listKnownFields } from './run-report.ts';

export const REPORT_SCHEDULE_JOB_KIND = 'analytics.report-schedule';

export interface ReportInput {
  name: string;
  description?: string;
  definition: ReportDefinition;
  sharedWithRoles?: string[];
  schedule?: ReportSchedule | null;
}

export function readerOf(ctx: CommandContext): ReportReader {
  return { userId: ctx.actor.userId, roles: ctx.actor.roles, all: isAllowed(ctx.actor, 'analytics:admin') };
}

const mayOpen = (reader: ReportReader, row: { ownerId: string; sharedWithRoles: string[] }) => reader.all || row.ownerId === reader.userId || row.sharedWithRoles.some((r) => reader.roles.includes(r));

/** A report the reader may open (owner, a role it is shared with, or analytics:admin); 404 otherwise, as for one that does not exist. */
export async function findReadableReportOrThrow(ctx: CommandContext, id: string): Promise<ReportRow> {
  assertAllowed(ctx.actor, 'analytics:read');
  const row = await findReport(ctx.tx, id);
  if (!row || !mayOpen(readerOf(ctx), row)) throw analyticsProblems.reportNotFound({ detail: `No report ${id} you may open` });
  return row;
}

export async function listReports(ctx: CommandContext): Promise<ReportRow[]> {
  assertAllowed(ctx.actor, 'analytics:read');
  return listReportsFor(ctx.tx, readerOf(ctx));
}

/** Changing a report is its owner's, or an analytics administrator's; a reader it is shared with may only run it. */
async function findChangeableReportOrThrow(ctx: CommandContext, id: string, expectedVersion: number): Promise<ReportRow> {
  assertAllowed(ctx.actor, 'analytics:design');
  const row = await findReadableReportOrThrow(ctx, id);
  if (row.ownerId !== ctx.actor.userId && !isAllowed(ctx.actor, 'analytics:admin')) {
    throw httpProblems.forbidden({ detail: 'Only the owner of a report (or an analytics administrator) may change it' });
  }
  if (row.version !== expectedVersion) throw staleProblem(row, expectedVersion);
  return row;
}

const staleProblem = (row: ReportRow, expected: number) =>
  analyticsProblems.reportVersionStale({ detail: `You sent version ${expected}; the report is at ${row.version}. Reload it.`, currentVersion: row.version });

async function checkInput(ctx: CommandContext, input: ReportInput): Promise<void> {
  const errors: FieldError[] = [];
  if (input.name.trim() === '') errors.push({ field: 'name', reason: 'is blank' });
  const roles = [...new Set(input.sharedWithRoles ?? [])];
  const existing = await findExistingRoleKeys(ctx.tx, roles);
  (input.sharedWithRoles ?? []).forEach((r, i) => {
    if (!existing.has(r)) errors.push({ field: `sharedWithRoles.${i}`, reason: `no role ${r}` });
  });
  if (input.schedule) errors.push(...checkSchedule(input.schedule));
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });
  // What one saves, one may run: a designer cannot hand others a grouping they may not see themselves.
  assertRunnable(ctx, input.definition, await listKnownFields(ctx));
  // A schedule e-mails an export: the owner needs the right to export.
  if (input.schedule) assertAllowed(ctx.actor, 'analytics:export');
}

/** The job of the next run, keyed by report, version and time: a changed schedule's old job is cancelled, a stale one finds the version moved on. */
async function planSchedule(ctx: CommandContext, reportId: string, version: number, schedule: ReportSchedule | null, previousKey: string | null): Promise<string | null> {
  if (previousKey) await cancelJob(ctx.tx, { kind: REPORT_SCHEDULE_JOB_KIND, key: previousKey, now: ctx.now });
  if (!schedule) return null;
  return scheduleNextRun(ctx, reportId, version, schedule);
}

export async function scheduleNextRun(ctx: CommandContext, reportId: string, version: number, schedule: ReportSchedule): Promise<string> {
  const dueAt = nextScheduledRun(schedule, ctx.now);
  const key = `${reportId}:${version}:${dueAt.toISOString()}`;
  await scheduleJob(ctx.tx, { kind: REPORT_SCHEDULE_JOB_KIND, key, dueAt, payload: { reportId, version }, maxAttempts: 5 });
  return key;
}

const auditData = (row: Pick<ReportRow, 'id' | 'name' | 'definition' | 'sharedWithRoles' | 'schedule'>, version: number) => ({
  id: row.id,
  name: row.name,
  definition: row.definition,
  sharedWithRoles: row.sharedWithRoles,
  // Who receives a scheduled export is recorded; the addresses are staff mailboxes the owner named.
  schedule: row.schedule,
  version,
});

export async function createReport(ctx: CommandContext, input: ReportInput): Promise<ReportRow> {
  assertAllowed(ctx.actor, 'analytics:design');
  await checkInput(ctx, input);
  const id = newId<string>();
  const schedule = input.schedule ?? null;
  const jobKey = await planSchedule(ctx, id, 1, schedule, null);
  const row = {
    id,
    name: input.name.trim(),
    description: input.description ?? '',
    definition: input.definition,
    ownerId: ctx.actor.userId,
    sharedWithRoles: [...new Set(input.sharedWithRoles ?? [])],
    schedule,
    scheduleJobKey: jobKey,
    createdAt: ctx.now,
  };
  await insertReport(ctx.tx, row);
  await recordAuditEvent(ctx, { action: 'analytics.report-saved', targetType: 'analytics-report', targetId: id, data: auditData(row, 1) });
  return (await findReport(ctx.tx, id))!;
}

export async function updateReport(ctx: CommandContext, id: string, expectedVersion: number, input: ReportInput): Promise<ReportRow> {
  const current = await findChangeableReportOrThrow(ctx, id, expectedVersion);
  await checkInput(ctx, input);
  const schedule = input.schedule ?? null;
  const jobKey = await planSchedule(ctx, id, expectedVersion + 1, schedule, current.scheduleJobKey);
  const values = {
    name: input.name.trim(),
    description: input.description ?? '',
    definition: input.definition,
    sharedWithRoles: [...new Set(input.sharedWithRoles ?? [])],
    schedule,
    scheduleJobKey: jobKey,
  };
  if (!(await updateReportIfVersion(ctx.tx, id, expectedVersion, values, ctx.now))) throw staleProblem(current, expectedVersion);
  await recordAuditEvent(ctx, { action: 'analytics.report-saved', targetType: 'analytics-report', targetId: id, data: auditData({ id, ...values }, expectedVersion + 1) });
  return (await findReport(ctx.tx, id))!;
}

export async function deleteReport(ctx: CommandContext, id: string, expectedVersion: number): Promise<void> {
  const current = await findChangeableReportOrThrow(ctx, id, expectedVersion);
  if (current.scheduleJobKey) await cancelJob(ctx.tx, { kind: REPORT_SCHEDULE_JOB_KIND, key: current.scheduleJobKey, now: ctx.now });
  if (!(await deleteReportIfVersion(ctx.tx, id, expectedVersion))) throw staleProblem(current, expectedVersion);
  await recordAuditEvent(ctx, { action: 'analytics.report-deleted', targetType: 'analytics-report', targetId: id, data: auditData(current, current.version) });
}
