import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { WebhookDeliveryStatus } from '../schemas.ts';

type Executor = Db | Tx;

export interface WebhookRow {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  caseTypes: string[];
  departmentIds: string[];
  ownerId: string;
  ownerName: string | null;
  active: boolean;
  secretHint: string;
  secretRotatedAt: Date;
  previousSecretValidUntil: Date | null;
  stats: { pending: number; retrying: number; dead: number; lastDeliveredAt: Date | null; lastFailureAt: Date | null };
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookValues {
  name: string;
  url: string;
  eventTypes: string[];
  caseTypes: string[];
  departmentIds: string[];
  ownerId: string;
  active: boolean;
}

interface WebhookDbRow {
  id: string;
  name: string;
  url: string;
  event_types: string[];
  case_types: string[];
  department_ids: string[];
  owner_id: string;
  owner_name: string | null;
  active: boolean;
  secret_hint: string;
  secret_rotated_at: Date;
  previous_secret_valid_until: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  pending: number;
  retrying: number;
  dead: number;
  last_delivered_at: Date | null;
  last_failure_at: Date | null;
}

// The counts come from the partial indexes on undelivered rows; the last times from the log index.
const selectWebhooks = sql`
  SELECT w.id, w.name, w.url, w.event_types, w.case_types, w.department_ids::text[] AS department_ids, w.owner_id, u.display_name AS owner_name,
         w.active, w.secret_hint, w.secret_rotated_at, w.previous_secret_valid_until, w.version, w.created_at, w.updated_at,
         (SELECT count(*)::int FROM integration.webhook_delivery d WHERE d.webhook_id = w.id AND d.status = 'pending') AS pending,
         (SELECT count(*)::int FROM integration.webhook_delivery d WHERE d.webhook_id = w.id AND d.status = 'retrying') AS retrying,
         (SELECT count(*)::int FROM integration.webhook_delivery d WHERE d.webhook_id = w.id AND d.status = 'dead') AS dead,
         (SELECT max(d.delivered_at) FROM integration.webhook_delivery d WHERE d.webhook_id = w.id AND d.status = 'succeeded') AS last_delivered_at,
         (SELECT max(a.at) FROM integration.webhook_attempt a JOIN integration.webhook_delivery d ON d.id = a.delivery_id
           WHERE d.webhook_id = w.id AND (a.response_status IS NULL OR a.response_status NOT BETWEEN 200 AND 299)) AS last_failure_at
    FROM integration.webhook w
    LEFT JOIN access.user u ON u.id = w.owner_id`;

function toWebhookRow(r: WebhookDbRow): WebhookRow {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    eventTypes: r.event_types,
    caseTypes: r.case_types,
    departmentIds: r.department_ids,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    active: r.active,
    secretHint: r.secret_hint,
    secretRotatedAt: r.secret_rotated_at,
    previousSecretValidUntil: r.previous_secret_valid_until,
    stats: { pending: r.pending, retrying: r.retrying, dead: r.dead, lastDeliveredAt: r.last_delivered_at, lastFailureAt: r.last_failure_at },
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findWebhook(db: Executor, id: string): Promise<WebhookRow | undefined> {
  const result = await sql<WebhookDbRow>`${selectWebhooks} WHERE w.id = ${id}`.execute(db);
  return result.rows[0] && toWebhookRow(result.rows[0]);
}

export async function listWebhooks(db: Executor): Promise<WebhookRow[]> {
  const result = await sql<WebhookDbRow>`${selectWebhooks} ORDER BY w.created_at, w.id`.execute(db);
  return result.rows.map(toWebhookRow);
}

export async function insertWebhook(tx: Executor, row: WebhookValues & { id: string; secretSealed: string; secretHint: string; createdBy: string; now: Date }): Promise<void> {
  await sql`INSERT INTO integration.webhook (id, name, url, event_types, case_types, department_ids, owner_id, active, secret_sealed, secret_hint, secret_rotated_at, created_by, created_at, updated_at)
    VALUES (${row.id}, ${row.name}, ${row.url}, ${row.eventTypes}, ${row.caseTypes}, ${row.departmentIds}::uuid[], ${row.ownerId}, ${row.active},
            ${row.secretSealed}, ${row.secretHint}, ${row.now}, ${row.createdBy}, ${row.now}, ${row.now})`.execute(tx);
}

/** False when the webhook is not at `version` (changed or deleted meanwhile). */
export async function updateWebhookIfVersion(tx: Executor, id: string, version: number, values: WebhookValues, now: Date): Promise<boolean> {
  const result = await sql`UPDATE integration.webhook
     SET name = ${values.name}, url = ${values.url}, event_types = ${values.eventTypes}, case_types = ${values.caseTypes},
         department_ids = ${values.departmentIds}::uuid[], owner_id = ${values.ownerId}, active = ${values.active}, version = version + 1, updated_at = ${now}
   WHERE id = ${id} AND version = ${version}`.execute(tx);
  return Number(result.numAffectedRows ?? 0) === 1;
}

export async function deleteWebhookIfVersion(tx: Executor, id: string, version: number): Promise<boolean> {
  const result = await sql`DELETE FROM integration.webhook WHERE id = ${id} AND version = ${version}`.execute(tx);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** The new secret signs from now; the one it replaces keeps signing until `previousValidUntil`. */
export async function rotateWebhookSecret(tx: Executor, id: string, sealed: string, hint: string, previousValidUntil: Date, now: Date): Promise<void> {
  await sql`UPDATE integration.webhook
     SET previous_secret_sealed = secret_sealed, previous_secret_valid_until = ${previousValidUntil},
         secret_sealed = ${sealed}, secret_hint = ${hint}, secret_rotated_at = ${now}, version = version + 1, updated_at = ${now}
   WHERE id = ${id}`.execute(tx);
}

export interface WebhookSendTarget {
  id: string;
  url: string;
  ownerId: string;
  active: boolean;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretValidUntil: Date | null;
}

export async function findSendTargets(db: Executor, ids: string[]): Promise<Map<string, WebhookSendTarget>> {
  if (ids.length === 0) return new Map();
  const result = await sql<{
    id: string;
    url: string;
    owner_id: string;
    active: boolean;
    secret_sealed: string;
    previous_secret_sealed: string | null;
    previous_secret_valid_until: Date | null;
  }>`SELECT id, url, owner_id, active, secret_sealed, previous_secret_sealed, previous_secret_valid_until FROM integration.webhook WHERE id = ANY(${ids}::uuid[])`.execute(db);
  return new Map(
    result.rows.map((r) => [
      r.id,
      {
        id: r.id,
        url: r.url,
        ownerId: r.owner_id,
        active: r.active,
        secretSealed: r.secret_sealed,
        previousSecretSealed: r.previous_secret_sealed,
        previousSecretValidUntil: r.previous_secret_valid_until,
      },
    ]),
  );
}

/** A person (not a system actor), active: who a webhook's deliveries may be cut to. */
export async function findActivePerson(db: Executor, userId: string): Promise<{ id: string; username: string; displayName: string; departmentId: string | null; roles: string[] } | undefined> {
  const result = await sql<{ id: string; username: string; display_name: string; department_id: string | null; roles: string[] }>`
    SELECT id, username, display_name, department_id, roles FROM access.user WHERE id = ${userId} AND status = 'active' AND kind <> 'system'`.execute(db);
  const r = result.rows[0];
  return r && { id: r.id, username: r.username, displayName: r.display_name, departmentId: r.department_id, roles: r.roles };
}

/** Which of these ids are not departments. */
export async function findUnknownDepartments(db: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const result = await sql<{ id: string }>`SELECT x.id::text AS id FROM unnest(${ids}::uuid[]) AS x(id) WHERE NOT EXISTS (SELECT 1 FROM access.department d WHERE d.id = x.id)`.execute(db);
  return result.rows.map((r) => r.id);
}

// ---- deliveries ---------------------------------------------------------------------------

export interface DeliveryRow {
  id: string;
  seq: number;
  webhookId: string;
  eventId: string;
  eventType: string;
  caseId: string | null;
  payload: unknown;
  occurredAt: Date;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  responseStatus: number | null;
  error: string | null;
  durationMs: number | null;
  createdAt: Date;
  deliveredAt: Date | null;
  replayOf: string | null;
}

interface DeliveryDbRow {
  id: string;
  seq: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  case_id: string | null;
  payload: unknown;
  occurred_at: Date;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  response_status: number | null;
  error: string | null;
  duration_ms: number | null;
  created_at: Date;
  delivered_at: Date | null;
  replay_of: string | null;
}

function toDeliveryRow(r: DeliveryDbRow): DeliveryRow {
  return {
    id: r.id,
    seq: Number(r.seq),
    webhookId: r.webhook_id,
    eventId: r.event_id,
    eventType: r.event_type,
    caseId: r.case_id,
    payload: r.payload,
    occurredAt: r.occurred_at,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastAttemptAt: r.last_attempt_at,
    responseStatus: r.response_status,
    error: r.error,
    durationMs: r.duration_ms,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
    replayOf: r.replay_of,
  };
}

export interface NewDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  caseId: string | null;
  payload: unknown;
  occurredAt: Date;
  replayOf: string | null;
}

export async function insertDelivery(tx: Executor, delivery: NewDelivery, now: Date): Promise<DeliveryRow> {
  const result = await sql<DeliveryDbRow>`INSERT INTO integration.webhook_delivery (id, webhook_id, event_id, event_type, case_id, payload, occurred_at, next_attempt_at, created_at, replay_of)
    VALUES (${delivery.id}, ${delivery.webhookId}, ${delivery.eventId}, ${delivery.eventType}, ${delivery.caseId}, ${JSON.stringify(delivery.payload ?? null)}::jsonb,
            ${delivery.occurredAt}, ${now}, ${now}, ${delivery.replayOf})
    RETURNING *`.execute(tx);
  return toDeliveryRow(result.rows[0]!);
}

export async function findDelivery(db: Executor, webhookId: string, deliveryId: string): Promise<DeliveryRow | undefined> {
  const result = await sql<DeliveryDbRow>`SELECT * FROM integration.webhook_delivery WHERE id = ${deliveryId} AND webhook_id = ${webhookId}`.execute(db);
  return result.rows[0] && toDeliveryRow(result.rows[0]);
}

/** Newest first; the cursor is the seq of the last row given. */
export async function listDeliveries(db: Executor, webhookId: string, options: { status?: WebhookDeliveryStatus; limit: number; beforeSeq?: number }): Promise<DeliveryRow[]> {
  const result = await sql<DeliveryDbRow>`SELECT * FROM integration.webhook_delivery
    WHERE webhook_id = ${webhookId}
      ${options.status ? sql`AND status = ${options.status}` : sql``}
      ${options.beforeSeq !== undefined ? sql`AND seq < ${options.beforeSeq}` : sql``}
    ORDER BY seq DESC LIMIT ${options.limit}`.execute(db);
  return result.rows.map(toDeliveryRow);
}

// ---- fan-out ------------------------------------------------------------------------------

export interface FanOutCandidate {
  webhookId: string;
  ownerId: string;
}

export interface CasePolicyFacts {
  id: string;
  typeKey: string;
  createdBy: string;
  assigneeId: string | null;
  departmentId: string | null;
  tags: string[];
  sensitivity: 'normal' | 'confidential' | 'secret';
}

/**
 * The active webhooks an event of `type` (about case `caseId`, or none) goes to by their own
 * filters: event type, case type, department subtree; and the case's policy facts, in one
 * statement. A filtered webhook gets no event without a case. The owner's read is decided by the caller.
 */
export async function findFanOutCandidates(db: Executor, type: string, caseId: string | null): Promise<{ candidates: FanOutCandidate[]; policyCase: CasePolicyFacts | null }> {
  const result = await sql<{
    webhook_id: string;
    owner_id: string;
    case_id: string | null;
    type_key: string | null;
    created_by: string | null;
    assignee_id: string | null;
    department_id: string | null;
    tags: string[] | null;
    sensitivity: CasePolicyFacts['sensitivity'] | null;
  }>`
    SELECT w.id AS webhook_id, w.owner_id, c.id AS case_id, c.type_key, c.created_by, c.assignee_id, c.department_id, c.tags, c.sensitivity
      FROM integration.webhook w
      LEFT JOIN cases.case c ON c.id = ${caseId}::uuid
     WHERE w.active
       AND (w.event_types @> ARRAY['*'] OR w.event_types @> ARRAY[${type}::text])
       AND (cardinality(w.case_types) = 0 OR c.type_key = ANY(w.case_types))
       AND (cardinality(w.department_ids) = 0 OR EXISTS (
             SELECT 1 FROM access.department f JOIN access.department cd ON cd.path LIKE f.path || '%'
              WHERE f.id = ANY(w.department_ids) AND cd.id = c.department_id))`.execute(db);
  const first = result.rows.find((r) => r.case_id !== null);
  const policyCase = first
    ? {
        id: first.case_id!,
        typeKey: first.type_key!,
        createdBy: first.created_by!,
        assigneeId: first.assignee_id,
        departmentId: first.department_id,
        tags: first.tags ?? [],
        sensitivity: first.sensitivity!,
      }
    : null;
  return { candidates: result.rows.map((r) => ({ webhookId: r.webhook_id, ownerId: r.owner_id })), policyCase };
}

/** One delivery per webhook for the event; a redelivered event adds nothing (unique per webhook and event). */
export async function insertFanOut(
  db: Executor,
  event: { eventId: string; type: string; caseId: string | null; payload: unknown; occurredAt: Date },
  webhookIds: string[],
  ids: string[],
  now: Date,
): Promise<number> {
  if (webhookIds.length === 0) return 0;
  const result = await sql`INSERT INTO integration.webhook_delivery (id, webhook_id, event_id, event_type, case_id, payload, occurred_at, next_attempt_at, created_at)
    SELECT x.id, x.webhook_id, ${event.eventId}, ${event.type}, ${event.caseId}::uuid, ${JSON.stringify(event.payload ?? null)}::jsonb, ${event.occurredAt}, ${now}, ${now}
      FROM unnest(${ids}::uuid[], ${webhookIds}::uuid[]) AS x(id, webhook_id)
    ON CONFLICT (webhook_id, event_id) WHERE replay_of IS NULL DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

// ---- the delivery worker ------------------------------------------------------------------

/**
 * Takes up to `limit` due deliveries, each the oldest undelivered one of its (webhook, case), and
 * leases them until `leaseUntil` (another process skips them; a crash lets the lease run out and
 * the delivery is tried again). Deliveries of inactive webhooks wait.
 */
export async function claimDueDeliveries(db: Executor, now: Date, limit: number, leaseUntil: Date): Promise<DeliveryRow[]> {
  const result = await sql<DeliveryDbRow>`
    WITH due AS (
      SELECT d.id FROM integration.webhook_delivery d
        JOIN integration.webhook w ON w.id = d.webhook_id AND w.active
       WHERE d.status IN ('pending', 'retrying') AND d.next_attempt_at <= ${now}
         AND (d.case_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM integration.webhook_delivery e
                WHERE e.webhook_id = d.webhook_id AND e.case_id = d.case_id AND e.status IN ('pending', 'retrying') AND e.seq < d.seq))
       ORDER BY d.next_attempt_at, d.seq
       LIMIT ${limit}
       FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE integration.webhook_delivery d SET next_attempt_at = ${leaseUntil}
      FROM due WHERE d.id = due.id
    RETURNING d.*`.execute(db);
  return result.rows.map(toDeliveryRow).sort((a, b) => a.seq - b.seq);
}

export interface AttemptOutcome {
  deliveryId: string;
  attempt: number;
  at: Date;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
  status: WebhookDeliveryStatus;
  nextAttemptAt: Date | null;
}

/** The delivery's new state and its attempt's log line, in one statement. */
export async function recordAttempt(db: Executor, o: AttemptOutcome): Promise<void> {
  await sql`
    WITH attempt AS (
      INSERT INTO integration.webhook_attempt (delivery_id, attempt, at, response_status, error, duration_ms)
      VALUES (${o.deliveryId}, ${o.attempt}, ${o.at}, ${o.responseStatus}, ${o.error}, ${o.durationMs})
      ON CONFLICT DO NOTHING
    )
    UPDATE integration.webhook_delivery
       SET status = ${o.status}, attempts = ${o.attempt}, next_attempt_at = ${o.nextAttemptAt}, last_attempt_at = ${o.at},
           response_status = ${o.responseStatus}, error = ${o.error}, duration_ms = ${o.durationMs},
           delivered_at = ${o.status === 'succeeded' ? o.at : null}
     WHERE id = ${o.deliveryId}`.execute(db);
}

export async function deleteSucceededBefore(db: Executor, before: Date, limit: number): Promise<number> {
  const result = await sql`DELETE FROM integration.webhook_delivery WHERE id IN (
      SELECT id FROM integration.webhook_delivery WHERE status = 'succeeded' AND delivered_at < ${before} LIMIT ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export async function countUndeliveredByWebhook(db: Executor): Promise<{ webhookId: string; pending: number; dead: number }[]> {
  const result = await sql<{ webhook_id: string; pending: number; dead: number }>`
    SELECT webhook_id, count(*) FILTER (WHERE status IN ('pending', 'retrying'))::int AS pending, count(*) FILTER (WHERE status = 'dead')::int AS dead
      FROM integration.webhook_delivery WHERE status IN ('pending', 'retrying', 'dead') GROUP BY webhook_id`.execute(db);
  return result.rows.map((r) => ({ webhookId: r.webhook_id, pending: r.pending, dead: r.dead }));
}
