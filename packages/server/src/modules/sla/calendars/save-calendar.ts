import type { CommandContext } from '../../../platform/commands/index.ts';
import { parseInstantWithOffset } from '../../../platform/clock/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { httpProblems, type FieldError } from '../../../platform/http/problem.ts';
import { assertAllowed, findDepartment } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { moveOpenClocksToCalendarVersion, type MovedClock } from '../clocks/recompute.ts';
import type { CalendarDefinition, ResolvedCalendar } from '../model.ts';
import { findCalendarDefinitionErrors, findResolvedCalendarErrors } from './calendar-validation.ts';
import { calendarProblems } from './problems.ts';
import { resolveCalendarDefinition } from './resolve-calendar.ts';
import {
  findCalendarByDepartment,
  findCalendarById,
  findCalendarByIdOrKey,
  insertCalendar,
  insertCalendarVersion,
  isSelfOrDescendant,
  listCalendarVersions,
  listChildCalendars,
  pickVersionInForce,
  updateCalendarRow,
  type CalendarRow,
  type CalendarVersionRow,
} from './store.ts';

export interface CreateCalendarInput {
  key: string;
  name: string;
  parentKey?: string | null;
  departmentId?: string | null;
  definition: CalendarDefinition;
  effectiveFrom?: string;
}

export interface UpdateCalendarInput {
  name?: string;
  /** null: no parent any more. */
  parentKey?: string | null;
  definition: CalendarDefinition;
  /** Absent: a correction of the version in force now. A future instant: a scheduled version. */
  effectiveFrom?: string;
  reason: string;
}

export interface SavedCalendar {
  calendar: CalendarRow;
  version: number;
  correction: boolean;
  moved: MovedClock[];
}

const invalid = (errors: FieldError[]) => httpProblems.validationFailed({ errors });

function parseEffectiveFrom(text: string | undefined, now: Date, options: { refusePast: boolean }): Date | undefined {
  if (text === undefined) return undefined;
  const parsed = parseInstantWithOffset(text);
  if (!parsed.ok) throw invalid([{ field: 'effectiveFrom', reason: parsed.reason, code: 'invalid' }]);
  if (options.refusePast && parsed.instant < now) {
    throw invalid([
      {
        field: 'effectiveFrom',
        reason: 'is in the past: a running clock keeps the calendar it started with. Leave effectiveFrom out to correct the version in force now',
        code: 'past',
      },
    ]);
  }
  return parsed.instant;
}

function assertDefinitionValid(definition: CalendarDefinition): void {
  const errors = findCalendarDefinitionErrors(definition);
  if (errors.length > 0) throw invalid(errors.map((e) => ({ ...e, field: `definition.${e.field}` })));
}

function assertResolvedValid(resolved: ResolvedCalendar, prefix = 'definition'): void {
  const errors = findResolvedCalendarErrors(resolved);
  if (errors.length > 0) throw invalid(errors.map((e) => ({ ...e, field: `${prefix}.${e.field}` })));
}

async function findParentOrThrow(ctx: CommandContext, parentKey: string): Promise<CalendarRow> {
  const parent = await findCalendarByIdOrKey(ctx.tx, parentKey);
  if (!parent) throw invalid([{ field: 'parentKey', reason: `names no calendar (${parentKey})`, code: 'not-found' }]);
  return parent;
}

/** The parent's resolved calendar in force at `at` (a child's version resolves against it). */
async function parentResolvedAt(ctx: CommandContext, parentId: string | null, at: Date): Promise<ResolvedCalendar | undefined> {
  if (!parentId) return undefined;
  return pickVersionInForce(await listCalendarVersions(ctx.tx, parentId), at)?.resolved;
}

