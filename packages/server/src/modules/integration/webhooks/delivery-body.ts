import type { CommandRunner } from '../../../platform/commands/index.ts';
import type { Principal } from '../../../platform/http/principal.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { presentCase, readCase } from '../../cases/index.ts';
import type { DeliveryRow } from './webhook-store.ts';

/**
 * The body of a delivery, built when it is sent: the event and the case as the webhook's owner
 * reads it now through GET /cases/{id} (the same view builder, the owner's field rules). A case
 * the owner may no longer read (or that is gone), or an owner no longer active (undefined), gives
 * null; the event's payload carries only ids.
 */
export async function buildDeliveryBody(deps: { commands: CommandRunner }, delivery: DeliveryRow, owner: Principal | undefined): Promise<string> {
  let caseView: unknown = null;
  if (delivery.caseId) {
    if (owner) {
      try {
        caseView = await deps.commands.inQuery({ actor: owner, channel: 'webhook', requestId: `webhook:${delivery.id}` }, async (ctx) => presentCase(ctx, await readCase(ctx, delivery.caseId!)));
      } catch (error) {
        if (!(error instanceof Problem && (error.status === 403 || error.status === 404))) throw error;
      }
    }
  }
  return JSON.stringify({
    id: delivery.id,
    eventId: delivery.eventId,
    type: delivery.eventType,
    occurredAt: delivery.occurredAt.toISOString(),
    webhookId: delivery.webhookId,
    data: delivery.payload,
    case: caseView,
  });
}
