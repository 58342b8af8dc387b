import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { SlaPolicyDefinition } from '../model.ts';

/** A policy with its latest version (the one an administrator edits). */
export interface SlaPolicyRow {
  id: string;
  key: string;
  name: string;
  position: number;
  enabled: boolean;
  pack: string | null;
  currentVersion: number;
  effectiveFrom: Date;
  definition: SlaPolicyDefinition;
  createdAt: Date;
  updatedAt: Date;
}

export interface SlaPolicyVersionRow {
  version: number;
  effectiveFrom: Date;
  definition: SlaPolicyDefinition;
  reason: string | null;
  createdAt: Date;
  createdByName: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function selectPolicies(tx: Db | Tx) {
  return tx
    .selectFrom('sla.policy as p')
    .innerJoin('sla.policy_version as v', (join) => join.onRef('v.policy_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
    .select(['p.id', 'p.key', 'p.name', 'p.position', 'p.enabled', 'p.pack', 'p.current_version', 'v.effective_from', 'v.definition', 'p.created_at', 'p.updated_at']);
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectPolicies>['executeTakeFirstOrThrow']>>;

function toRow(r: Selected): SlaPolicyRow {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    position: r.position,
    enabled: r.enabled,
    pack: r.pack,
    currentVersion: r.current_version,
    effectiveFrom: r.effective_from,
    definition: r.definition as SlaPolicyDefinition,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Every policy in match order. */
export async function listSlaPolicies(tx: Db | Tx): Promise<SlaPolicyRow[]> {
  return (await selectPolicies(tx).orderBy('p.position').orderBy('p.key').execute()).map(toRow);
}

/** By uuid or key. */
export async function findSlaPolicy(tx: Db | Tx, idOrKey: string): Promise<SlaPolicyRow | undefined> {
  const row = await selectPolicies(tx)
    .where(UUID.test(idOrKey) ? 'p.id' : 'p.key', '=', idOrKey)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/**
 * Serializes every change of the policy list (create, save, reorder, apply a pack) until the
 * transaction ends: positions are renumbered as a whole, and two creates of one key must not both
 * pass the key check (row locks would not cover a row not yet inserted).
 */
export async function lockSlaPolicies(tx: Tx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('sla.policy'))`.execute(tx);
}

export async function listSlaPolicyVersions(tx: Db | Tx, policyId: string): Promise<SlaPolicyVersionRow[]> {
  const rows = await tx
    .selectFrom('sla.policy_version as v')
    .leftJoin('access.user as u', 'u.id', 'v.created_by')
    .select(['v.version', 'v.effective_from', 'v.definition', 'v.reason', 'v.created_at', 'u.display_name'])
    .where('v.policy_id', '=', policyId)
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    effectiveFrom: r.effective_from,
    definition: r.definition as SlaPolicyDefinition,
    reason: r.reason,
    createdAt: r.created_at,
    createdByName: r.display_name ?? null,
  }));
}

/** The version of each policy in force at `at` (effective_from ≤ at; of equal dates the highest number). */
export async function listSlaPolicyVersionsInForce(tx: Db | Tx, at: Date): Promise<Map<string, { version: number; definition: SlaPolicyDefinition }>> {
  const rows = await tx
    .selectFrom('sla.policy_version')
    .select(['policy_id', 'version', 'definition'])
    .where('effective_from', '<=', at)
    .orderBy('policy_id')
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .execute();
  const inForce = new Map<string, { version: number; definition: SlaPolicyDefinition }>();
  for (const r of rows) if (!inForce.has(r.policy_id)) inForce.set(r.policy_id, { version: r.version, definition: r.definition as SlaPolicyDefinition });
  return inForce;
}

export async function insertSlaPolicy(tx: Tx, input: { id: string; key: string; name: string; position: number; enabled: boolean; pack: string | null; now: Date }): Promise<void> {
  await tx
    .insertInto('sla.policy')
    .values({
      id: input.id,
      key: input.key,
      name: input.name,
      position: input.position,
      enabled: input.enabled,
      pack: input.pack,
      current_version: 1,
      created_at: input.now,
      updated_at: input.now,
    })
    .execute();
}

export async function insertSlaPolicyVersion(
  tx: Tx,
  input: { policyId: string; version: number; effectiveFrom: Date; definition: SlaPolicyDefinition; reason: string | null; createdBy: string | null; now: Date },
): Promise<void> {
  await tx
    .insertInto('sla.policy_version')
    .values({
      policy_id: input.policyId,
      version: input.version,
      effective_from: input.effectiveFrom,
      definition: JSON.stringify(input.definition),
      reason: input.reason,
      created_by: input.createdBy,
      created_at: input.now,
    })
    .execute();
}

export async function updateSlaPolicy(tx: Tx, id: string, changes: { name?: string; enabled?: boolean; currentVersion?: number; pack?: string | null; now: Date }): Promise<void> {
  await tx
    .updateTable('sla.policy')
    .set({
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.enabled === undefined ? {} : { enabled: changes.enabled }),
      ...(changes.currentVersion === undefined ? {} : { current_version: changes.currentVersion }),
      ...(changes.pack === undefined ? {} : { pack: changes.pack }),
      updated_at: changes.now,
    })
    .where('id', '=', id)
    .execute();
}

/** Positions 1…n in the order of `ids` (every policy), in one statement. */
export async function setSlaPolicyPositions(tx: Tx, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await sql`UPDATE sla.policy p SET position = o.position, updated_at = ${now}
              FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS o(id, position)
             WHERE p.id = o.id AND p.position IS DISTINCT FROM o.position::int`.execute(tx);
}

export async function findCalendarNamesByKey(tx: Db | Tx, keys: string[]): Promise<Map<string, { id: string; name: string }>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.selectFrom('sla.calendar').select(['id', 'key', 'name']).where('key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.key, { id: r.id, name: r.name }]));
}

export async function findCalendarById(tx: Db | Tx, id: string): Promise<{ key: string; name: string } | undefined> {
  return tx.selectFrom('sla.calendar').select(['key', 'name']).where('id', '=', id).executeTakeFirst();
}
