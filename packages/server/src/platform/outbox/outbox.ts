import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';

export interface OutboxEvent {
  subject: string;
  caseId: string | null;
  payload: unknown;
}

/**
 * Writes events for later delivery in the command's own transaction, so an event exists
 * exactly when its change committed. Payloads carry ids and changed field names only,
 * never field values: a subscriber reads the case through the API, masked for itself.
 */
export async function enqueueOutboxEvents(tx: Tx, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await sql`INSERT INTO platform.outbox_event (subject, case_id, payload)
    SELECT * FROM unnest(${events.map((e) => e.subject)}::text[], ${events.map((e) => e.caseId)}::uuid[],
                         ${events.map((e) => JSON.stringify(e.payload))}::jsonb[])`.execute(tx);
}