export async function createCalendar(ctx: CommandContext, input: CreateCalendarInput): Promise<SavedCalendar> {
  assertAllowed(ctx.actor, 'sla:admin');
  assertDefinitionValid(input.definition);
  const effectiveFrom = parseEffectiveFrom(input.effectiveFrom, ctx.now, { refusePast: false }) ?? ctx.now;
  if (await findCalendarByIdOrKey(ctx.tx, input.key)) throw calendarProblems.exists({ detail: `A calendar with key ${input.key} exists`, field: 'key' });
  if (input.departmentId) {
    if (!(await findDepartment(ctx.tx, input.departmentId))) throw invalid([{ field: 'departmentId', reason: 'names no department', code: 'not-found' }]);
    const taken = await findCalendarByDepartment(ctx.tx, input.departmentId);
    if (taken) throw calendarProblems.exists({ detail: `The department already has calendar ${taken.key}`, field: 'departmentId' });
  }
  const parent = input.parentKey ? await findParentOrThrow(ctx, input.parentKey) : undefined;
  const resolved = resolveCalendarDefinition(input.definition, await parentResolvedAt(ctx, parent?.id ?? null, effectiveFrom));
  assertResolvedValid(resolved);
  const id = newId<string>();
  if (!(await insertCalendar(ctx.tx, { id, key: input.key, name: input.name, parentId: parent?.id ?? null, departmentId: input.departmentId ?? null, now: ctx.now }))) {
    throw calendarProblems.exists({ detail: `A calendar with key ${input.key}, or for this department, was created at the same time`, field: 'key' });
  }
  await insertCalendarVersion(ctx.tx, {
    calendarId: id,
    version: 1,
    effectiveFrom,
    definition: input.definition,
    resolved,
    reason: ctx.reason,
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  await recordAuditEvent(ctx, {
    action: 'sla.calendar-saved',
    targetType: 'calendar',
    targetId: id,
    data: { key: input.key, version: 1, effectiveFrom: effectiveFrom.toISOString(), correction: false, parentKey: parent?.key ?? null, departmentId: input.departmentId ?? null },
  });
  return { calendar: (await findCalendarById(ctx.tx, id))!, version: 1, correction: false, moved: [] };
}

interface SavedVersion {
  calendar: CalendarRow;
  version: number;
  resolved: ResolvedCalendar;
  fromVersions: number[];
  moved: MovedClock[];
}

/**
 * Writes the next version of one calendar. A correction (no effectiveFrom) takes the effective
 * date of the version in force now and replaces it: the open clocks bound to it (and to earlier
 * corrections of the same date) move to the new version. A scheduled version moves nothing.
 */
async function writeVersion(
  ctx: CommandContext,
  calendar: CalendarRow,
  input: { definition: CalendarDefinition; parentResolved: (at: Date) => Promise<ResolvedCalendar | undefined>; effectiveFrom: Date | undefined; reason: string; errorPrefix: string },
): Promise<SavedVersion> {
  const versions = await listCalendarVersions(ctx.tx, calendar.id);
  const inForce = pickVersionInForce(versions, ctx.now)!;
  const correction = input.effectiveFrom === undefined;
  const effectiveFrom = input.effectiveFrom ?? inForce.effectiveFrom;
  const resolved = resolveCalendarDefinition(input.definition, await input.parentResolved(effectiveFrom));
  assertResolvedValid(resolved, input.errorPrefix);
  const version = Math.max(calendar.latestVersion, ...versions.map((v) => v.version)) + 1;
  await insertCalendarVersion(ctx.tx, {
    calendarId: calendar.id,
    version,
    effectiveFrom,
    definition: input.definition,
    resolved,
    reason: input.reason,
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  await recordAuditEvent(ctx, {
    action: 'sla.calendar-saved',
    targetType: 'calendar',
    targetId: calendar.id,
    reason: input.reason,
    data: { key: calendar.key, version, effectiveFrom: effectiveFrom.toISOString(), correction },
  });
  const fromVersions = correction
    ? versions
        .filter((v) => v.effectiveFrom.getTime() === inForce.effectiveFrom.getTime())
        .map((v) => v.version)
        .sort((a, b) => a - b)
    : [];
  const moved = correction ? await moveOpenClocksToCalendarVersion(ctx, { calendarId: calendar.id, fromVersions, to: { calendarId: calendar.id, version } }) : [];
  return { calendar, version, resolved, fromVersions, moved };
}

/**
 * A new version of a calendar (PUT /calendars/{id}), then new versions of its descendants,
 * re-resolved against it, with their open clocks moved too when it is a correction; one
 * `sla.clocks-recomputed` event lists every clock moved.
 */
export async function updateCalendar(ctx: CommandContext, idOrKey: string, input: UpdateCalendarInput): Promise<SavedCalendar> {
  assertAllowed(ctx.actor, 'sla:admin');
  const calendar = await findCalendarByIdOrKey(ctx.tx, idOrKey, { forUpdate: true });
  if (!calendar) throw calendarProblems.notFound({ detail: `No calendar ${idOrKey}` });
  assertDefinitionValid(input.definition);
  const effectiveFrom = parseEffectiveFrom(input.effectiveFrom, ctx.now, { refusePast: true });
  let parentId = calendar.parentId;
  if (input.parentKey !== undefined) {
    if (input.parentKey === null) parentId = null;
    else {
      const parent = await findParentOrThrow(ctx, input.parentKey);
      if (await isSelfOrDescendant(ctx.tx, calendar.id, parent.id)) {
        throw invalid([{ field: 'parentKey', reason: `${parent.key} is this calendar or one of its branches: a calendar cannot extend itself`, code: 'cycle' }]);
      }
      parentId = parent.id;
    }
  }

  const saved = await writeVersion(ctx, calendar, {
    definition: input.definition,
    parentResolved: (at) => parentResolvedAt(ctx, parentId, at),
    effectiveFrom,
    reason: input.reason,
    errorPrefix: 'definition',
  });
  await updateCalendarRow(ctx.tx, calendar.id, { name: input.name, parentId, latestVersion: saved.version, now: ctx.now });

  // Branch calendars follow: each keeps its own definition, resolved against the new parent.
  const all: SavedVersion[] = [saved];
  const queue: SavedVersion[] = [saved];
  while (queue.length > 0) {
    const parentSaved = queue.shift()!;
    for (const child of await listChildCalendars(ctx.tx, parentSaved.calendar.id)) {
      const childVersions = await listCalendarVersions(ctx.tx, child.id);
      const base: CalendarVersionRow = pickVersionInForce(childVersions, effectiveFrom ?? ctx.now)!;
      const childSaved = await writeVersion(ctx, child, {
        definition: base.definition,
        parentResolved: async () => parentSaved.resolved,
        // A scheduled parent version: the child's from the same date; a correction: the child's own correction.
        effectiveFrom,
        reason: `${input.reason} (parent calendar ${parentSaved.calendar.key} version ${parentSaved.version})`,
        errorPrefix: `branches.${child.key}`,
      });
      await updateCalendarRow(ctx.tx, child.id, { latestVersion: childSaved.version, now: ctx.now });
      all.push(childSaved);
      queue.push(childSaved);
    }
  }

  const correction = effectiveFrom === undefined;
  const moved = all.flatMap((s) => s.moved.map((m) => ({ ...m, calendar: s.calendar.key })));
  if (correction) {
    await recordAuditEvent(ctx, {
      action: 'sla.clocks-recomputed',
      targetType: 'calendar',
      targetId: calendar.id,
      reason: input.reason,
      data: {
        calendar: calendar.key,
        version: saved.version,
        calendars: all.map((s) => ({ key: s.calendar.key, fromVersions: s.fromVersions, version: s.version })),
        moved,
      },
    });
  }
  return { calendar: (await findCalendarById(ctx.tx, calendar.id))!, version: saved.version, correction, moved };
}
