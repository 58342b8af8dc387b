import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';

/** An event about one aggregate (a case, a task, …), written in the transaction that caused it. */
export interface OutboxEvent {
  /** From the domain event catalogue: 'case.created', 'case.status-changed', … */
  type: string;
  /** Which kind of thing the event is about: 'case'. With aggregateId, the key events are ordered by. */
  aggregateType: string;
  aggregateId: string;
  payload: unknown;
}

/**
 * Writes events for later delivery in the command's own transaction, so an event exists
 * exactly when its change committed. Payloads carry ids and changed field names only,
 * never field values: a subscriber reads the case through the API, masked for itself.
 */
export async function enqueueOutboxEvents(tx: Tx, events: readonly OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await sql`INSERT INTO platform.outbox_event (type, aggregate_type, aggregate_id, payload)
    SELECT * FROM unnest(${events.map((e) => e.type)}::text[], ${events.map((e) => e.aggregateType)}::text[],
                         ${events.map((e) => e.aggregateId)}::text[], ${events.map((e) => JSON.stringify(e.payload))}::jsonb[])`.execute(tx);
}
