import { createHash } from 'node:crypto';
import type { ConsumedResult, IngestBatch } from './types.ts';

/**
 * Hands the ingestion each batch ordered by a digest of the message body, and the results back in
 * the broker's order. Batches written at once (two per consumer, more across processes) that hold
 * the same alert twice — a resent message has the same body — then insert its external id in the
 * same order, so they wait on each other instead of deadlocking on the unique index.
 */
export function inLockOrder(ingest: IngestBatch): IngestBatch {
  return async (sourceKey, messages) => {
    const digest = (body: Buffer) => createHash('sha1').update(body).digest('hex');
    const ordered = messages.map((m) => ({ m, d: digest(m.body) })).sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : 0));
    const results = await ingest(
      sourceKey,
      ordered.map((o) => o.m),
    );
    const byRef = new Map<string, ConsumedResult>(results.map((r) => [r.ref, r]));
    // Aligned with the messages: one without a result (none is expected) stays a hole the consumer gives back.
    return messages.map((m) => byRef.get(m.ref)) as ConsumedResult[];
  };
}
