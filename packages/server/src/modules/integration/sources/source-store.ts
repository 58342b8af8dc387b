import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { KeyRing } from '../../../platform/crypto/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import type { IngestTransport } from '../schemas.ts';

export interface FieldMappingDef {
  target: string;
  path?: string;
  feel?: string;
  value?: unknown;
}
export interface IngestMapping {
  externalId: string;
  caseType: string;
  fields: FieldMappingDef[];
}
export interface NatsSourceConfig {
  stream: string;
  subject: string;
  durable: string;
  deadLetterSubject: string;
}
export interface AmqpSourceConfig {
  queue: string;
  deadLetterExchange: string;
  deadLetterRoutingKey?: string;
  prefetch?: number;
}
/** The write-back target as stored and shown: the callback secret itself is never in it. */
export interface WriteBackConfig {
  target: 'none' | 'nats' | 'amqp' | 'callback';
  subject?: string;
  exchange?: string;
  routingKey?: string;
  url?: string;
  callbackSecretSet?: boolean;
  events: string[];
}

export interface IngestSourceStats {
  received: number;
  created: number;
  updated: number;
  duplicates: number;
  deadLetters: number;
  lastMessageAt: Date | null;
}

export interface IngestSourceRow {
  key: string;
  name: string;
  description: string | null;
  transport: IngestTransport;
  nats: NatsSourceConfig | null;
  amqp: AmqpSourceConfig | null;
  mapping: IngestMapping;
  onExisting: 'ignore' | 'update';
  writeBack: WriteBackConfig | null;
  active: boolean;
  actor: string;
  stats: IngestSourceStats;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a create or an update writes; the sealed secret travels beside it, never inside writeBack. */
export interface IngestSourceValues {
  name: string;
  description: string | null;
  transport: IngestTransport;
  nats: NatsSourceConfig | null;
  amqp: AmqpSourceConfig | null;
  mapping: IngestMapping;
  onExisting: 'ignore' | 'update';
  writeBack: Omit<WriteBackConfig, 'callbackSecretSet'> | null;
  /** Sealed callback secret; null: none. */
  callbackSecret: string | null;
  active: boolean;
}

type Executor = Db | Tx;

const SOURCE_COLUMNS = [
  'key',
  'name',
  'description',
  'transport',
  'nats',
  'amqp',
  'mapping',
  'on_existing',
  'write_back',
  'active',
  'received',
  'created',
  'updated',
  'duplicates',
  'dead_letters',
  'last_message_at',
  'version',
  'created_at',
  'updated_at',
] as const;

function selectSources(db: Executor) {
  return db.selectFrom('integration.ingest_source').select(SOURCE_COLUMNS).select(sql<boolean>`callback_secret IS NOT NULL`.as('secret_set'));
}

type SourceSelect = Awaited<ReturnType<ReturnType<typeof selectSources>['executeTakeFirstOrThrow']>>;

function toSourceRow(row: SourceSelect): IngestSourceRow {
  const writeBack = row.write_back as Omit<WriteBackConfig, 'callbackSecretSet'> | null;
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    transport: row.transport as IngestTransport,
    nats: row.nats as NatsSourceConfig | null,
    amqp: row.amqp as AmqpSourceConfig | null,
    mapping: row.mapping as unknown as IngestMapping,
    onExisting: row.on_existing as 'ignore' | 'update',
    writeBack: writeBack && { ...writeBack, ...(writeBack.target === 'callback' ? { callbackSecretSet: row.secret_set } : {}) },
    active: row.active,
    actor: `system:ingest:${row.key}`,
    stats: {
      received: Number(row.received),
      created: Number(row.created),
      updated: Number(row.updated),
      duplicates: Number(row.duplicates),
      deadLetters: Number(row.dead_letters),
      lastMessageAt: row.last_message_at,
    },
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findSource(db: Executor, key: string): Promise<IngestSourceRow | undefined> {
  const row = await selectSources(db).where('key', '=', key).executeTakeFirst();
  return row && toSourceRow(row);
}

/** All sources in key order. */
export async function listSources(db: Executor): Promise<IngestSourceRow[]> {
  return (await selectSources(db).orderBy('key').execute()).map(toSourceRow);
}

/** The active sources a consumer serves, optionally of one transport. */
export async function listActiveSources(db: Executor, transport?: IngestTransport): Promise<IngestSourceRow[]> {
  let query = selectSources(db).where('active', '=', true);
  if (transport) query = query.where('transport', '=', transport);
  return (await query.orderBy('key').execute()).map(toSourceRow);
}

const SECRET_FIELD = 'integration.ingest_source.callback_secret';

/** Seals a callback secret bound to its source. */
export function sealCallbackSecret(keyRing: KeyRing, key: string, secret: string): string {
  return keyRing.encrypt(secret, { field: SECRET_FIELD, recordId: key });
}

/** The callback write-back's signing secret in clear, for the writer only; undefined when none. */
export async function findCallbackSecret(db: Executor, keyRing: KeyRing, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('integration.ingest_source').select('callback_secret').where('key', '=', key).executeTakeFirst();
  if (!row?.callback_secret) return undefined;
  return keyRing.decryptAsync(row.callback_secret, { field: SECRET_FIELD, recordId: key });
}

/** The sealed secret as stored, so an update that leaves it out keeps it. */
export async function findSealedCallbackSecret(db: Executor, key: string): Promise<string | null> {
  const row = await db.selectFrom('integration.ingest_source').select('callback_secret').where('key', '=', key).executeTakeFirst();
  return row?.callback_secret ?? null;
}

const columnsOf = (v: IngestSourceValues) => ({
  name: v.name,
  description: v.description,
  transport: v.transport,
  nats: v.nats === null ? null : JSON.stringify(v.nats),
  amqp: v.amqp === null ? null : JSON.stringify(v.amqp),
  mapping: JSON.stringify(v.mapping),
  on_existing: v.onExisting,
  write_back: v.writeBack === null ? null : JSON.stringify(v.writeBack),
  callback_secret: v.callbackSecret,
  active: v.active,
});

/** Inserts a source unless its key is taken (a concurrent create included): false when it was. */
export async function insertSource(tx: Tx, key: string, values: IngestSourceValues, now: Date): Promise<boolean> {
  const row = await tx
    .insertInto('integration.ingest_source')
    .values({ key, ...columnsOf(values), version: 1, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

/** Optimistic concurrency: applies only if the source is still at expectedVersion. */
export async function updateSourceIfVersion(tx: Tx, key: string, expectedVersion: number, values: IngestSourceValues, now: Date): Promise<boolean> {
  const row = await tx
    .updateTable('integration.ingest_source')
    .set({ ...columnsOf(values), version: sql`version + 1`, updated_at: now })
    .where('key', '=', key)
    .where('version', '=', expectedVersion)
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes a source (its dead letters with it) if still at expectedVersion. */
export async function deleteSourceIfVersion(tx: Tx, key: string, expectedVersion: number): Promise<boolean> {
  const row = await tx.deleteFrom('integration.ingest_source').where('key', '=', key).where('version', '=', expectedVersion).returning('key').executeTakeFirst();
  return row !== undefined;
}

export interface StatsDelta {
  received: number;
  created: number;
  updated: number;
  duplicates: number;
  deadLetters: number;
}

/** One UPDATE per batch: the counters move by what the batch did. */
export async function addSourceStats(tx: Tx, key: string, delta: StatsDelta, at: Date): Promise<void> {
  await tx
    .updateTable('integration.ingest_source')
    .set({
      received: sql`received + ${delta.received}`,
      created: sql`created + ${delta.created}`,
      updated: sql`updated + ${delta.updated}`,
      duplicates: sql`duplicates + ${delta.duplicates}`,
      dead_letters: sql`dead_letters + ${delta.deadLetters}`,
      last_message_at: sql`GREATEST(last_message_at, ${at}::timestamptz)`,
    })
    .where('key', '=', key)
    .execute();
}

// ---- dead letters ------------------------------------------------------------------------------

export interface DeadLetterRow {
  id: string;
  sourceKey: string;
  transport: IngestTransport;
  externalId: string | null;
  reason: string;
  errors: FieldError[];
  receivedAt: Date;
  replayedAt: Date | null;
  replayCaseId: string | null;
}

export interface NewDeadLetter {
  id: string;
  sourceKey: string;
  transport: IngestTransport;
  externalId: string | null;
  reason: string;
  errors: FieldError[];
  /** Sealed. */
  message: string;
  messageDigest: string;
  receivedAt: Date;
}

const DEAD_LETTER_FIELD = 'integration.ingest_dead_letter.message';

export function sealDeadLetterMessage(keyRing: KeyRing, id: string, message: string): string {
  return keyRing.encrypt(message, { field: DEAD_LETTER_FIELD, recordId: id });
}

export function openDeadLetterMessage(keyRing: KeyRing, id: string, sealed: string): Promise<string> {
  return keyRing.decryptAsync(sealed, { field: DEAD_LETTER_FIELD, recordId: id });
}

/**
 * Inserts dead letters; one whose message is already dead-lettered for the source (a redelivery)
 * is not added again. Returns the dead letter id of each digest, new or existing.
 */
export async function insertDeadLetters(tx: Tx, letters: NewDeadLetter[]): Promise<{ idOfDigest: Map<string, string>; inserted: number }> {
  const idOfDigest = new Map<string, string>();
  if (letters.length === 0) return { idOfDigest, inserted: 0 };
  const inserted = await tx
    .insertInto('integration.ingest_dead_letter')
    .values(
      letters.map((l) => ({
        id: l.id,
        source_key: l.sourceKey,
        transport: l.transport,
        external_id: l.externalId,
        reason: l.reason,
        errors: JSON.stringify(l.errors),
        message: l.message,
        message_digest: l.messageDigest,
        received_at: l.receivedAt,
      })),
    )
    .onConflict((oc) => oc.columns(['source_key', 'message_digest']).doNothing())
    .returning(['id', 'message_digest'])
    .execute();
  for (const row of inserted) idOfDigest.set(row.message_digest, row.id);
  const missing = letters.filter((l) => !idOfDigest.has(l.messageDigest));
  if (missing.length > 0) {
    const existing = await tx
      .selectFrom('integration.ingest_dead_letter')
      .select(['id', 'message_digest'])
      .where('source_key', '=', letters[0]!.sourceKey)
      .where(
        'message_digest',
        'in',
        missing.map((l) => l.messageDigest),
      )
      .execute();
    for (const row of existing) idOfDigest.set(row.message_digest, row.id);
  }
  return { idOfDigest, inserted: inserted.length };
}

const DEAD_LETTER_COLUMNS = ['id', 'source_key', 'transport', 'external_id', 'reason', 'errors', 'received_at', 'replayed_at', 'replay_case_id'] as const;

type DeadLetterSelect = {
  id: string;
  source_key: string;
  transport: string;
  external_id: string | null;
  reason: string;
  errors: unknown;
  received_at: Date;
  replayed_at: Date | null;
  replay_case_id: string | null;
};

function toDeadLetterRow(row: DeadLetterSelect): DeadLetterRow {
  return {
    id: row.id,
    sourceKey: row.source_key,
    transport: row.transport as IngestTransport,
    externalId: row.external_id,
    reason: row.reason,
    errors: row.errors as FieldError[],
    receivedAt: row.received_at,
    replayedAt: row.replayed_at,
    replayCaseId: row.replay_case_id,
  };
}

export interface DeadLetterCursor {
  receivedAt: Date;
  id: string;
}

/** A page of a source's dead letters, newest first, after the cursor. */
export async function listDeadLetters(db: Executor, sourceKey: string, limit: number, after?: DeadLetterCursor): Promise<DeadLetterRow[]> {
  let query = db.selectFrom('integration.ingest_dead_letter').select(DEAD_LETTER_COLUMNS).where('source_key', '=', sourceKey);
  if (after) query = query.where(sql<boolean>`(received_at, id) < (${after.receivedAt}::timestamptz, ${after.id}::uuid)`);
  const rows = await query.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toDeadLetterRow);
}

/** One dead letter with its sealed message, for a replay. */
export async function findDeadLetterWithMessage(tx: Executor, sourceKey: string, id: string): Promise<(DeadLetterRow & { sealedMessage: string }) | undefined> {
  const row = await tx
    .selectFrom('integration.ingest_dead_letter')
    .select([...DEAD_LETTER_COLUMNS, 'message'])
    .where('source_key', '=', sourceKey)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...toDeadLetterRow(row), sealedMessage: row.message };
}

export async function markDeadLetterReplayed(tx: Tx, id: string, caseId: string, at: Date): Promise<void> {
  await tx.updateTable('integration.ingest_dead_letter').set({ replayed_at: at, replay_case_id: caseId }).where('id', '=', id).execute();
}

/** A failed replay keeps the dead letter, with why the current mapping still refuses it. */
export async function setDeadLetterErrors(tx: Tx, id: string, reason: string, errors: FieldError[]): Promise<void> {
  await tx
    .updateTable('integration.ingest_dead_letter')
    .set({ reason, errors: JSON.stringify(errors) })
    .where('id', '=', id)
    .execute();
}
