import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';

export const OFFER_STATES = ['pending', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type OfferState = (typeof OFFER_STATES)[number];

export interface OfferView {
  id: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  queue: { id: string; key: string; name: string };
  userId: string;
  state: OfferState;
  offeredAt: Date;
  expiresAt: Date;
  /** Who holds the case now: the offered agent, unless someone gave it to another person meanwhile. */
  caseAssigneeId: string | null;
}

type OfferSelect = {
  id: string;
  case_id: string;
  number: string;
  title: string;
  queue_id: string;
  queue_key: string;
  queue_name: string;
  user_id: string;
  state: OfferState;
  offered_at: Date;
  expires_at: Date;
  assignee_id: string | null;
};

const OFFER_COLUMNS = sql`o.id, o.case_id, c.number, c.title, o.queue_id, q.key AS queue_key, q.name AS queue_name, o.user_id, o.state, o.offered_at, o.expires_at, c.assignee_id`;

function toOfferView(r: OfferSelect): OfferView {
  return {
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.number,
    // The case row's title at rest: the masked copy when it holds personal data.
    caseTitle: r.title,
    queue: { id: r.queue_id, key: r.queue_key, name: r.queue_name },
    userId: r.user_id,
    state: r.state,
    offeredAt: r.offered_at,
    expiresAt: r.expires_at,
    caseAssigneeId: r.assignee_id,
  };
}

/** The offers waiting for this agent's answer, soonest expiring first. */
export async function listPendingOffersOf(tx: Tx, userId: string): Promise<OfferView[]> {
  const result = await sql<OfferSelect>`
    SELECT ${OFFER_COLUMNS} FROM routing.offer o JOIN cases.case c ON c.id = o.case_id JOIN routing.queue q ON q.id = o.queue_id
     WHERE o.user_id = ${userId}::uuid AND o.state = 'pending'
     ORDER BY o.expires_at, o.id`.execute(tx);
  return result.rows.map(toOfferView);
}

/** One offer and its case, locked until the command commits (its answer and the worker's expiry never both apply). */
export async function lockOffer(tx: Tx, offerId: string): Promise<OfferView | undefined> {
  const result = await sql<OfferSelect>`
    SELECT ${OFFER_COLUMNS} FROM routing.offer o JOIN cases.case c ON c.id = o.case_id JOIN routing.queue q ON q.id = o.queue_id
     WHERE o.id = ${offerId}::uuid FOR UPDATE OF o, c`.execute(tx);
  return result.rows[0] && toOfferView(result.rows[0]);
}

export async function setOfferState(tx: Tx, offerIds: string[], state: OfferState, at: Date, reason: string | null = null): Promise<void> {
  if (offerIds.length === 0) return;
  await sql`UPDATE routing.offer SET state = ${state}, answered_at = ${at}, reason = ${reason} WHERE id = ANY(${offerIds}::uuid[])`.execute(tx);
}

/** Everyone who declined this case or let an offer of it expire: never offered it again. */
export async function listRefusersOfCase(tx: Tx, caseId: string): Promise<string[]> {
  const result = await sql<{ user_id: string }>`
    SELECT DISTINCT user_id FROM routing.offer WHERE case_id = ${caseId}::uuid AND state IN ('declined', 'expired') ORDER BY user_id`.execute(tx);
  return result.rows.map((r) => r.user_id);
}

/**
 * Claims pending offers past their time, at most `limit`, skipping those another transaction
 * holds (an agent answering right now, another process's worker).
 */
export async function claimExpiredOffers(tx: Tx, now: Date, limit: number): Promise<{ id: string; caseId: string; userId: string; queueId: string }[]> {
  const result = await sql<{ id: string; case_id: string; user_id: string; queue_id: string }>`
    SELECT id, case_id, user_id, queue_id FROM routing.offer
     WHERE state = 'pending' AND expires_at <= ${now}
     ORDER BY expires_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(tx);
  return result.rows.map((r) => ({ id: r.id, caseId: r.case_id, userId: r.user_id, queueId: r.queue_id }));
}
