import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { CASE_DATE_FIELDS, type CaseDateField, type DateRecurrence } from './time-trigger.ts';

/** What scheduling needs of a rule: whether it is on, since when (the chain's epoch), its trigger. */
export interface TimeRuleRow {
  id: string;
  key: string;
  enabled: boolean;
  deletedAt: Date | null;
  enabledAt: Date | null;
  triggerKind: string;
  trigger: Record<string, unknown>;
}

function toTimeRule(r: { id: string; key: string; enabled: boolean; deleted_at: Date | null; enabled_at: Date | null; trigger_kind: string; trigger: unknown }): TimeRuleRow {
  return { id: r.id, key: r.key, enabled: r.enabled, deletedAt: r.deleted_at, enabledAt: r.enabled_at, triggerKind: r.trigger_kind, trigger: r.trigger as Record<string, unknown> };
}

const RULE_COLUMNS = ['id', 'key', 'enabled', 'deleted_at', 'enabled_at', 'trigger_kind', 'trigger'] as const;

export async function findTimeRule(tx: Db | Tx, ruleId: string): Promise<TimeRuleRow | undefined> {
  const row = await tx.selectFrom('automation.rule').select(RULE_COLUMNS).where('id', '=', ruleId).executeTakeFirst();
  return row ? toTimeRule(row) : undefined;
}

/** Enabled date and schedule rules (the partial index rule_enabled_trigger_idx). */
export async function listEnabledTimeRules(tx: Db | Tx, kinds: ('date' | 'schedule')[] = ['date', 'schedule']): Promise<TimeRuleRow[]> {
  const rows = await tx.selectFrom('automation.rule').select(RULE_COLUMNS).where('trigger_kind', 'in', kinds).where('enabled', '=', true).where('deleted_at', 'is', null).execute();
  return rows.map(toTimeRule);
}

export async function findObjectTypeIdByKey(tx: Db | Tx, key: string): Promise<string | undefined> {
  return (await tx.selectFrom('objects.object_type').select('id').where('key', '=', key).executeTakeFirst())?.id;
}

export interface DueSubjectRow {
  subjectId: string;
  /** The subject's date (ISO day). */
  value: string;
}

/**
 * The records of a type whose date field falls due for one target day, not yet run for that
 * occurrence: ONE statement, an index-only scan of objects.record_date's covering
 * (type_id, field_key, month_day, record_id) index (yearly) or (type_id, field_key, value,
 * record_id) index (once), in record order. Deleted records (few: their own partial index) are
 * left out.
 */
export async function findDueRecords(
  tx: Db | Tx,
  q: { ruleId: string; typeId: string; field: string; recurrence: DateRecurrence; target: string; monthDays: number[]; occurrence: string; limit?: number },
): Promise<DueSubjectRow[]> {
  const dateMatch = q.recurrence === 'yearly' ? sql`rd.month_day = ANY(${q.monthDays}::smallint[]) AND rd.value <= ${q.target}::date` : sql`rd.value = ${q.target}::date`;
  const { rows } = await sql<{ record_id: string; value: string }>`
    SELECT rd.record_id, to_char(rd.value, 'YYYY-MM-DD') AS value
      FROM objects.record_date rd
     WHERE rd.type_id = ${q.typeId} AND rd.field_key = ${q.field} AND ${dateMatch}
       AND NOT EXISTS (SELECT 1 FROM objects.record r WHERE r.id = rd.record_id AND r.deleted_at IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM automation.run ru WHERE ru.rule_id = ${q.ruleId} AND ru.subject_id = rd.record_id AND ru.occurrence = ${q.occurrence})
     ORDER BY rd.record_id
     ${q.limit ? sql`LIMIT ${q.limit}` : sql``}`.execute(tx);
  return rows.map((r) => ({ subjectId: r.record_id, value: r.value }));
}

/** Cases whose date (created, closed, resolved, due) falls within [from, to) — the target day in the rule's zone — not yet run for the occurrence. */
export async function findDueCases(tx: Db | Tx, q: { ruleId: string; field: CaseDateField; from: Date; to: Date; occurrence: string; limit?: number }): Promise<DueSubjectRow[]> {
  const column = sql.ref(`c.${CASE_DATE_FIELDS[q.field]}`);
  const { rows } = await sql<{ id: string }>`
    SELECT c.id FROM cases.case c
     WHERE ${column} >= ${q.from} AND ${column} < ${q.to}
       AND NOT EXISTS (SELECT 1 FROM automation.run ru WHERE ru.rule_id = ${q.ruleId} AND ru.subject_id = c.id AND ru.occurrence = ${q.occurrence})
     ORDER BY c.id
     ${q.limit ? sql`LIMIT ${q.limit}` : sql``}`.execute(tx);
  return rows.map((r) => ({ subjectId: r.id, value: q.occurrence }));
}

