import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../../../platform/clock/clock.ts';
import type { CommandContext, CommandMeta, CommandRunner, SystemActorResolver } from '../../../platform/commands/index.ts';
import type { Database } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { Problem, type FieldError } from '../../../platform/http/problem.ts';
import { ingestCases, type IngestItem, type IngestResult } from '../../cases/index.ts';
import { overrideClockDue } from '../../sla/index.ts';
import { integrationProblems } from '../problems.ts';
import { compiledMappingOf } from './mapping.ts';
import { applyMappedChanges } from './update-existing.ts';
import { addSourceStats, findSource, insertDeadLetters, sealDeadLetterMessage, type IngestSourceRow, type NewDeadLetter, type StatsDelta } from './source-store.ts';

export interface SourceMessage {
  /** The caller's reference (a stream sequence, a delivery tag, an index), returned with its result. */
  ref: string;
  /** The message as published: bytes or text holding JSON, or an already parsed JSON value. */
  body: Buffer | string | unknown;
  receivedAt?: Date;
  publishedAt?: Date;
}

export interface SourceMessageResult {
  ref: string;
  status: 'created' | 'updated' | 'duplicate' | 'invalid' | 'refused';
  caseId?: string;
  number?: string;
  errors?: { field: string; reason: string }[];
  /** Set for invalid/refused: the message was stored as a dead letter. */
  deadLetterId?: string;
}

export interface IngestDeps {
  database: Database;
  commands: CommandRunner;
  systemActor: SystemActorResolver;
  clock: Clock;
}

export interface IngestCallOptions {
  /** The person or system that handed the messages over (the http transport's caller); audited. */
  onBehalfOf?: string | null;
  requestId?: string;
  clientIp?: string | null;
  /** Already loaded (the http route checked it); read again when left out. */
  source?: IngestSourceRow;
  /** Runs in each batch's transaction after its results are known (a replay marks its dead letter). */
  afterBatch?: (ctx: CommandContext, results: SourceMessageResult[]) => Promise<void>;
}

/** A message as text (what is sealed into a dead letter) and as JSON when it is JSON. */
export interface ParsedMessage {
  raw: string;
  value?: unknown;
}

export function parseMessageBody(body: SourceMessage['body']): ParsedMessage {
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return parseText(Buffer.from(body).toString('utf8'));
  if (typeof body === 'string') return parseText(body);
  // Already parsed (the http transport): kept as its JSON text for a dead letter.
  return { raw: JSON.stringify(body) ?? 'null', value: body };
}

function parseText(raw: string): ParsedMessage {
  try {
    return { raw, value: JSON.parse(raw) };
  } catch {
    return { raw };
  }
}

const NOT_JSON: FieldError[] = [{ field: '(message)', reason: 'is not valid JSON' }];

export function messageDigest(sourceKey: string, raw: string): string {
  return createHash('sha256').update(sourceKey).update('\u0000').update(raw).digest('hex');
}

/** A dead letter's one-line reason: the field names and reasons, never a value of the message. */
export function deadLetterReason(status: 'invalid' | 'refused', errors: FieldError[]): string {
  const head = status === 'refused' ? 'refused' : 'invalid';
  const text = `${head}: ${errors.map((e) => `${e.field} ${e.reason}`).join('; ')}`;
  return text.length > 1000 ? `${text.slice(0, 997)}...` : text;
}

interface PreparedMessage {
  ref: string;
  parsed: ParsedMessage;
  externalId: string | null;
  dueAt?: string;
  item: IngestItem;
}

/**
 * Maps, validates and writes a batch of one source's messages through ingestCases, one result
 * per message in order. Invalid and refused ones are stored as dead letters (the message sealed)
 * in the same transaction as the batch they came in, with the source's counters: a batch has its
 * whole effect or none. Idempotent by (source key, external id): a redelivered message returns
 * 'duplicate' (or 'updated' once, with onExisting 'update'), and a redelivered bad message finds
 * the dead letter it already has.
 */
export async function ingestSourceMessages(deps: IngestDeps, sourceKey: string, messages: SourceMessage[], options: IngestCallOptions = {}): Promise<SourceMessageResult[]> {
  const source = options.source ?? (await findSourceForIngest(deps, sourceKey));
  if (messages.length === 0) return [];
  const actor = await deps.systemActor(deps.database.db, source.actor);
  const mapping = compiledMappingOf(source);
  const prepared: PreparedMessage[] = messages.map((message, line) => {
    const parsed = parseMessageBody(message.body);
    if (!('value' in parsed)) return { ref: message.ref, parsed, externalId: null, item: { line, errors: NOT_JSON } };
    const mapped = mapping.map(parsed.value);
    return {
      ref: message.ref,
      parsed,
      externalId: mapped.externalId,
      dueAt: mapped.dueAt,
      item: mapped.input ? { line, input: mapped.input } : { line, errors: mapped.errors },
    };
  });
  const meta: CommandMeta = { actor, channel: 'ingest', onBehalfOf: options.onBehalfOf ?? null, requestId: options.requestId, clientIp: options.clientIp ?? null };
  const results: SourceMessageResult[] = [];
  const batches = ingestCases(
    prepared.map((p) => p.item),
    {
      inTransaction: <T>(write: (ctx: CommandContext) => Promise<T>) =>
        deps.commands.runCommand(meta, async (ctx) => {
          const written = (await write(ctx)) as unknown as IngestResult[];
          const completed = await completeBatch(ctx, source, prepared, written);
          await options.afterBatch?.(ctx, completed);
          return completed as unknown as T;
        }),
    },
  );
  for await (const batch of batches) results.push(...(batch as unknown as SourceMessageResult[]));
  return results;
}

