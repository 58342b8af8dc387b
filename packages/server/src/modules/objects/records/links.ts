import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCaseForActionOrThrow } from '../../cases/index.ts';
import type { Relation, RecordRow } from '../model.ts';
import { objectProblems } from '../problems.ts';
import { findRelationOrThrow } from '../types/relations.ts';
import { findRecordForActionOrThrow, openRecordRows, recordVisibility } from './record-access.ts';
import { presentRecord, type RecordView } from './record-view.ts';
import { deleteLink, findLinkToTarget, findRecordRowsByIds, insertLink, listLinksOfRecord, listLinksToCase, lockLinkTarget, type LinkRow } from './store.ts';
import { findRelationRowsByIds } from './relation-lookup.ts';

export interface LinkInput {
  relationKey: string;
  fromRecordId: string;
  toRecordId?: string | null;
  toCaseId?: string | null;
}

/**
 * Links a record to a record or a case through a relation, in the caller's transaction. Needs
 * record:update on the from-record and read access to the target (a record: record:read; a case:
 * case:read). One-to-many: a target has at most one from-record (409 record-link-taken). Linking
 * twice is a no-op (linked: false).
 */
export async function linkRecords(ctx: CommandContext, input: LinkInput): Promise<{ linked: boolean; relation: Relation }> {
  const relation = await findRelationOrThrow(ctx.tx, input.relationKey);
  const target = await checkLinkTarget(ctx, relation, input);
  const from = await findRecordForActionOrThrow(ctx, input.fromRecordId, 'record:update');
  if (from.typeId !== relation.fromTypeId) throw objectProblems.invalid({ errors: [{ field: 'relation', reason: `links ${relation.fromType} records, not ${from.typeKey}` }] });
  const targetId = (target.toRecordId ?? target.toCaseId)!;
  await lockLinkTarget(ctx.tx, relation.id, targetId);
  if (relation.cardinality === 'one-to-many') {
    const existing = await findLinkToTarget(ctx.tx, relation.id, target);
    if (existing && existing.fromRecordId !== from.id) {
      throw objectProblems.linkTaken({ detail: `The target is already linked to another ${relation.fromType} record through ${relation.key}` });
    }
  }
  const linked = await insertLink(ctx.tx, { relationId: relation.id, fromRecordId: from.id, ...target, createdBy: ctx.actor.userId, now: ctx.now });
  if (linked) {
    await recordAuditEvent(ctx, {
      action: 'objects.records-linked',
      targetType: 'record',
      targetId: from.id,
      caseId: target.toCaseId,
      data: { relation: relation.key, fromRecordId: from.id, ...target },
    });
    await ctx.publish(domainEvent('record.linked', 'record', from.id, { relationKey: relation.key, fromRecordId: from.id, toRecordId: target.toRecordId, toCaseId: target.toCaseId, linked: true }));
  }
  return { linked, relation };
}

async function checkLinkTarget(ctx: CommandContext, relation: Relation, input: LinkInput): Promise<{ toRecordId: string | null; toCaseId: string | null }> {
  if (relation.toKind === 'case') {
    if (!input.toCaseId || input.toRecordId) throw objectProblems.invalid({ errors: [{ field: 'toCaseId', reason: `${relation.key} links to cases: give toCaseId` }] });
    await findCaseForActionOrThrow(ctx, input.toCaseId, 'case:read');
    return { toRecordId: null, toCaseId: input.toCaseId };
  }
  if (!input.toRecordId || input.toCaseId) throw objectProblems.invalid({ errors: [{ field: 'toRecordId', reason: `${relation.key} links to ${relation.toType} records: give toRecordId` }] });
  const to = await findRecordForActionOrThrow(ctx, input.toRecordId, 'record:read');
  if (to.typeId !== relation.toTypeId) throw objectProblems.invalid({ errors: [{ field: 'toRecordId', reason: `must be a ${relation.toType} record` }] });
  return { toRecordId: to.id, toCaseId: null };
}

/** Removes a link (the from-record needs record:update). */
export async function unlinkRecords(ctx: CommandContext, input: LinkInput): Promise<void> {
  const relation = await findRelationOrThrow(ctx.tx, input.relationKey);
  const from = await findRecordForActionOrThrow(ctx, input.fromRecordId, 'record:update');
  const target = { toRecordId: input.toRecordId ?? null, toCaseId: input.toCaseId ?? null };
  if (!(await deleteLink(ctx.tx, relation.id, from.id, target)))
    throw objectProblems.linkNotFound({ detail: `No ${relation.key} link from ${from.number} to ${target.toRecordId ?? target.toCaseId}` });
  await recordAuditEvent(ctx, {
    action: 'objects.records-unlinked',
    targetType: 'record',
    targetId: from.id,
    caseId: target.toCaseId,
    data: { relation: relation.key, fromRecordId: from.id, ...target },
  });
  await ctx.publish(domainEvent('record.linked', 'record', from.id, { relationKey: relation.key, fromRecordId: from.id, toRecordId: target.toRecordId, toCaseId: target.toCaseId, linked: false }));
}

