import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { FieldChange } from '../../platform/db/tables.ts';
import type { AuditAction } from '../../platform/events/index.ts';

export interface AuditEventInput {
  occurredAt: Date;
  actorId: string | null;
  actorName: string | null;
  onBehalfOf?: string | null;
  action: AuditAction;
  targetType: string;
  targetId: string;
  caseId?: string | null;
  changes?: FieldChange[];
  reason?: string | null;
  requestId?: string | null;
  clientIp?: string | null;
  channel?: string | null;
  data?: unknown;
}

export async function insertAuditEvent(tx: Db | Tx, event: AuditEventInput): Promise<void> {
  await insertAuditEvents(tx, [event]);
}

// Many events in one statement, the batch as one JSON document (see cases' insertCases for why).
export async function insertAuditEvents(tx: Db | Tx, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const batch = JSON.stringify(
    events.map((e) => ({
      occurred_at: e.occurredAt,
      actor_id: e.actorId,
      actor_name: e.actorName,
      on_behalf_of: e.onBehalfOf ?? null,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      case_id: e.caseId ?? null,
      changes: e.changes ?? [],
      reason: e.reason ?? null,
      request_id: e.requestId ?? null,
      client_ip: e.clientIp ?? null,
      channel: e.channel ?? null,
      data: e.data === undefined ? null : e.data,
    })),
  );
  await sql`
    INSERT INTO audit.event (occurred_at, actor_id, actor_name, on_behalf_of, action, target_type, target_id, case_id,
                             changes, reason, request_id, client_ip, channel, data)
    SELECT u.occurred_at, u.actor_id, u.actor_name, u.on_behalf_of, u.action, u.target_type, u.target_id, u.case_id,
           u.changes, u.reason, u.request_id, u.client_ip, u.channel, u.data
    FROM jsonb_to_recordset(${batch}::jsonb)
      AS u(occurred_at timestamptz, actor_id uuid, actor_name text, on_behalf_of uuid, action text, target_type text, target_id text,
           case_id uuid, changes jsonb, reason text, request_id text, client_ip text, channel text, data jsonb)`.execute(tx);
}

export interface AuditEventRow {
  id: number;
  occurredAt: Date;
  actorId: string | null;
  actorName: string | null;
  onBehalfOf: string | null;
  action: string;
  targetType: string;
  targetId: string;
  caseId: string | null;
  changes: FieldChange[];
  reason: string | null;
  requestId: string | null;
  clientIp: string | null;
  channel: string | null;
  data: unknown;
}

/** How many events of an action an actor wrote since a time: per-user rate limits that hold across processes. */
export async function countRecentEventsOfActor(tx: Db | Tx, actorId: string, action: string, since: Date): Promise<number> {
  const row = await tx
    .selectFrom('audit.event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('action', '=', action)
    .where('actor_id', '=', actorId)
    .where('occurred_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One event of one case, or undefined: an id of another case's event answers nothing. */
export async function findEventOfCase(tx: Tx, caseId: string, eventId: number): Promise<AuditEventRow | undefined> {
  const [first] = await listEventsOfCase(tx, caseId, eventId - 1, 1);
  return first?.id === eventId ? first : undefined;
}

export async function listEventsOfCase(tx: Tx, caseId: string, afterId = 0, limit = 500): Promise<AuditEventRow[]> {
  const rows = await tx.selectFrom('audit.event').selectAll().where('case_id', '=', caseId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    onBehalfOf: row.on_behalf_of,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    caseId: row.case_id,
    changes: row.changes,
    reason: row.reason,
    requestId: row.request_id,
    clientIp: row.client_ip,
    channel: row.channel,
    data: row.data,
  }));
}
