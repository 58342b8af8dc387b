import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { Rule, RuleDefinition } from '../engine/model.ts';
import { noteRuleChanged } from './rule-changes.ts';

// Every SQL statement on automation.rule, automation.rule_version and automation.rule_generation.

const RULE_COLUMNS = sql`id, key, name, description, owner_id AS "ownerId", department_ids AS "departmentIds", enabled, trigger_kind AS "triggerKind",
  trigger, condition, actions, loop_limit AS "loopLimit", current_version AS "currentVersion", created_by AS "createdBy", created_at AS "createdAt",
  updated_at AS "updatedAt", enabled_at AS "enabledAt", deleted_at AS "deletedAt", version`;

export async function findRuleById(tx: Tx | Db, id: string): Promise<Rule | undefined> {
  return (await sql<Rule>`SELECT ${RULE_COLUMNS} FROM automation.rule WHERE id = ${id}::uuid`.execute(tx)).rows[0];
}

/** A live (not deleted) rule by key; `forUpdate` locks it for a change. */
export async function findRuleByKey(tx: Tx | Db, key: string, options: { forUpdate?: boolean } = {}): Promise<Rule | undefined> {
  const lock = options.forUpdate ? sql`FOR UPDATE` : sql``;
  return (await sql<Rule>`SELECT ${RULE_COLUMNS} FROM automation.rule WHERE key = ${key} AND deleted_at IS NULL ${lock}`.execute(tx)).rows[0];
}

export async function isRuleKeyTaken(tx: Tx, key: string): Promise<boolean> {
  return (await sql`SELECT 1 FROM automation.rule WHERE key = ${key}`.execute(tx)).rows.length > 0;
}

export async function listRules(tx: Tx | Db, filter: { enabled?: boolean; triggerKind?: string } = {}): Promise<Rule[]> {
  const enabled = filter.enabled === undefined ? sql`` : sql`AND enabled = ${filter.enabled}`;
  const kind = filter.triggerKind === undefined ? sql`` : sql`AND trigger_kind = ${filter.triggerKind}`;
  return (await sql<Rule>`SELECT ${RULE_COLUMNS} FROM automation.rule WHERE deleted_at IS NULL ${enabled} ${kind} ORDER BY key`.execute(tx)).rows;
}

/** The enabled rules the event index holds (rule_enabled_trigger_idx). */
export async function listEnabledRules(tx: Tx | Db): Promise<Rule[]> {
  return (await sql<Rule>`SELECT ${RULE_COLUMNS} FROM automation.rule WHERE enabled AND deleted_at IS NULL`.execute(tx)).rows;
}

export interface NewRuleRow {
  id: string;
  key: string;
  ownerId: string;
  definition: Required<Pick<RuleDefinition, 'name' | 'trigger' | 'condition' | 'actions' | 'loopLimit' | 'departmentIds'>> & { description: string | null };
  by: string;
  now: Date;
}

/** `temporary`: a dry-run's unsaved rule, rolled back with it: no generation bump. */
export async function insertRule(tx: Tx, row: NewRuleRow, options: { temporary?: boolean } = {}): Promise<void> {
  const d = row.definition;
  await sql`INSERT INTO automation.rule (id, key, name, description, owner_id, department_ids, enabled, trigger_kind, trigger, condition, actions, loop_limit,
      current_version, created_by, created_at, updated_at, version)
    VALUES (${row.id}::uuid, ${row.key}, ${d.name}, ${d.description}, ${row.ownerId}::uuid, ${d.departmentIds}::uuid[], false, ${d.trigger.kind},
      ${JSON.stringify(d.trigger)}::jsonb, ${JSON.stringify(d.condition)}::jsonb, ${JSON.stringify(d.actions)}::jsonb, ${d.loopLimit}, 1, ${row.by}::uuid,
      ${row.now}, ${row.now}, 1)`.execute(tx);
  await insertRuleVersion(tx, row.id, 1, d, row.by, row.now);
  if (!options.temporary) await bumpRuleGeneration(tx);
}

