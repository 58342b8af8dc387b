import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { RoutingRuleRow, RuleActions, RuleConditions } from '../model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function selectRules(tx: Db | Tx) {
  return tx
    .selectFrom('routing.rule')
    .select(['id', 'key', 'name', 'position', 'enabled', 'applies_to', 'effective_from', 'effective_to', 'conditions', 'actions', 'version', 'created_at', 'updated_at']);
}
type Selected = Awaited<ReturnType<ReturnType<typeof selectRules>['executeTakeFirstOrThrow']>>;

function toRuleRow(r: Selected): RoutingRuleRow {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    position: r.position,
    enabled: r.enabled,
    appliesTo: r.applies_to as RoutingRuleRow['appliesTo'],
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    conditions: r.conditions as RuleConditions,
    actions: r.actions as RuleActions,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Every rule in match order. */
export async function listRoutingRules(tx: Db | Tx): Promise<RoutingRuleRow[]> {
  return (await selectRules(tx).orderBy('position').orderBy('key').execute()).map(toRuleRow);
}

/** By uuid or key. */
export async function findRoutingRule(tx: Db | Tx, idOrKey: string): Promise<RoutingRuleRow | undefined> {
  const row = await selectRules(tx)
    .where(UUID.test(idOrKey) ? 'id' : 'key', '=', idOrKey)
    .executeTakeFirst();
  return row && toRuleRow(row);
}

/** Serializes every change of the rule list: positions are renumbered as a whole, and a key is checked before it is inserted. */
export async function lockRoutingRules(tx: Tx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('routing.rule'))`.execute(tx);
}

export interface RuleContent {
  name: string;
  enabled: boolean;
  appliesTo: 'case' | 'task';
  effectiveFrom: Date;
  effectiveTo: Date | null;
  conditions: RuleConditions;
  actions: RuleActions;
}

export async function insertRoutingRule(tx: Tx, input: RuleContent & { id: string; key: string; position: number; now: Date }): Promise<void> {
  await tx
    .insertInto('routing.rule')
    .values({
      id: input.id,
      key: input.key,
      name: input.name,
      position: input.position,
      enabled: input.enabled,
      applies_to: input.appliesTo,
      effective_from: input.effectiveFrom,
      effective_to: input.effectiveTo,
      conditions: JSON.stringify(input.conditions),
      actions: JSON.stringify(input.actions),
      version: 1,
      created_at: input.now,
      updated_at: input.now,
    })
    .execute();
}

export async function updateRoutingRule(tx: Tx, id: string, input: RuleContent & { version: number; now: Date }): Promise<void> {
  await tx
    .updateTable('routing.rule')
    .set({
      name: input.name,
      enabled: input.enabled,
      applies_to: input.appliesTo,
      effective_from: input.effectiveFrom,
      effective_to: input.effectiveTo,
      conditions: JSON.stringify(input.conditions),
      actions: JSON.stringify(input.actions),
      version: input.version,
      updated_at: input.now,
    })
    .where('id', '=', id)
    .execute();
}

/** A saved version, kept so a decision shows its rule as it was when it matched. */
export async function insertRoutingRuleVersion(tx: Tx, input: RuleContent & { ruleId: string; version: number; reason: string | null; createdBy: string | null; now: Date }): Promise<void> {
  await tx
    .insertInto('routing.rule_version')
    .values({
      rule_id: input.ruleId,
      version: input.version,
      name: input.name,
      enabled: input.enabled,
      applies_to: input.appliesTo,
      effective_from: input.effectiveFrom,
      effective_to: input.effectiveTo,
      conditions: JSON.stringify(input.conditions),
      actions: JSON.stringify(input.actions),
      reason: input.reason,
      created_at: input.now,
      created_by: input.createdBy,
    })
    .execute();
}

export async function deleteRoutingRuleRow(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('routing.rule').where('id', '=', id).execute();
}

/** Positions 1…n in the order of `ids` (every rule), in one statement. */
export async function setRoutingRulePositions(tx: Tx, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await sql`UPDATE routing.rule r SET position = o.position, updated_at = ${now}
              FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS o(id, position)
             WHERE r.id = o.id AND r.position IS DISTINCT FROM o.position::int`.execute(tx);
}

/** Names of rule versions, for a decision's rule as it was ("ruleId:version" → name). */
export async function findRuleVersionNames(tx: Db | Tx, refs: { ruleId: string; version: number }[]): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const rows = await sql<{ rule_id: string; version: number; name: string }>`
    SELECT v.rule_id, v.version, v.name FROM routing.rule_version v
      JOIN unnest(${refs.map((r) => r.ruleId)}::uuid[], ${refs.map((r) => r.version)}::int[]) AS w(rule_id, version)
        ON w.rule_id = v.rule_id AND w.version = v.version`.execute(tx);
  return new Map(rows.rows.map((r) => [`${r.rule_id}:${r.version}`, r.name]));
}

/** Which of these queue ids exist. */
export async function findExistingQueueIds(tx: Db | Tx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.selectFrom('routing.queue').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Which of these case type keys exist. */
export async function findExistingCaseTypes(tx: Db | Tx, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx.selectFrom('cases.case_type').select('key').where('key', 'in', keys).execute();
  return new Set(rows.map((r) => r.key));
}
