import type { CommandContext } from '../../../platform/commands/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { applyCaseRouting } from '../../cases/index.ts';
import { routeCase } from '../decisions/route-case.ts';
import { listRefusersOfCase, setOfferState } from '../dispatch/offer-store.ts';
import type { ExpiredOffer } from './store.ts';

/**
 * An offer nobody answered in time: expired, the case taken back from the agent (unless someone
 * gave it to another person meanwhile) and routed again, never to anyone who declined it or let
 * an offer of it expire.
 */
export async function expireOffer(ctx: CommandContext, offer: ExpiredOffer): Promise<void> {
  await setOfferState(ctx.tx, [offer.id], 'expired', ctx.now);
  await recordAuditEvent(ctx, { action: 'routing.offer-expired', targetType: 'case', targetId: offer.caseId, caseId: offer.caseId, data: { offerId: offer.id, userId: offer.userId } });
  if (offer.caseAssigneeId !== offer.userId) return;
  await applyCaseRouting(ctx, offer.caseId, { assigneeId: null });
  await routeCase(ctx, offer.caseId, 'offer-expired', { excludeUserIds: await listRefusersOfCase(ctx.tx, offer.caseId) });
}