async function insertRuleVersion(tx: Tx, ruleId: string, version: number, d: NewRuleRow['definition'], by: string, now: Date): Promise<void> {
  await sql`INSERT INTO automation.rule_version (rule_id, version, name, trigger, condition, actions, loop_limit, department_ids, saved_by, saved_at)
    VALUES (${ruleId}::uuid, ${version}, ${d.name}, ${JSON.stringify(d.trigger)}::jsonb, ${JSON.stringify(d.condition)}::jsonb,
      ${JSON.stringify(d.actions)}::jsonb, ${d.loopLimit}, ${d.departmentIds}::uuid[], ${by}::uuid, ${now})`.execute(tx);
}

/** Saves a new version of the definition (and owner) as the rule's current one. */
export async function saveRuleVersion(tx: Tx, rule: Rule, row: Omit<NewRuleRow, 'id' | 'key'>): Promise<void> {
  const d = row.definition;
  const next = rule.currentVersion + 1;
  await sql`UPDATE automation.rule SET name = ${d.name}, description = ${d.description}, owner_id = ${row.ownerId}::uuid, department_ids = ${d.departmentIds}::uuid[],
      trigger_kind = ${d.trigger.kind}, trigger = ${JSON.stringify(d.trigger)}::jsonb, condition = ${JSON.stringify(d.condition)}::jsonb,
      actions = ${JSON.stringify(d.actions)}::jsonb, loop_limit = ${d.loopLimit}, current_version = ${next}, updated_at = ${row.now}, version = version + 1
    WHERE id = ${rule.id}::uuid`.execute(tx);
  await insertRuleVersion(tx, rule.id, next, d, row.by, row.now);
  await bumpRuleGeneration(tx);
}

export async function setRuleEnabled(tx: Tx, ruleId: string, change: { enabled: boolean; departmentIds?: string[]; now: Date }): Promise<void> {
  const departments = change.departmentIds === undefined ? sql`` : sql`, department_ids = ${change.departmentIds}::uuid[]`;
  await sql`UPDATE automation.rule SET enabled = ${change.enabled}, enabled_at = ${change.enabled ? change.now : null}, updated_at = ${change.now},
      version = version + 1 ${departments}
    WHERE id = ${ruleId}::uuid`.execute(tx);
  await bumpRuleGeneration(tx);
}

export async function markRuleDeleted(tx: Tx, ruleId: string, now: Date): Promise<void> {
  await sql`UPDATE automation.rule SET enabled = false, deleted_at = ${now}, updated_at = ${now}, version = version + 1 WHERE id = ${ruleId}::uuid`.execute(tx);
  await bumpRuleGeneration(tx);
}

export interface RuleVersionRow {
  version: number;
  name: string;
  trigger: unknown;
  condition: unknown;
  actions: unknown;
  loopLimit: number;
  departmentIds: string[];
  savedBy: string;
  savedAt: Date;
}

export async function listRuleVersions(tx: Tx | Db, ruleId: string): Promise<RuleVersionRow[]> {
  return (
    await sql<RuleVersionRow>`SELECT version, name, trigger, condition, actions, loop_limit AS "loopLimit", department_ids AS "departmentIds",
        saved_by AS "savedBy", saved_at AS "savedAt"
      FROM automation.rule_version WHERE rule_id = ${ruleId}::uuid ORDER BY version DESC`.execute(tx)
  ).rows;
}

// The row lock also orders concurrent rule changes: a reader that sees generation n sees every
// change committed before it.
async function bumpRuleGeneration(tx: Tx): Promise<void> {
  await sql`UPDATE automation.rule_generation SET generation = nextval('automation.rule_generation_seq') WHERE id = 1`.execute(tx);
  noteRuleChanged();
}

/** The counter every rule change bumps: one integer compared per command by the event index. */
export async function readRuleGeneration(tx: Tx | Db): Promise<number> {
  const row = (await sql<{ generation: string }>`SELECT generation FROM automation.rule_generation WHERE id = 1`.execute(tx)).rows[0];
  return Number(row?.generation ?? 0);
}
