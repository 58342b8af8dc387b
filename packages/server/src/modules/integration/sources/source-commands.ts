import type { Static } from '@sinclair/typebox';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems, type FieldError } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCaseTypeOrThrow, type CaseTypeRow } from '../../cases/index.ts';
import { assertIntegrationAdmin } from '../access.ts';
import { integrationProblems } from '../problems.ts';
import type { CreateIngestSourceBody, UpdateIngestSourceBody } from '../schemas.ts';
import { findMappingProblems } from './mapping.ts';
import {
  deleteSourceIfVersion,
  findSealedCallbackSecret,
  findSource,
  insertSource,
  sealCallbackSecret,
  updateSourceIfVersion,
  type IngestMapping,
  type IngestSourceRow,
  type IngestSourceValues,
  type WriteBackConfig,
} from './source-store.ts';

export type CreateIngestSourceInput = Static<typeof CreateIngestSourceBody>;
export type UpdateIngestSourceInput = Static<typeof UpdateIngestSourceBody>;

/** Keys whose actors are the customer channels' (system:ingest:email, system:ingest:web-form). */
export const RESERVED_SOURCE_KEYS = ['email', 'web-form'] as const;

async function currentCaseType(ctx: CommandContext, key: string): Promise<CaseTypeRow | undefined> {
  try {
    return await findCaseTypeOrThrow(ctx, key);
  } catch {
    return undefined;
  }
}

type WriteBackInput = NonNullable<UpdateIngestSourceInput['writeBack']>;

function writeBackProblems(writeBack: WriteBackInput, secretKept: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const at = (field: string) => `writeBack.${field}`;
  const needs = (field: keyof WriteBackInput, why: string) => {
    if (writeBack[field] === undefined || writeBack[field] === '') errors.push({ field: at(field), reason: `is required ${why}` });
  };
  const refuses = (fields: (keyof WriteBackInput)[], why: string) => {
    for (const field of fields) if (writeBack[field] !== undefined) errors.push({ field: at(field), reason: `must be left out ${why}` });
  };
  if (writeBack.callbackSecretSet !== undefined) errors.push({ field: at('callbackSecretSet'), reason: 'is read-only: send callbackSecret to set the secret' });
  switch (writeBack.target) {
    case 'none':
      refuses(['subject', 'exchange', 'routingKey', 'url', 'callbackSecret'], "for target 'none'");
      break;
    case 'nats':
      needs('subject', "for target 'nats'");
      refuses(['exchange', 'routingKey', 'url', 'callbackSecret'], "for target 'nats'");
      break;
    case 'amqp':
      needs('routingKey', "for target 'amqp'");
      refuses(['subject', 'url', 'callbackSecret'], "for target 'amqp'");
      break;
    case 'callback':
      needs('url', "for target 'callback'");
      if (writeBack.callbackSecret === undefined && !secretKept) errors.push({ field: at('callbackSecret'), reason: "is required for target 'callback'" });
      refuses(['subject', 'exchange', 'routingKey'], "for target 'callback'");
      break;
  }
  return errors;
}

/**
 * Checks a source as a whole, against the case types as they are now: the transport block matches
 * the transport, the write-back its target, the mapping parses and names real fields.
 */
async function validateSource(ctx: CommandContext, input: UpdateIngestSourceInput, key: string, secretKept: boolean): Promise<IngestSourceValues> {
  const errors: FieldError[] = [];
  if (input.name.trim() === '') errors.push({ field: 'name', reason: 'must not be blank' });
  const nats = input.nats ?? null;
  const amqp = input.amqp ?? null;
  if (input.transport === 'nats' && !nats) errors.push({ field: 'nats', reason: "is required for transport 'nats'" });
  if (input.transport !== 'nats' && nats) errors.push({ field: 'nats', reason: `must be left out for transport '${input.transport}'` });
  if (input.transport === 'amqp' && !amqp) errors.push({ field: 'amqp', reason: "is required for transport 'amqp'" });
  if (input.transport !== 'amqp' && amqp) errors.push({ field: 'amqp', reason: `must be left out for transport '${input.transport}'` });
  const mapping = input.mapping as IngestMapping;
  errors.push(...findMappingProblems(mapping, await currentCaseType(ctx, mapping.caseType)));
  const writeBack = input.writeBack ?? null;
  if (writeBack) errors.push(...writeBackProblems(writeBack, secretKept));
  if (errors.length > 0) throw httpProblems.validationFailed({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });

  let storedWriteBack: IngestSourceValues['writeBack'] = null;
  let callbackSecret: string | null = null;
  if (writeBack && writeBack.target !== 'none') {
    const { callbackSecret: secret, callbackSecretSet: _set, ...rest } = writeBack;
    storedWriteBack = rest as Omit<WriteBackConfig, 'callbackSecretSet'>;
    if (writeBack.target === 'callback') callbackSecret = secret === undefined ? await findSealedCallbackSecret(ctx.tx, key) : sealCallbackSecret(ctx.keyRing, key, secret);
  } else if (writeBack) {
    storedWriteBack = { target: 'none', events: writeBack.events };
  }
  return {
    name: input.name.trim(),
    description: input.description ?? null,
    transport: input.transport,
    nats,
    amqp,
    mapping,
    onExisting: input.onExisting ?? 'ignore',
    writeBack: storedWriteBack,
    callbackSecret,
    active: input.active ?? true,
  };
}

