import type { CommandContext } from '../../platform/commands/index.ts';
import type { Principal } from '../../platform/http/principal.ts';
import type { FieldChange } from '../../platform/db/tables.ts';
import { maskValue, resolveFieldAccess } from '../access/index.ts';
import { lookupNamesRemembered } from './name-cache.ts';
import type { NameBook } from '../access/index.ts';
import { decideCaseActions } from './case-actions.ts';
import { findCaseTypeVersionCached } from './case-type-cache.ts';
import type { CaseRow, CaseTypeRow } from './case-row.ts';
import { findFieldDefinitions } from './case-type-fields.ts';
import type { FieldDefinition } from './form-schema.ts';
import type { CaseLifecycle } from './case-lifecycle.ts';
import { collectEnvelopes, openChanges } from './case-crypto.ts';
import { customerDataClass, presentCustomerFor } from './customer-fields.ts';
import { presentFreeText, presentFreeTextChange } from './free-text-personal-data.ts';

/** Field values as this reader may see them: hidden fields left out, sensitive ones masked. */
function presentFields(row: CaseRow, reader: Principal, definitions: Map<string, FieldDefinition>): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row.fields)) {
    const dataClass = definitions.get(key)?.dataClass ?? null;
    const access = resolveFieldAccess(reader, 'case:read', row, key, dataClass);
    if (access === 'hidden') continue;
    shown[key] = access === 'masked' ? maskValue(dataClass ?? 'unknown', value) : value;
  }
  return shown;
}

function presentCustomer(row: CaseRow, reader: Principal, customer: unknown = row.customer): Record<string, unknown> | null {
  return presentCustomerFor(customer, (key, dataClass) => resolveFieldAccess(reader, 'case:read', row, key, dataClass));
}

export function toCaseView(row: CaseRow, reader: Principal, definitions: Map<string, FieldDefinition>, names: NameBook, allowed: ReturnType<typeof decideCaseActions>) {
  // One object literal per case, names and actions included: a page builds fifty, and spreading
  // one into another doubled the garbage of the list path.
  return {
    id: row.id,
    number: row.number,
    type: row.typeKey,
    typeVersion: row.typeVersion,
    title: presentFreeText(row.title, reader, row, 'title'),
    status: row.status,
    statusCategory: row.statusCategory,
    priority: row.priority,
    channel: row.channel,
    customer: presentCustomer(row, reader),
    fields: presentFields(row, reader, definitions),
    tags: row.tags,
    externalSource: row.externalSource,
    externalId: row.externalId,
    assigneeId: row.assigneeId,
    queue: row.queue,
    queueId: row.queueId ?? null,
    departmentId: row.departmentId,
    dueAt: row.dueAt?.toISOString() ?? null,
    slaState: row.slaState ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    version: row.version,
    sensitivity: row.sensitivity,
    assigneeName: names.user(row.assigneeId),
    createdByName: names.user(row.createdBy),
    departmentName: names.department(row.departmentId),
    allowed,
  };
}
export type CaseViewBody = Omit<ReturnType<typeof toCaseView>, 'assigneeName' | 'createdByName' | 'departmentName' | 'allowed'> & {
  assigneeName: string | null;
  createdByName: string | null;
  departmentName: string | null;
  allowed: ReturnType<typeof decideCaseActions>;
};

/**
 * Every response that carries cases goes through here, so masking has one place. Each case
 * also says who its people are by name (one query for the whole page) and what this reader
 * may do with it (the commands' own checks, in memory).
 */
export async function presentCases(ctx: CommandContext, rows: CaseRow[], options: PresentOptions = {}): Promise<CaseViewBody[]> {
  return presentCasesToReaders(
    rows.map((row) => ({ ctx, row })),
    options,
  );
}

export interface PresentOptions {
  /** The transitions the reader may take now: for the single-case view, not for every list row. */
  transitions?: boolean;
}

/**
 * Cases each shown to its own reader, with one names lookup for all: the answers of several
 * commands that shared a transaction (group commit) are presented together.
 */