/** A record's date field now (ISO day), undefined when it has none or the record is deleted. */
export async function findRecordDate(tx: Db | Tx, recordId: string, field: string): Promise<{ typeId: string; value: string } | undefined> {
  const { rows } = await sql<{ type_id: string; value: string }>`
    SELECT rd.type_id, to_char(rd.value, 'YYYY-MM-DD') AS value
      FROM objects.record_date rd JOIN objects.record r ON r.id = rd.record_id AND r.deleted_at IS NULL
     WHERE rd.record_id = ${recordId} AND rd.field_key = ${field}`.execute(tx);
  return rows[0] ? { typeId: rows[0].type_id, value: rows[0].value } : undefined;
}

/** Every date field of a record: what a change may have moved. */
export async function listRecordDates(tx: Db | Tx, recordId: string): Promise<{ typeId: string; field: string; value: string }[]> {
  const { rows } = await sql<{ type_id: string; field_key: string; value: string }>`
    SELECT rd.type_id, rd.field_key, to_char(rd.value, 'YYYY-MM-DD') AS value FROM objects.record_date rd WHERE rd.record_id = ${recordId}`.execute(tx);
  return rows.map((r) => ({ typeId: r.type_id, field: r.field_key, value: r.value }));
}

export async function findCaseDate(tx: Db | Tx, caseId: string, field: CaseDateField): Promise<Date | undefined> {
  const column = sql.ref(CASE_DATE_FIELDS[field]);
  const { rows } = await sql<{ at: Date | null }>`SELECT ${column} AS at FROM cases.case WHERE id = ${caseId}`.execute(tx);
  return rows[0]?.at ?? undefined;
}

export async function hasRunFor(tx: Db | Tx, q: { ruleId: string; subjectId: string; occurrence: string }): Promise<boolean> {
  const row = await tx.selectFrom('automation.run').select('id').where('rule_id', '=', q.ruleId).where('subject_id', '=', q.subjectId).where('occurrence', '=', q.occurrence).executeTakeFirst();
  return row !== undefined;
}

/** The last day scanned for a rule (ISO day), undefined before its first scan. */
export async function findScannedThrough(tx: Db | Tx, ruleId: string): Promise<string | undefined> {
  const { rows } = await sql<{ day: string }>`SELECT to_char(scanned_through, 'YYYY-MM-DD') AS day FROM automation.date_scan WHERE rule_id = ${ruleId}`.execute(tx);
  return rows[0]?.day;
}

/** Moves scanned_through forward (never back): a late or repeated scan does not reopen days. */
export async function advanceScannedThrough(tx: Tx, ruleId: string, day: string, now: Date): Promise<void> {
  await sql`
    INSERT INTO automation.date_scan (rule_id, scanned_through, updated_at) VALUES (${ruleId}, ${day}::date, ${now})
    ON CONFLICT (rule_id) DO UPDATE SET scanned_through = GREATEST(automation.date_scan.scanned_through, EXCLUDED.scanned_through), updated_at = EXCLUDED.updated_at`.execute(tx);
}

/** The time zone of a business calendar's version in force at `at` (sla.calendar_version.resolved). */
export async function findCalendarTimeZone(tx: Db | Tx, calendarId: string, version: number): Promise<string | undefined> {
  const { rows } = await sql<{ zone: string | null }>`
    SELECT resolved->>'timeZone' AS zone FROM sla.calendar_version WHERE calendar_id = ${calendarId} AND version = ${version}`.execute(tx);
  return rows[0]?.zone ?? undefined;
}

/** An object type's field keys and types (current version), undefined when no type has the key. */
export async function findObjectTypeFields(tx: Db | Tx, key: string): Promise<{ key: string; type: string }[] | undefined> {
  const row = await tx.selectFrom('objects.object_type').select('fields').where('key', '=', key).executeTakeFirst();
  return row ? (row.fields as { key: string; type: string }[]) : undefined;
}
