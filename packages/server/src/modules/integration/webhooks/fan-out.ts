import type { Clock } from '../../../platform/clock/clock.ts';
import type { Database } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids/ids.ts';
import type { DispatchedOutboxEvent, OutboxSubscriber } from '../../../platform/outbox/index.ts';
import { isCaseActionAllowed } from '../../access/index.ts';
import { findFanOutCandidates, insertFanOut } from './webhook-store.ts';
import { loadOwnerPrincipal } from './webhook-owner.ts';

/** The case an event is about: the aggregate of a case event, else the payload's caseId. */
export function caseIdOf(event: DispatchedOutboxEvent): string | null {
  if (event.aggregateType === 'case') return event.aggregateId;
  const caseId = (event.payload as { caseId?: unknown } | null)?.caseId;
  return typeof caseId === 'string' ? caseId : null;
}

/**
 * The outbox subscriber 'webhooks': one delivery per active webhook the event matches (type, case
 * type, department subtree) and whose owner may read the case at all. Idempotent: an event the
 * dispatcher hands over again adds no delivery. The worker sends them.
 */
export function createWebhookFanOut(options: { database: Database; clock: Clock; onDeliveries?: () => void }): OutboxSubscriber {
  const { database, clock } = options;
  return {
    name: 'webhooks',
    types: ['*'],
    async handle(event) {
      const caseId = caseIdOf(event);
      const { candidates, policyCase } = await findFanOutCandidates(database.db, event.type, caseId);
      if (candidates.length === 0) return;
      const readers = new Map<string, boolean>();
      const webhookIds: string[] = [];
      for (const candidate of candidates) {
        let mayRead = readers.get(candidate.ownerId);
        if (mayRead === undefined) {
          const owner = await loadOwnerPrincipal(database.db, candidate.ownerId, candidate.webhookId);
          // No case (a presence change, a case type saved): an active owner is enough; a case
          // that is gone reaches nobody.
          mayRead = owner !== undefined && (caseId === null || (policyCase !== null && isCaseActionAllowed(owner, 'case:read', policyCase)));
          readers.set(candidate.ownerId, mayRead);
        }
        if (mayRead) webhookIds.push(candidate.webhookId);
      }
      const written = await insertFanOut(
        database.db,
        { eventId: String(event.id), type: event.type, caseId, payload: event.payload, occurredAt: event.createdAt },
        webhookIds,
        webhookIds.map(() => newId<string>()),
        clock.now(),
      );
      if (written > 0) options.onDeliveries?.();
    },
  };
}
