import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { applyCaseRouting } from '../../cases/index.ts';
import { routeCase } from '../decisions/route-case.ts';
import { listRefusersOfCase, lockOffer, setOfferState, type OfferView } from './offer-store.ts';
import { dispatchProblems } from './problems.ts';

/** The offer, if it is the actor's and still pending; refused (changing nothing) otherwise. */
async function lockOwnPendingOfferOrThrow(ctx: CommandContext, offerId: string): Promise<OfferView> {
  const offer = await lockOffer(ctx.tx, offerId);
  if (!offer) throw dispatchProblems.offerNotFound({ detail: `No routing offer ${offerId}` });
  if (offer.userId !== ctx.actor.userId) throw httpProblems.forbidden({ detail: 'Only the agent a case is offered to may answer the offer' });
  // Past its time but not yet swept by the worker: expired all the same.
  const state = offer.state === 'pending' && offer.expiresAt <= ctx.now ? 'expired' : offer.state;
  if (state !== 'pending') throw dispatchProblems.offerAnswered({ detail: `The offer is ${state}`, state });
  return offer;
}

/** The agent accepts: the case, assigned to them while offered, stays theirs. */
export async function acceptOffer(ctx: CommandContext, offerId: string): Promise<OfferView> {
  const offer = await lockOwnPendingOfferOrThrow(ctx, offerId);
  await setOfferState(ctx.tx, [offer.id], 'accepted', ctx.now);
  await recordAuditEvent(ctx, { action: 'routing.offer-accepted', targetType: 'case', targetId: offer.caseId, caseId: offer.caseId, data: { offerId: offer.id, queue: offer.queue.key } });
  return { ...offer, state: 'accepted' };
}

/**
 * The agent declines: the case is taken from them and routed again, never to anyone who declined
 * it or let an offer of it expire.
 */
export async function declineOffer(ctx: CommandContext, offerId: string, reason: string | null): Promise<OfferView> {
  const offer = await lockOwnPendingOfferOrThrow(ctx, offerId);
  await setOfferState(ctx.tx, [offer.id], 'declined', ctx.now, reason);
  await recordAuditEvent(ctx, { action: 'routing.offer-declined', targetType: 'case', targetId: offer.caseId, caseId: offer.caseId, reason, data: { offerId: offer.id, queue: offer.queue.key } });
  // Given to someone else meanwhile (a supervisor's override): theirs it stays.
  if (offer.caseAssigneeId !== offer.userId) return { ...offer, state: 'declined' };
  await applyCaseRouting(ctx, offer.caseId, { assigneeId: null });
  await routeCase(ctx, offer.caseId, 'offer-declined', { excludeUserIds: await listRefusersOfCase(ctx.tx, offer.caseId) });
  return { ...offer, state: 'declined' };
}