async function findSourceForIngest(deps: IngestDeps, key: string): Promise<IngestSourceRow> {
  const source = await findSource(deps.database.db, key);
  if (!source) throw integrationProblems.sourceNotFound({ detail: `No ingestion source ${key}` });
  return source;
}

/**
 * In the batch's own transaction, after its cases were written: applies onExisting 'update' to
 * duplicates, dead-letters what could not become a case, and moves the counters.
 */
async function completeBatch(ctx: CommandContext, source: IngestSourceRow, prepared: PreparedMessage[], written: IngestResult[]): Promise<SourceMessageResult[]> {
  const results: SourceMessageResult[] = [];
  const delta: StatsDelta = { received: written.length, created: 0, updated: 0, duplicates: 0, deadLetters: 0 };
  const dead: { index: number; status: 'invalid' | 'refused'; errors: FieldError[] }[] = [];
  for (const result of written) {
    const message = prepared[result.line]!;
    if (result.status === 'created') {
      delta.created++;
      const deadline = message.dueAt ? await setDeadlineInSavepoint(ctx, source, result.id, message.dueAt) : [];
      results.push({ ref: message.ref, status: 'created', caseId: result.id, number: result.number, ...(deadline.length > 0 ? { errors: deadline } : {}) });
    } else if (result.status === 'duplicate') {
      const input = message.item.input!;
      if (source.onExisting === 'update') {
        const outcome = await updateInSavepoint(ctx, result.id, input);
        if (outcome === 'updated') {
          delta.updated++;
          results.push({ ref: message.ref, status: 'updated', caseId: result.id, number: result.number });
          continue;
        }
        if (outcome !== 'unchanged') {
          dead.push({ index: results.length, status: 'invalid', errors: outcome });
          results.push({ ref: message.ref, status: 'invalid', caseId: result.id, number: result.number, errors: outcome });
          continue;
        }
      }
      delta.duplicates++;
      results.push({ ref: message.ref, status: 'duplicate', caseId: result.id, number: result.number });
    } else {
      const errors = result.status === 'invalid' ? result.errors : result.problem.errors;
      dead.push({ index: results.length, status: result.status, errors });
      results.push({ ref: message.ref, status: result.status, errors });
    }
  }
  if (dead.length > 0) {
    const byDigest = new Map<string, NewDeadLetter>();
    const digestOf = new Map<number, string>();
    for (const { index, status, errors } of dead) {
      const message = prepared[written[index]!.line]!;
      const digest = messageDigest(source.key, message.parsed.raw);
      digestOf.set(index, digest);
      if (byDigest.has(digest)) continue;
      const id = newId<string>();
      byDigest.set(digest, {
        id,
        sourceKey: source.key,
        transport: source.transport,
        externalId: message.externalId?.slice(0, 500) ?? null,
        reason: deadLetterReason(status, errors),
        errors,
        message: sealDeadLetterMessage(ctx.keyRing, id, message.parsed.raw),
        messageDigest: digest,
        receivedAt: ctx.now,
      });
    }
    const { idOfDigest, inserted } = await insertDeadLetters(ctx.tx, [...byDigest.values()]);
    delta.deadLetters = inserted;
    for (const { index } of dead) results[index]!.deadLetterId = idOfDigest.get(digestOf.get(index)!);
  }
  await addSourceStats(ctx.tx, source.key, delta, ctx.now);
  return results;
}

/**
 * The message's deadline on the new case's resolution clock (as the SLA override does it, audited
 * as sla.due-overridden with the source as the reason). A deadline the clock refuses (already
 * past) leaves the policy's due time and is said in the result; the case stays created.
 */
async function setDeadlineInSavepoint(ctx: CommandContext, source: IngestSourceRow, caseId: string, dueAt: string): Promise<FieldError[]> {
  await sql`SAVEPOINT ingest_deadline`.execute(ctx.tx);
  try {
    await overrideClockDue(ctx, caseId, 'resolution', { dueAt, reason: `deadline given by ingestion source ${source.key}` });
    await sql`RELEASE SAVEPOINT ingest_deadline`.execute(ctx.tx);
    return [];
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT ingest_deadline`.execute(ctx.tx);
    if (!(error instanceof Problem)) throw error;
    const errors = (error.extensions.errors as FieldError[] | undefined) ?? [];
    return [{ field: 'dueAt', reason: `not applied: ${errors[0]?.reason ?? error.title}; the SLA policy's due time stands` }];
  }
}

/**
 * Applies a duplicate's mapped values to its case; a refusal (validation, a lifecycle rule) rolls
 * back only this update, not the batch, and is returned as the message's errors.
 */
async function updateInSavepoint(ctx: CommandContext, caseId: string, input: NonNullable<IngestItem['input']>): Promise<'updated' | 'unchanged' | FieldError[]> {
  await sql`SAVEPOINT ingest_update`.execute(ctx.tx);
  try {
    const changed = await applyMappedChanges(ctx, caseId, input);
    await sql`RELEASE SAVEPOINT ingest_update`.execute(ctx.tx);
    return changed ? 'updated' : 'unchanged';
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT ingest_update`.execute(ctx.tx);
    if (error instanceof Problem) {
      const errors = error.extensions.errors as FieldError[] | undefined;
      return errors?.length ? errors : [{ field: '(message)', reason: `the case could not be updated: ${error.title}` }];
    }
    throw error;
  }
}
