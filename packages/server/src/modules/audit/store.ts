import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { FieldChange } from '../../platform/db/tables.ts';

export interface AuditEventInput {
  occurredAt: Date;
  actorId: string | null;
  actorName: string | null;
  onBehalfOf?: string | null;
  action: string;
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

// Many events in one statement: the bulk create path writes thousands per batch.
export async function insertAuditEvents(tx: Db | Tx, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const column = <K extends keyof AuditEventInput>(key: K) => events.map((e) => e[key] ?? null);
  await sql`
    INSERT INTO audit.event (occurred_at, actor_id, actor_name, on_behalf_of, action, target_type, target_id, case_id,
                             changes, reason, request_id, client_ip, channel, data)
    SELECT * FROM unnest(${column('occurredAt')}::timestamptz[], ${column('actorId')}::uuid[], ${column('actorName')}::text[],
                         ${column('onBehalfOf')}::uuid[], ${column('action')}::text[], ${column('targetType')}::text[],
                         ${column('targetId')}::text[], ${column('caseId')}::uuid[],
                         ${events.map((e) => JSON.stringify(e.changes ?? []))}::jsonb[], ${column('reason')}::text[],
                         ${column('requestId')}::text[], ${column('clientIp')}::text[], ${column('channel')}::text[],
                         ${events.map((e) => (e.data === undefined ? null : JSON.stringify(e.data)))}::jsonb[])`.execute(tx);
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

export async function listEventsOfCase(tx: Tx, caseId: string, afterId = 0, limit = 500): Promise<AuditEventRow[]> {
  const rows = await tx
    .selectFrom('audit.event')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
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