/**
 * DELETE /records/{id}/links/{relation}/{target}: the record is the from side, or (for a link
 * that points at it) the to side.
 */
export async function unlinkFromEitherSide(ctx: CommandContext, recordId: string, relationKey: string, targetId: string): Promise<void> {
  const relation = await findRelationOrThrow(ctx.tx, relationKey);
  await findRecordForActionOrThrow(ctx, recordId, 'record:read');
  const outgoing = (await listLinksOfRecord(ctx.tx, recordId, 'outgoing', relation.id)).some((l) => l.toRecordId === targetId || l.toCaseId === targetId);
  if (outgoing) {
    return unlinkRecords(ctx, { relationKey, fromRecordId: recordId, ...(relation.toKind === 'case' ? { toCaseId: targetId } : { toRecordId: targetId }) });
  }
  const incoming = (await listLinksOfRecord(ctx.tx, recordId, 'incoming', relation.id)).some((l) => l.fromRecordId === targetId);
  if (incoming) return unlinkRecords(ctx, { relationKey, fromRecordId: targetId, toRecordId: recordId });
  throw objectProblems.linkNotFound({ detail: `No ${relationKey} link between these two` });
}

export interface LinkedItem {
  relation: string;
  direction: 'outgoing' | 'incoming';
  /** The relation's name as seen from this record (its inverse name for incoming links). */
  name: { 'zh-CN': string; 'en-US': string };
  record: RecordView | null;
  case: { id: string; number: string; type: string; status: string } | null;
  linkedAt: string;
}

/** A record's links, either way, showing only linked records and cases the reader may read. */
export async function listRecordLinks(ctx: CommandContext, recordId: string, options: { relationKey?: string; direction?: 'outgoing' | 'incoming' }): Promise<LinkedItem[]> {
  await findRecordForActionOrThrow(ctx, recordId, 'record:read');
  const relationId = options.relationKey ? (await findRelationOrThrow(ctx.tx, options.relationKey)).id : undefined;
  const directions = options.direction ? [options.direction] : (['outgoing', 'incoming'] as const);
  const items: LinkedItem[] = [];
  for (const direction of directions) {
    const links = await listLinksOfRecord(ctx.tx, recordId, direction, relationId);
    items.push(...(await presentLinks(ctx, links, direction)));
  }
  return items;
}

/** Records linked to a case the reader may read (the case itself must be readable: 404 otherwise). */
export async function listRecordsOfCase(ctx: CommandContext, caseId: string): Promise<LinkedItem[]> {
  await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  return presentLinks(ctx, await listLinksToCase(ctx.tx, caseId), 'incoming');
}

async function presentLinks(ctx: CommandContext, links: LinkRow[], direction: 'outgoing' | 'incoming'): Promise<LinkedItem[]> {
  if (links.length === 0) return [];
  const relations = await findRelationRowsByIds(ctx.tx, [...new Set(links.map((l) => l.relationId))]);
  const otherIds = links.map((l) => (direction === 'outgoing' ? l.toRecordId : l.fromRecordId)).filter((id): id is string => id !== null);
  const visible = await findRecordRowsByIds(ctx.tx, [...new Set(otherIds)], recordVisibility(ctx.actor, 'record:read'));
  const opened = new Map((await openRecordRows(ctx.keyRing, visible)).map((r): [string, RecordRow] => [r.id, r]));
  const items: LinkedItem[] = [];
  for (const link of links) {
    const relation = relations.get(link.relationId);
    if (!relation) continue;
    const name = direction === 'outgoing' ? { 'zh-CN': relation.nameZh, 'en-US': relation.nameEn } : { 'zh-CN': relation.inverseNameZh, 'en-US': relation.inverseNameEn };
    const base = { relation: relation.key, direction, name, linkedAt: link.createdAt.toISOString() };
    if (direction === 'outgoing' && link.toCaseId) {
      try {
        const found = await findCaseForActionOrThrow(ctx, link.toCaseId, 'case:read');
        items.push({ ...base, record: null, case: { id: found.id, number: found.number, type: found.typeKey, status: found.status } });
      } catch {
        // A case the reader may not read is left out, as if unlinked.
      }
      continue;
    }
    const other = opened.get((direction === 'outgoing' ? link.toRecordId : link.fromRecordId)!);
    if (other) items.push({ ...base, record: await presentRecord(ctx, other), case: null });
  }
  return items;
}
