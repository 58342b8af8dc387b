import type { CommandContext } from '../../platform/commands/index.ts';
import { assertAllowed } from '../access/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import type { CaseTypeRow } from './case-row.ts';
import { findSchemaProblems, type FormSchema } from './form-schema.ts';
import { caseProblems } from './problems.ts';
import { resolveCaseQueues } from './case-queue.ts';
import { caseTypeSavedEvent } from './case-events.ts';
import { DEFAULT_LIFECYCLE, findLifecycleProblems, normalizeLifecycle, type CaseLifecycle, type CaseLifecycleInput } from './case-lifecycle.ts';
import { findCaseTypeVersionCached, findCurrentCaseTypeCached, forgetCurrentCaseType } from './case-type-cache.ts';
import { findCaseType, findCaseTypeByPrefix, insertCaseType, insertCaseTypeVersion, listCaseTypeVersions, listCurrentCaseTypes } from './store.ts';

export interface CaseTypeInput {
  key: string;
  name: string;
  prefix: string;
  description?: string;
  schema: FormSchema;
  separationOfDuties?: boolean;
  defaultQueue?: string | null;
  /** The process a new case starts; the process module refuses a key it has not deployed (case-type.saved). */
  processKey?: string | null;
  /** Statuses and transitions; left out: the default lifecycle (create) or the previous version's (save). */
  lifecycle?: CaseLifecycleInput;
}

export async function findCaseTypeOrThrow(ctx: CommandContext, key: string, version?: number): Promise<CaseTypeRow> {
  const found = version === undefined ? await findCaseType(ctx.tx, key) : await findCaseTypeVersionCached(ctx.tx, key, version);
  if (!found) throw caseProblems.caseTypeNotFound({ detail: `No case type ${key}${version ? ` version ${version}` : ''}`, key });
  return found;
}

/** The current version for creating a case: a hot path, so briefly cached (see case-type-cache.ts). */
export async function findCurrentCaseTypeForCreateOrThrow(ctx: CommandContext, key: string): Promise<CaseTypeRow> {
  const found = await findCurrentCaseTypeCached(ctx.tx, key, ctx.now.getTime());
  if (!found) throw caseProblems.caseTypeNotFound({ detail: `No case type ${key}`, key });
  return found;
}

/** A case type's default queue must exist (its id is kept beside the key); null or absent: none. */
async function defaultQueueOrThrow(ctx: CommandContext, key: string | null | undefined): Promise<{ defaultQueue: string | null; defaultQueueId: string | null }> {
  if (key === undefined || key === null) return { defaultQueue: null, defaultQueueId: null };
  const [found] = await resolveCaseQueues(ctx.tx, [{ queue: key }]);
  if (Array.isArray(found) || !found)
    throw caseProblems.invalidFields({ detail: `No queue ${key}`, errors: [{ field: 'defaultQueue', reason: 'no such queue', code: 'unknown-reference', params: { value: key } }] });
  return { defaultQueue: found.key, defaultQueueId: found.id };
}

function assertSchemaValid(schema: unknown): void {
  const errors = findSchemaProblems(schema);
  if (errors.length > 0) throw caseProblems.invalidFields({ errors });
}

/** A lifecycle with a problem is refused whole (422), naming each offending field. */
function lifecycleOrThrow(input: CaseLifecycleInput | undefined, otherwise: CaseLifecycle): CaseLifecycle {
  if (input === undefined) return otherwise;
  const lifecycle = normalizeLifecycle(input);
  const errors = findLifecycleProblems(lifecycle);
  if (errors.length > 0) throw caseProblems.lifecycleInvalid({ detail: errors.map((e) => `${e.field} ${e.reason}`).join('; '), errors });
  return lifecycle;
}

export async function createCaseType(ctx: CommandContext, input: CaseTypeInput): Promise<CaseTypeRow> {
  assertAllowed(ctx.actor, 'case-type:admin');
  assertSchemaValid(input.schema);
  const lifecycle = lifecycleOrThrow(input.lifecycle, DEFAULT_LIFECYCLE);
  const queue = await defaultQueueOrThrow(ctx, input.defaultQueue);
  if (await findCaseType(ctx.tx, input.key)) throw caseProblems.caseTypeExists({ detail: `Key ${input.key} is taken`, key: input.key });
  const prefixOwner = await findCaseTypeByPrefix(ctx.tx, input.prefix);
  if (prefixOwner) throw caseProblems.caseTypeExists({ detail: `Prefix ${input.prefix} is used by ${prefixOwner}`, prefix: input.prefix });
  await insertCaseType(ctx.tx, { key: input.key, prefix: input.prefix, now: ctx.now });
  await insertCaseTypeVersion(ctx.tx, {
    ...input,
    description: input.description ?? null,
    separationOfDuties: input.separationOfDuties ?? false,
    ...queue,
    processKey: input.processKey ?? null,
    lifecycle,
    version: 1,
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  await recordAuditEvent(ctx, {
    action: 'case-type.created',
    targetType: 'case-type',
    targetId: input.key,
    data: { version: 1, name: input.name, prefix: input.prefix, ...(input.processKey ? { processKey: input.processKey } : {}) },
  });
  await ctx.publish(caseTypeSavedEvent(input.key, 1, input.processKey ?? null));
  return (await findCaseType(ctx.tx, input.key))!;
}

/** Saving a case type makes a new version; cases keep the version they were created with. */
export async function saveCaseTypeVersion(ctx: CommandContext, key: string, input: Omit<CaseTypeInput, 'key' | 'prefix'>): Promise<CaseTypeRow> {
  assertAllowed(ctx.actor, 'case-type:admin');
  const current = await findCaseTypeOrThrow(ctx, key);
  assertSchemaValid(input.schema);
  const lifecycle = lifecycleOrThrow(input.lifecycle, current.lifecycle);
  const version = current.currentVersion + 1;
  const processKey = input.processKey === undefined ? current.processKey : input.processKey;
  // Left out: kept (and looked up again, so the id is set on a type saved before queues had ids).
  const queue = await defaultQueueOrThrow(ctx, input.defaultQueue === undefined ? current.defaultQueue : input.defaultQueue);
  forgetCurrentCaseType(key);
  await insertCaseTypeVersion(ctx.tx, {
    key,
    version,
    name: input.name,
    description: input.description ?? null,
    schema: input.schema,
    separationOfDuties: input.separationOfDuties ?? current.separationOfDuties,
    ...queue,
    processKey,
    lifecycle,
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  await recordAuditEvent(ctx, {
    action: 'case-type.version-saved',
    targetType: 'case-type',
    targetId: key,
    changes: [
      ...(current.name === input.name ? [] : [{ field: 'name', before: current.name, after: input.name }]),
      ...(JSON.stringify(current.lifecycle) === JSON.stringify(lifecycle) ? [] : [{ field: 'lifecycle', before: current.lifecycle, after: lifecycle }]),
      ...(current.processKey === processKey ? [] : [{ field: 'processKey', before: current.processKey, after: processKey }]),
    ],
    data: { version, previousVersion: current.currentVersion },
  });
  await ctx.publish(caseTypeSavedEvent(key, version, processKey));
  return (await findCaseType(ctx.tx, key))!;
}

export async function listCaseTypes(ctx: CommandContext): Promise<CaseTypeRow[]> {
  return listCurrentCaseTypes(ctx.tx);
}

export async function listVersionsOfCaseType(ctx: CommandContext, key: string): Promise<CaseTypeRow[]> {
  await findCaseTypeOrThrow(ctx, key);
  return listCaseTypeVersions(ctx.tx, key);
}