/** A new source at version 1 (integration:admin); its system actor is made on its first message. */
export async function createIngestSource(ctx: CommandContext, input: CreateIngestSourceInput): Promise<IngestSourceRow> {
  assertIntegrationAdmin(ctx);
  if ((RESERVED_SOURCE_KEYS as readonly string[]).includes(input.key)) {
    throw httpProblems.validationFailed({ detail: `key: ${input.key} is reserved`, errors: [{ field: 'key', reason: `is reserved for the ${input.key} channel` }] });
  }
  const { key, ...rest } = input;
  const values = await validateSource(ctx, rest, key, false);
  if (!(await insertSource(ctx.tx, key, values, ctx.now))) throw integrationProblems.sourceExists({ detail: `Key ${key} is taken`, key });
  await recordAuditEvent(ctx, {
    action: 'integration.source-created',
    targetType: 'ingest-source',
    targetId: key,
    data: { key, transport: values.transport, version: 1 },
  });
  return (await findSource(ctx.tx, key))!;
}

export async function findSourceOrThrow(ctx: CommandContext, key: string): Promise<IngestSourceRow> {
  const found = await findSource(ctx.tx, key);
  if (!found) throw integrationProblems.sourceNotFound({ detail: `No ingestion source ${key}` });
  return found;
}

function staleProblem(expected: number, current: number) {
  return integrationProblems.sourceVersionStale({ detail: `You sent version ${expected}; the source is at ${current}. Reload it.`, currentVersion: current });
}

/** JSON with object keys sorted: jsonb gives stored objects back in its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

function changedFields(current: IngestSourceRow, next: IngestSourceValues, secretReplaced: boolean): string[] {
  const before: Record<string, unknown> = {
    name: current.name,
    description: current.description,
    transport: current.transport,
    nats: current.nats,
    amqp: current.amqp,
    mapping: current.mapping,
    onExisting: current.onExisting,
    writeBack: current.writeBack && (({ callbackSecretSet: _s, ...rest }) => rest)(current.writeBack),
    active: current.active,
  };
  const after: Record<string, unknown> = { ...next };
  const changed = Object.keys(before).filter((field) => canonical(before[field]) !== canonical(after[field]));
  if (secretReplaced) changed.push('callbackSecret');
  return changed;
}

/** Replaces a source (its key stays) if still at expectedVersion (If-Match); nothing changed: as it is. */
export async function updateIngestSource(ctx: CommandContext, key: string, expectedVersion: number, input: UpdateIngestSourceInput): Promise<IngestSourceRow> {
  assertIntegrationAdmin(ctx);
  const current = await findSourceOrThrow(ctx, key);
  if (current.version !== expectedVersion) throw staleProblem(expectedVersion, current.version);
  const values = await validateSource(ctx, input, key, current.writeBack?.callbackSecretSet === true);
  const secretReplaced = input.writeBack?.callbackSecret !== undefined;
  const changed = changedFields(current, values, secretReplaced);
  if (changed.length === 0) return current;
  if (!(await updateSourceIfVersion(ctx.tx, key, expectedVersion, values, ctx.now))) throw staleProblem(expectedVersion, current.version + 1);
  await recordAuditEvent(ctx, {
    action: 'integration.source-changed',
    targetType: 'ingest-source',
    targetId: key,
    data: { key, version: current.version + 1, changed },
  });
  return (await findSource(ctx.tx, key))!;
}

/** Deletes a source and its dead letters if still at expectedVersion; its cases stay. */
export async function deleteIngestSource(ctx: CommandContext, key: string, expectedVersion: number): Promise<void> {
  assertIntegrationAdmin(ctx);
  const current = await findSourceOrThrow(ctx, key);
  if (current.version !== expectedVersion) throw staleProblem(expectedVersion, current.version);
  if (!(await deleteSourceIfVersion(ctx.tx, key, expectedVersion))) throw staleProblem(expectedVersion, current.version + 1);
  await recordAuditEvent(ctx, {
    action: 'integration.source-deleted',
    targetType: 'ingest-source',
    targetId: key,
    data: { key, version: expectedVersion },
  });
}