export async function presentCasesToReaders(entries: { ctx: CommandContext; row: CaseRow }[], options: PresentOptions = {}): Promise<CaseViewBody[]> {
  if (entries.length === 0) return [];
  const tx = entries[0]!.ctx.tx;
  const rows = entries.map((e) => e.row);
  const names = await lookupNamesRemembered(
    tx,
    rows.flatMap((r) => [r.assigneeId, r.createdBy]),
    rows.map((r) => r.departmentId),
  );
  // A page holds a handful of case type versions: look each up once, not once per row.
  const typeVersions = new Map<string, { definitions: Map<string, FieldDefinition>; separationOfDuties: boolean; lifecycle?: CaseLifecycle }>();
  for (const row of rows) {
    const key = `${row.typeKey}@${row.typeVersion}`;
    if (typeVersions.has(key)) continue;
    const definitions = await findFieldDefinitions(tx, row.typeKey, row.typeVersion);
    const caseType = await findCaseTypeVersionCached(tx, row.typeKey, row.typeVersion);
    typeVersions.set(key, { definitions, separationOfDuties: caseType?.separationOfDuties ?? false, lifecycle: options.transitions ? caseType?.lifecycle : undefined });
  }
  return entries.map(({ ctx, row }) => {
    const { definitions, separationOfDuties, lifecycle } = typeVersions.get(`${row.typeKey}@${row.typeVersion}`)!;
    return toCaseView(row, ctx.actor, definitions, names, decideCaseActions(row, ctx.actor, definitions, separationOfDuties, lifecycle));
  });
}

export async function presentCase(ctx: CommandContext, row: CaseRow): Promise<CaseViewBody> {
  return (await presentCases(ctx, [row], { transitions: true }))[0]!;
}

/** Before → after values of a case's history, masked or left out as the reader's field rules say. */
export async function presentFieldChanges(ctx: CommandContext, row: CaseRow, sealedChanges: FieldChange[]): Promise<FieldChange[]> {
  await ctx.keyRing.ensureKeys(collectEnvelopes(sealedChanges));
  const changes = openChanges(ctx.keyRing, row.id, sealedChanges);
  const definitions = await findFieldDefinitions(ctx.tx, row.typeKey, row.typeVersion);
  const presented: FieldChange[] = [];
  for (const change of changes) {
    const freeText = presentFreeTextChange(change, ctx.actor, row);
    if (freeText) {
      presented.push(freeText);
      continue;
    }
    let key: string | undefined;
    let dataClass: string | null = null;
    if (change.field.startsWith('fields.')) {
      key = change.field.slice('fields.'.length);
      dataClass = definitions.get(key)?.dataClass ?? null;
    } else if (change.field === 'customer') {
      // Each customer field masked or left out by its own data class.
      presented.push({ field: change.field, before: presentCustomer(row, ctx.actor, change.before), after: presentCustomer(row, ctx.actor, change.after) });
      continue;
    } else if (change.field.startsWith('customer.')) {
      key = change.field;
      dataClass = customerDataClass(change.field.slice('customer.'.length));
    }
    if (key === undefined) {
      presented.push(change);
      continue;
    }
    const access = resolveFieldAccess(ctx.actor, 'case:read', row, key, dataClass);
    if (access === 'hidden') continue;
    if (access !== 'masked') {
      presented.push(change);
    } else {
      presented.push({ field: change.field, before: maskValue(dataClass ?? 'unknown', change.before), after: maskValue(dataClass ?? 'unknown', change.after) });
    }
  }
  return presented;
}

export function toCaseTypeView(row: CaseTypeRow) {
  return {
    key: row.key,
    name: row.name,
    prefix: row.prefix,
    description: row.description,
    version: row.version,
    currentVersion: row.currentVersion,
    schema: row.schema,
    separationOfDuties: row.separationOfDuties,
    defaultQueue: row.defaultQueue,
    defaultQueueId: row.defaultQueueId ?? null,
    processKey: row.processKey,
    lifecycle: row.lifecycle,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function iso<T extends { createdAt: Date }>(row: T): Omit<T, 'createdAt'> & { createdAt: string } {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
