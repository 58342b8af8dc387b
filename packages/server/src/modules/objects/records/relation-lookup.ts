import type { Tx } from '../../../platform/db/database.ts';
import type { Relation } from '../model.ts';
import { listRelationRows } from '../types/store.ts';

/** Relations by id (deleted ones left out), for presenting a page of links. */
export async function findRelationRowsByIds(tx: Tx, ids: string[]): Promise<Map<string, Relation>> {
  const wanted = new Set(ids);
  return new Map((await listRelationRows(tx)).filter((r) => wanted.has(r.id)).map((r) => [r.id, r]));
}
