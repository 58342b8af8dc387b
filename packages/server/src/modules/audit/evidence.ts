import type { CommandContext } from '../../platform/commands/index.ts';
import type { FieldChange } from '../../platform/db/tables.ts';
import {
  BUNDLE_FORMAT,
  discloseEvent,
  eventDocument,
  inclusionProof,
  withFetchedNodes,
  type EvidenceBundle,
  type Json,
  type SignedTreeHead,
} from '@docket/verify';
import { presentFieldChanges, type CaseRow } from '../cases/index.ts';
import { fetchNodes, listLedgerEventsOfCase, listSigningKeys, type Queryable } from './ledger-store.ts';

/** Inclusion proofs of many leaves against one tree size, fetching all needed nodes in one round trip. */
export function proveInclusion(q: Queryable, leafIndices: number[], treeSize: number): Promise<string[][]> {
  return withFetchedNodes(
    (node) => leafIndices.map((i) => inclusionProof(i, treeSize, node).map((h) => Buffer.from(h).toString('hex'))),
    (keys) => fetchNodes(q, keys),
  );
}

/**
 * Which disclosure units of an event the reader may not see: the before/after values of field
 * changes that the reader's field rules mask or hide (the same rules as the case history). They
 * are committed by digest in the bundle, so the proofs still verify.
 */
async function withheldPointers(ctx: CommandContext, found: CaseRow, document: Json): Promise<Set<string>> {
  const withheld = new Set<string>();
  const changes = ((document as { changes?: FieldChange[] }).changes ?? []) as FieldChange[];
  for (const [i, change] of changes.entries()) {
    const [presented] = await presentFieldChanges(ctx, found, [change]);
    for (const side of ['before', 'after'] as const) {
      if (!presented || JSON.stringify(presented[side]) !== JSON.stringify(change[side])) withheld.add(`/changes/${i}/${side}`);
    }
  }
  return withheld;
}

export async function buildEvidenceBundle(ctx: CommandContext, q: Queryable, found: CaseRow, head: SignedTreeHead): Promise<{ bundle: EvidenceBundle; withheldCount: number } | undefined> {
  const rows = await listLedgerEventsOfCase(q, found.id, head.treeSize);
  if (rows.length === 0) return undefined;
  const proofs = await proveInclusion(q, rows.map((r) => r.leafIndex), head.treeSize);
  const key = (await listSigningKeys(q)).find((k) => k.keyId === head.keyId);
  if (!key) throw new Error(`the signing key ${head.keyId} of the latest tree head is not stored`);
  let withheldCount = 0;
  const events = [];
  for (const [i, row] of rows.entries()) {
    const document = eventDocument(row.columns);
    const withheld = await withheldPointers(ctx, found, document);
    withheldCount += withheld.size;
    const disclosed = discloseEvent(document, row.salt, (pointer) => withheld.has(pointer));
    events.push({ leafIndex: row.leafIndex, event: disclosed.event, disclosure: disclosed.disclosure, inclusionProof: proofs[i]! });
  }
  return { bundle: { format: BUNDLE_FORMAT, caseId: found.id, publicKey: key.publicKey, treeHead: head, events }, withheldCount };
}
