import type { Tx } from '../db/database.ts';
import { enqueueOutboxEvents } from '../outbox/outbox.ts';
import type { DomainEvent } from './domain-events.ts';

/**
 * The one place domain events meet the outbox row's shape. The outbox is becoming generic
 * ({ type, aggregateType, aggregateId, payload }); until then a case event maps onto the
 * case-shaped row, and only this function changes when the row does.
 */
export async function writeEventsToOutbox(tx: Tx, events: readonly DomainEvent[]): Promise<void> {
  await enqueueOutboxEvents(
    tx,
    events.map((event) => ({ subject: event.type, caseId: event.aggregateType === 'case' ? event.aggregateId : null, payload: event.payload })),
  );
}
