import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { assertAllowed } from '../../access/index.ts';
import type { ObjectFieldDefinition, ObjectType, ObjectTypeLayout, ObjectTypeRole } from '../model.ts';
import { objectProblems } from '../problems.ts';
import {
  archiveObjectTypeRow,
  findObjectTypeById,
  findObjectTypeByKey,
  findObjectTypeByRole,
  findTypeVersion,
  insertObjectType,
  isNumberPrefixTaken,
  listObjectTypeKeys,
  listObjectTypeRows,
  saveObjectTypeVersionIf,
} from './store.ts';
import { validateTypeDefinition } from './type-definition.ts';

export interface ObjectTypeInput {
  key: string;
  name: { 'zh-CN': string; 'en-US': string };
  description?: string | null;
  numberPrefix: string;
  displayField: string;
  role?: ObjectTypeRole;
  fields: ObjectFieldDefinition[];
  layout?: ObjectTypeLayout;
}

export type SaveObjectTypeInput = Omit<ObjectTypeInput, 'key' | 'role'>;

const TYPE_KEY = /^[a-z][a-z0-9-]{1,39}$/;
const PREFIX = /^[A-Z][A-Z0-9]{0,7}$/;

function checkNames(input: Pick<ObjectTypeInput, 'name' | 'numberPrefix'>) {
  const errors = [];
  if (!input.name['zh-CN']?.trim() || !input.name['en-US']?.trim()) errors.push({ field: 'name', reason: 'needs a zh-CN and an en-US name' });
  if (!PREFIX.test(input.numberPrefix)) errors.push({ field: 'numberPrefix', reason: 'must be 1 to 8 upper-case letters or digits, starting with a letter' });
  return errors;
}

