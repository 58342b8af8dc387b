import { BUNDLE_FORMAT, discloseEvent, eventDocument, inclusionProof, withFetchedNodes, type EvidenceBundle, type Json, type SignedTreeHead } from '@docket/verify';
import { fetchNodes, listLedgerEventsOfCase, listSigningKeys, type Queryable } from './ledger-store.ts';

/** Inclusion proofs of many leaves against one tree size, fetching all needed nodes in one round trip. */
export function proveInclusion(q: Queryable, leafIndices: number[], treeSize: number): Promise<string[][]> {
  return withFetchedNodes(
    (node) => leafIndices.map((i) => inclusionProof(i, treeSize, node).map((h) => Buffer.from(h).toString('hex'))),
    (keys) => fetchNodes(q, keys),
  );
}

/**
 * Which disclosure units (JSON pointers) of an event document the reader may not see. The caller
 * decides (the case's field rules live with cases and access, not here); withheld units are
 * committed by digest in the bundle, so the proofs still verify.
 */
export type WithheldUnits = (document: Json) => Promise<Set<string>>;

export async function buildEvidenceBundle(q: Queryable, caseId: string, head: SignedTreeHead, withheldOf: WithheldUnits): Promise<{ bundle: EvidenceBundle; withheldCount: number } | undefined> {
  const rows = await listLedgerEventsOfCase(q, caseId, head.treeSize);
  if (rows.length === 0) return undefined;
  const proofs = await proveInclusion(
    q,
    rows.map((r) => r.leafIndex),
    head.treeSize,
  );
  const key = (await listSigningKeys(q)).find((k) => k.keyId === head.keyId);
  if (!key) throw new Error(`the signing key ${head.keyId} of the latest tree head is not stored`);
  let withheldCount = 0;
  const events = [];
  for (const [i, row] of rows.entries()) {
    const document = eventDocument(row.columns);
    const withheld = await withheldOf(document);
    withheldCount += withheld.size;
    const disclosed = discloseEvent(document, row.salt, (pointer) => withheld.has(pointer));
    events.push({ leafIndex: row.leafIndex, event: disclosed.event, disclosure: disclosed.disclosure, inclusionProof: proofs[i]! });
  }
  return { bundle: { format: BUNDLE_FORMAT, caseId, publicKey: key.publicKey, treeHead: head, events }, withheldCount };
}
