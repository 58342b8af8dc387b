import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { assertAllowed } from '../../access/index.ts';
import type { Relation, RelationCardinality } from '../model.ts';
import { objectProblems } from '../problems.ts';
import { deleteRelationRow, findObjectTypeByKey, findRelationByKey, hasManyToManyLinks, insertRelation, isRelationKeyTaken, listRelationRows, updateRelationRow } from './store.ts';

export interface RelationInput {
  key: string;
  /** The object type key of the "one" side (a customer has many accounts: customer). */
  fromType: string;
  /** The object type key of the other side; absent when toKind is 'case'. */
  toType?: string | null;
  toKind?: 'object' | 'case';
  cardinality: RelationCardinality;
  name: { 'zh-CN': string; 'en-US': string };
  inverseName: { 'zh-CN': string; 'en-US': string };
}

export type RelationChanges = Partial<Pick<RelationInput, 'cardinality' | 'name' | 'inverseName'>>;

const KEY = /^[a-z][a-z0-9-]{1,39}$/;
const hasBoth = (text?: { 'zh-CN': string; 'en-US': string }) => Boolean(text?.['zh-CN']?.trim() && text?.['en-US']?.trim());

/** A typed relation between two object types, or from an object type to cases. Needs object-type:admin. */
export async function createRelation(ctx: CommandContext, input: RelationInput): Promise<Relation> {
  assertAllowed(ctx.actor, 'object-type:admin');
  const toKind = input.toKind ?? 'object';
  const errors = [];
  if (!KEY.test(input.key)) errors.push({ field: 'key', reason: 'must be 2 to 40 lower-case letters, digits or dashes, starting with a letter' });
  const from = await findObjectTypeByKey(ctx.tx, input.fromType);
  if (!from) errors.push({ field: 'fromType', reason: `no object type ${input.fromType}` });
  let toTypeId: string | null = null;
  if (toKind === 'object') {
    const to = input.toType ? await findObjectTypeByKey(ctx.tx, input.toType) : undefined;
    if (!to) errors.push({ field: 'toType', reason: input.toType ? `no object type ${input.toType}` : 'is required for a relation between objects' });
    toTypeId = to?.id ?? null;
  } else if (input.toType) errors.push({ field: 'toType', reason: 'a relation to cases has no object type on its other side' });
  if (!hasBoth(input.name)) errors.push({ field: 'name', reason: 'needs a zh-CN and an en-US name' });
  if (!hasBoth(input.inverseName)) errors.push({ field: 'inverseName', reason: 'needs a zh-CN and an en-US name' });
  if (errors.length > 0) throw objectProblems.invalid({ errors });
  if (await isRelationKeyTaken(ctx.tx, input.key)) throw objectProblems.relationExists({ errors: [{ field: 'key', reason: 'is taken' }] });
  const id = newId<string>();
  await insertRelation(ctx.tx, {
    id,
    key: input.key,
    fromTypeId: from!.id,
    toTypeId,
    toKind,
    cardinality: input.cardinality,
    nameZh: input.name['zh-CN'].trim(),
    nameEn: input.name['en-US'].trim(),
    inverseNameZh: input.inverseName['zh-CN'].trim(),
    inverseNameEn: input.inverseName['en-US'].trim(),
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  const created = (await findRelationByKey(ctx.tx, input.key))!;
  await recordAuditEvent(ctx, {
    action: 'objects.relation-saved',
    targetType: 'relation',
    targetId: id,
    data: { key: created.key, fromType: created.fromType, toType: created.toType, toKind, cardinality: created.cardinality },
  });
  return created;
}

export async function updateRelation(ctx: CommandContext, key: string, changes: RelationChanges): Promise<Relation> {
  assertAllowed(ctx.actor, 'object-type:admin');
  const current = await findRelationOrThrow(ctx.tx, key);
  const errors = [];
  if (changes.name !== undefined && !hasBoth(changes.name)) errors.push({ field: 'name', reason: 'needs a zh-CN and an en-US name' });
  if (changes.inverseName !== undefined && !hasBoth(changes.inverseName)) errors.push({ field: 'inverseName', reason: 'needs a zh-CN and an en-US name' });
  // Narrowing many-to-many to one-to-many must not leave records linked against the new rule.
  if (changes.cardinality === 'one-to-many' && current.cardinality === 'many-to-many' && (await hasManyToManyLinks(ctx.tx, current.id))) {
    errors.push({ field: 'cardinality', reason: 'some records are linked to more than one record through this relation' });
  }
  if (errors.length > 0) throw objectProblems.invalid({ errors });
  await updateRelationRow(
    ctx.tx,
    current.id,
    {
      cardinality: changes.cardinality,
      nameZh: changes.name?.['zh-CN'].trim(),
      nameEn: changes.name?.['en-US'].trim(),
      inverseNameZh: changes.inverseName?.['zh-CN'].trim(),
      inverseNameEn: changes.inverseName?.['en-US'].trim(),
    },
    ctx.now,
  );
  const updated = (await findRelationByKey(ctx.tx, key))!;
  await recordAuditEvent(ctx, { action: 'objects.relation-saved', targetType: 'relation', targetId: current.id, data: { key, cardinality: updated.cardinality } });
  return updated;
}

/** Deletes a relation (soft): its links stay in the table for history but are no longer listed. */
export async function deleteRelation(ctx: CommandContext, key: string): Promise<void> {
  assertAllowed(ctx.actor, 'object-type:admin');
  const current = await findRelationOrThrow(ctx.tx, key);
  await deleteRelationRow(ctx.tx, current.id, ctx.now);
  await recordAuditEvent(ctx, { action: 'objects.relation-deleted', targetType: 'relation', targetId: current.id, data: { key } });
}

export async function findRelationOrThrow(tx: Tx, key: string): Promise<Relation> {
  const found = await findRelationByKey(tx, key);
  if (!found) throw objectProblems.relationNotFound({ detail: `No relation ${key}` });
  return found;
}

export async function listRelations(tx: Tx, typeKey?: string): Promise<Relation[]> {
  if (!typeKey) return listRelationRows(tx);
  const type = await findObjectTypeByKey(tx, typeKey);
  return type ? listRelationRows(tx, type.id) : [];
}