/** Defines an object type (version 1). Needs object-type:admin. */
export async function createObjectType(ctx: CommandContext, input: ObjectTypeInput): Promise<ObjectType> {
  assertAllowed(ctx.actor, 'object-type:admin');
  const keys = await listObjectTypeKeys(ctx.tx);
  const errors = [
    ...(TYPE_KEY.test(input.key) ? [] : [{ field: 'key', reason: 'must be 2 to 40 lower-case letters, digits or dashes, starting with a letter' }]),
    ...checkNames(input),
    ...validateTypeDefinition(input, (key) => keys.has(key), input.key),
  ];
  if (errors.length > 0) throw objectProblems.invalid({ errors });
  if (keys.has(input.key)) throw objectProblems.typeExists({ detail: `An object type ${input.key} exists`, errors: [{ field: 'key', reason: 'is taken' }] });
  if (await isNumberPrefixTaken(ctx.tx, input.numberPrefix))
    throw objectProblems.typeExists({ detail: `The number prefix ${input.numberPrefix} is taken`, errors: [{ field: 'numberPrefix', reason: 'is taken' }] });
  const role = input.role ?? 'standard';
  if (role === 'customer' && (await findObjectTypeByRole(ctx.tx, 'customer'))) {
    throw objectProblems.typeExists({ detail: 'There is a customer object type already', errors: [{ field: 'role', reason: 'only one object type is the customer' }] });
  }
  const id = newId<string>();
  await insertObjectType(ctx.tx, {
    id,
    key: input.key,
    nameZh: input.name['zh-CN'].trim(),
    nameEn: input.name['en-US'].trim(),
    description: input.description ?? null,
    numberPrefix: input.numberPrefix,
    displayField: input.displayField,
    role,
    fields: input.fields,
    layout: input.layout ?? {},
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  const created = (await findObjectTypeById(ctx.tx, id))!;
  await recordAuditEvent(ctx, {
    action: 'objects.type-created',
    targetType: 'object-type',
    targetId: id,
    data: { key: created.key, numberPrefix: created.numberPrefix, role, fields: created.fields.map((f) => ({ key: f.key, type: f.type, dataClass: f.dataClass ?? null })) },
  });
  return created;
}

/** Saves a new version of a type (PUT, If-Match). Records keep the version they were written with. */
export async function saveObjectType(ctx: CommandContext, key: string, expectedVersion: number, input: SaveObjectTypeInput): Promise<ObjectType> {
  assertAllowed(ctx.actor, 'object-type:admin');
  const current = await findObjectTypeOrThrow(ctx.tx, key);
  if (current.version !== expectedVersion) {
    throw objectProblems.typeVersionStale({ detail: `You sent version ${expectedVersion}; the object type is at ${current.version}`, currentVersion: current.version });
  }
  const keys = await listObjectTypeKeys(ctx.tx);
  const errors = [...checkNames(input), ...validateTypeDefinition(input, (k) => keys.has(k), key)];
  // A field's data class decides how its stored values are sealed: changing it would leave values
  // sealed (or not) against the wrong rule. A new field key is the way to change it.
  for (const [i, field] of input.fields.entries()) {
    const before = current.fields.find((f) => f.key === field.key);
    if (before && (before.dataClass ?? null) !== (field.dataClass ?? null)) errors.push({ field: `fields[${i}].dataClass`, reason: 'cannot change on an existing field; add a new field instead' });
    if (before && before.type !== field.type) errors.push({ field: `fields[${i}].type`, reason: 'cannot change on an existing field; add a new field instead' });
  }
  if (errors.length > 0) throw objectProblems.invalid({ errors });
  if (await isNumberPrefixTaken(ctx.tx, input.numberPrefix, current.id)) throw objectProblems.typeExists({ errors: [{ field: 'numberPrefix', reason: 'is taken' }] });
  const saved = await saveObjectTypeVersionIf(ctx.tx, current, expectedVersion, {
    nameZh: input.name['zh-CN'].trim(),
    nameEn: input.name['en-US'].trim(),
    description: input.description ?? null,
    numberPrefix: input.numberPrefix,
    displayField: input.displayField,
    fields: input.fields,
    layout: input.layout ?? {},
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  if (!saved) throw objectProblems.typeVersionStale({ detail: 'The object type changed while you saved' });
  await recordAuditEvent(ctx, {
    action: 'objects.type-saved',
    targetType: 'object-type',
    targetId: current.id,
    data: {
      key,
      typeVersion: saved.currentVersion,
      added: input.fields.filter((f) => !current.fields.some((c) => c.key === f.key)).map((f) => f.key),
      removed: current.fields.filter((c) => !input.fields.some((f) => f.key === c.key)).map((f) => f.key),
      displayField: saved.displayField,
    },
  });
  return saved;
}

export async function archiveObjectType(ctx: CommandContext, key: string): Promise<ObjectType> {
  assertAllowed(ctx.actor, 'object-type:admin');
  const current = await findObjectTypeOrThrow(ctx.tx, key);
  if (current.archivedAt) return current;
  const archived = await archiveObjectTypeRow(ctx.tx, current.id, ctx.now);
  await recordAuditEvent(ctx, { action: 'objects.type-archived', targetType: 'object-type', targetId: current.id, data: { key } });
  return archived;
}

export async function findObjectTypeOrThrow(tx: Tx, key: string): Promise<ObjectType> {
  const found = await findObjectTypeByKey(tx, key);
  if (!found) throw objectProblems.typeNotFound({ detail: `No object type ${key}` });
  return found;
}

/** The type as it was at `typeVersion` (a record's own version). */
export async function findObjectTypeAtVersionOrThrow(tx: Tx, typeId: string, typeVersion: number): Promise<ObjectType> {
  const type = await findObjectTypeById(tx, typeId);
  if (!type) throw objectProblems.typeNotFound({ detail: `No object type ${typeId}` });
  if (type.currentVersion === typeVersion) return type;
  const version = await findTypeVersion(tx, typeId, typeVersion);
  if (!version) throw objectProblems.typeNotFound({ detail: `No version ${typeVersion} of object type ${type.key}` });
  return { ...type, ...version, typeVersion };
}

export async function listObjectTypes(tx: Tx, includeArchived = false): Promise<ObjectType[]> {
  return listObjectTypeRows(tx, includeArchived);
}

/** The object type with role 'customer' (the customer 360° view's), or null. */
export async function findCustomerType(tx: Tx): Promise<ObjectType | null> {
  return (await findObjectTypeByRole(tx, 'customer')) ?? null;
}
