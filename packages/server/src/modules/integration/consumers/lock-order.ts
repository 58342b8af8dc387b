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
    const ordered = messages.map((m, index) => ({ m, index, d: digest(m.body) })).sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : a.index - b.index));
    const results = await ingest(
      sourceKey,
      ordered.map((o) => o.m),
    );
    // By position, not by ref: a message redelivered while its first copy still waited here is in
    // the batch twice with one ref, and each copy has its own result (created, then duplicate).
    const back: ConsumedResult[] = new Array(messages.length);
    for (const [j, o] of ordered.entries()) {
      const result = results[j];
      if (result) back[o.index] = result;
    }
    // Aligned with the messages: one without a result (none is expected) stays a hole the consumer gives back.
    return back;
  };
}
