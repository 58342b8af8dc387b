import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';

// The customer timeline: one UNION ALL over every source, each already limited to what the reader
// may see (the customer's visible cases, the record the reader may read), keyset paged on
// (at, key) newest first. `key` is unique across sources: a prefix per source and the row's id.

export const TIMELINE_ITEM_TYPES = ['case-created', 'case-status-changed', 'case-replied', 'task-created', 'task-completed', 'sla-breached', 'record-changed', 'rule-ran'] as const;
export type TimelineItemType = (typeof TIMELINE_ITEM_TYPES)[number];

export interface TimelineRow {
  key: string;
  type: TimelineItemType;
  at: Date;
  caseId: string | null;
  /** The task, the audit event's action, the rule run… as the type says. */
  refId: string | null;
  /** Status from/to, task name, rule key/name/status, audit action and changed field keys (never values). */
  detail: Record<string, unknown>;
}

export interface TimelineKeyset {
  at: string;
  key: string;
}

/**
 * `caseIds`: SQL selecting the ids of the customer's cases the reader may read, or null when the
 * reader may read no case. `includeTasks`: tasks of those cases and the record's follow-up tasks.
 */
export async function listTimelinePage(tx: Tx, input: { recordId: string; caseIds: RawBuilder<unknown> | null; after: TimelineKeyset | undefined; limit: number }): Promise<TimelineRow[]> {
  const { recordId, caseIds } = input;
  const before = input.after ? sql`(t.at, t.key) < (${input.after.at}::timestamptz, ${input.after.key})` : sql`TRUE`;
  const sources: RawBuilder<unknown>[] = [
    // The record's own changes, from the audit ledger: the action and the changed field keys only.
    sql`SELECT 'a:' || lpad(e.id::text, 20, '0') AS key, 'record-changed' AS type, e.occurred_at AS at, NULL::uuid AS case_id, NULL::text AS ref_id,
               jsonb_build_object('action', e.action, 'actorName', e.actor_name,
                 'fields', coalesce((SELECT jsonb_agg(DISTINCT c->>'field') FROM jsonb_array_elements(CASE WHEN jsonb_typeof(e.changes) = 'array' THEN e.changes ELSE '[]'::jsonb END) c), '[]'::jsonb)) AS detail
          FROM audit.event e WHERE e.target_type = 'record' AND e.target_id = ${recordId}`,
    // Rule runs on the record (index run_subject_idx).
    sql`SELECT 'u:' || r.id::text, 'rule-ran', r.started_at, NULL::uuid, r.id::text,
               jsonb_build_object('ruleKey', u.key, 'ruleName', u.name, 'status', r.status)
          FROM automation.run r JOIN automation.rule u ON u.id = r.rule_id WHERE r.subject_id = ${recordId}::uuid`,
    // Follow-up tasks the automation created about the record.
    sql`SELECT 'tc:' || id::text, 'task-created', created_at, case_id, id::text, jsonb_build_object('name', name, 'kind', kind, 'state', state)
          FROM process.task WHERE system = 'automation' AND (strpos(coalesce(link, ''), ${recordId}) > 0 OR strpos(coalesce(external_id, ''), ${recordId}) > 0)`,
    sql`SELECT 'td:' || id::text, 'task-completed', completed_at, case_id, id::text, jsonb_build_object('name', name, 'kind', kind, 'state', state, 'outcome', outcome)
          FROM process.task WHERE completed_at IS NOT NULL AND system = 'automation' AND (strpos(coalesce(link, ''), ${recordId}) > 0 OR strpos(coalesce(external_id, ''), ${recordId}) > 0)`,
  ];
  if (caseIds !== null) {
    sources.push(
      sql`SELECT 'c:' || c.id::text, 'case-created', c.created_at, c.id, NULL::text, jsonb_build_object('number', c.number, 'status', c.status, 'channel', c.channel)
            FROM cases.case c WHERE c.id IN (${caseIds})`,
      sql`SELECT 's:' || lpad(e.id::text, 20, '0'), 'case-status-changed', e.occurred_at, e.case_id, NULL::text,
                 jsonb_build_object('from', (SELECT c->'before' FROM jsonb_array_elements(e.changes) c WHERE c->>'field' = 'status' LIMIT 1),
                                    'to', (SELECT c->'after' FROM jsonb_array_elements(e.changes) c WHERE c->>'field' = 'status' LIMIT 1))
            FROM audit.event e WHERE e.case_id IN (${caseIds}) AND e.action = 'case.status-changed'`,
      // Public replies to the customer: when, on which case, by which channel — never the text.
      sql`SELECT 'r:' || m.id::text, 'case-replied', m.created_at, m.case_id, m.id::text, jsonb_build_object('channel', m.channel)
            FROM cases.comment m WHERE m.case_id IN (${caseIds}) AND m.visibility = 'public'`,
      sql`SELECT 'tc:' || id::text, 'task-created', created_at, case_id, id::text, jsonb_build_object('name', name, 'kind', kind, 'state', state)
            FROM process.task WHERE case_id IN (${caseIds}) AND NOT coalesce((${isFollowUpOf(recordId)}), false)`,
      sql`SELECT 'td:' || id::text, 'task-completed', completed_at, case_id, id::text, jsonb_build_object('name', name, 'kind', kind, 'state', state, 'outcome', outcome)
            FROM process.task WHERE case_id IN (${caseIds}) AND completed_at IS NOT NULL AND NOT coalesce((${isFollowUpOf(recordId)}), false)`,
      sql`SELECT 'b:' || id::text, 'sla-breached', breached_at, case_id, id::text, jsonb_build_object('key', key, 'kind', kind)
            FROM sla.target WHERE case_id IN (${caseIds}) AND breached_at IS NOT NULL`,
    );
  }
  const result = await sql<{ key: string; type: TimelineItemType; at: Date; case_id: string | null; ref_id: string | null; detail: Record<string, unknown> }>`
    SELECT t.key, t.type, t.at, t.case_id, t.ref_id, t.detail
      FROM (${sql.join(sources, sql` UNION ALL `)}) AS t (key, type, at, case_id, ref_id, detail)
     WHERE ${before}
     ORDER BY t.at DESC, t.key DESC
     LIMIT ${input.limit}`.execute(tx);
  return result.rows.map((r) => ({ key: r.key, type: r.type, at: r.at, caseId: r.case_id, refId: r.ref_id, detail: r.detail }));
}

function isFollowUpOf(recordId: string) {
  return sql`system = 'automation' AND (strpos(coalesce(link, ''), ${recordId}) > 0 OR strpos(coalesce(external_id, ''), ${recordId}) > 0)`;
}
