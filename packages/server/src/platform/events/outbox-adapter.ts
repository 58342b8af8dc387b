import type { Tx } from '../db/database.ts';
import { enqueueOutboxEvents } from '../outbox/outbox.ts';
import type { DomainEvent } from './domain-events.ts';

/** The one place domain events meet the outbox row's shape. */
export async function writeEventsToOutbox(tx: Tx, events: readonly DomainEvent[]): Promise<void> {
  await enqueueOutboxEvents(
    tx,
    events.map((event) => ({ type: event.type, aggregateType: event.aggregateType, aggregateId: event.aggregateId, payload: event.payload })),
  );
}
