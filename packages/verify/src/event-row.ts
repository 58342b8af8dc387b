import type { Json } from './encoding.ts';

/**
 * The audit.event columns as text, in the order eventDocument() reads them. Both the server's
 * sequencer and `docket-verify audit` select exactly this, so they see the same bytes: the time
 * keeps PostgreSQL's microseconds, jsonb columns come as PostgreSQL prints them.
 */
export const EVENT_COLUMNS_SQL = `e.id::text, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  e.actor_id::text, e.actor_name, e.on_behalf_of::text, e.action, e.target_type, e.target_id, e.case_id::text,
  e.changes::text, e.reason, e.request_id, e.client_ip, e.channel, e.data::text`;

/** The document committed to the ledger for one audit.event row (see encoding.ts). */
export function eventDocument(row: readonly (string | null)[]): Json {
  const [id, occurredAt, actorId, actorName, onBehalfOf, action, targetType, targetId, caseId, changes, reason, requestId, clientIp, channel, data] = row;
  return {
    id: Number(id),
    occurredAt: occurredAt ?? null,
    actorId: actorId ?? null,
    actorName: actorName ?? null,
    onBehalfOf: onBehalfOf ?? null,
    action: action ?? null,
    targetType: targetType ?? null,
    targetId: targetId ?? null,
    caseId: caseId ?? null,
    changes: changes == null ? [] : (JSON.parse(changes) as Json),
    reason: reason ?? null,
    requestId: requestId ?? null,
    clientIp: clientIp ?? null,
    channel: channel ?? null,
    data: data == null ? null : (JSON.parse(data) as Json),
  };
}
