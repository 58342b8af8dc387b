import type { CommandContext } from '../../platform/commands/index.ts';
import { createCaseBatch, loadBulkCaseTypes, type BulkCaseTypes, type BulkLineResult, type ParsedLine } from './bulk-create-cases.ts';

/**
 * The ingestion path: case inputs in, one result per input out, written in batches of one
 * transaction each, idempotent by (source, external id). The NDJSON bulk route feeds it lines;
 * message consumers feed it messages. It owns only the batching: how a batch is written
 * (validation, numbering, sealing, multi-row inserts, audit and outbox) is createCaseBatch's.
 */

/** One input: `line` is the caller's reference (a line number, a message offset), returned with its result. */
export type IngestItem = ParsedLine;
export type IngestResult = BulkLineResult;

export interface IngestOptions {
  /**
   * Runs fn in one transaction as the acting principal and commits when it returns: an HTTP route
   * passes its command runner bound to the request, a consumer its system actor's command.
   */
  inTransaction: <T>(fn: (ctx: CommandContext) => Promise<T>) => Promise<T>;
  /** Case types to validate against; loaded in the first batch's transaction when left out. */
  caseTypes?: BulkCaseTypes;
  /** Inputs per transaction: large enough to amortise round trips, small enough to keep locks short. */
  batchSize?: number;
  /** Batches written at once: while PostgreSQL writes one, Node validates and seals the next. */
  concurrentBatches?: number;
}

export const INGEST_BATCH_SIZE = 1_000;
export const INGEST_CONCURRENT_BATCHES = 2;

/**
 * Writes inputs as they arrive and yields each batch's results once its transaction has
 * committed, in input order. A batch that fails (the database refused it) rejects the
 * iteration: the batches already yielded stay committed, so a consumer acknowledges what it
 * was given and redelivers the rest, which the external ids make safe to replay.
 */
export async function* ingestCases(items: AsyncIterable<IngestItem> | Iterable<IngestItem>, options: IngestOptions): AsyncGenerator<IngestResult[]> {
  const batchSize = options.batchSize ?? INGEST_BATCH_SIZE;
  const concurrent = Math.max(1, options.concurrentBatches ?? INGEST_CONCURRENT_BATCHES);
  // Loaded once, by the first batch's transaction; later batches wait for the same answer.
  let caseTypes: Promise<BulkCaseTypes> | undefined = options.caseTypes && Promise.resolve(options.caseTypes);
  const inFlight: Promise<IngestResult[]>[] = [];
  const write = (batch: IngestItem[]) =>
    options.inTransaction(async (ctx) => {
      caseTypes ??= loadBulkCaseTypes(ctx);
      return createCaseBatch(ctx, batch, await caseTypes);
    });
  // A rejection is only observed when its turn to be yielded comes; until then it must not count as unhandled.
  const start = (batch: IngestItem[]) => {
    const written = write(batch);
    written.catch(() => undefined);
    inFlight.push(written);
  };
  let batch: IngestItem[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length < batchSize) continue;
    start(batch);
    batch = [];
    if (inFlight.length >= concurrent) yield await inFlight.shift()!;
  }
  if (batch.length > 0) start(batch);
  while (inFlight.length > 0) yield await inFlight.shift()!;
}

/** All results of ingesting items, in input order. */
export async function ingestAllCases(items: AsyncIterable<IngestItem> | Iterable<IngestItem>, options: IngestOptions): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for await (const batch of ingestCases(items, options)) results.push(...batch);
  return results;
}

/** Counts of a result list, as the bulk answer states them. */
export function countIngestResults(results: IngestResult[]): { created: number; duplicates: number; invalid: number; refused: number } {
  const counts = { created: 0, duplicates: 0, invalid: 0, refused: 0 };
  for (const r of results) {
    if (r.status === 'created') counts.created++;
    else if (r.status === 'duplicate') counts.duplicates++;
    else if (r.status === 'invalid') counts.invalid++;
    else counts.refused++;
  }
  return counts;
}
