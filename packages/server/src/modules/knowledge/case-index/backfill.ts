import type { Db } from '../../../platform/db/database.ts';
import type { Clock } from '../../../platform/clock/index.ts';
import { listFinishedCasesWithoutDocument } from './case-document-store.ts';
import { indexCase } from './index-case.ts';

/**
 * Indexes the resolved and closed cases that have no document yet: those finished before the
 * knowledge module (a migration cannot cut Chinese into words in SQL) and those the demo seed
 * finishes before the app subscribes. main.ts runs it in the background after the start, a chunk
 * per transaction, so a large backlog neither delays the start nor holds locks for long; until it
 * is through, such a case is only missing from "similar cases". Returns how many it indexed.
 */
export async function indexCasesWithoutDocument(db: Db, clock: Clock, options: { chunkSize?: number; maxChunks?: number } = {}): Promise<number> {
  const chunkSize = options.chunkSize ?? 200;
  let total = 0;
  for (let chunk = 0; chunk < (options.maxChunks ?? Number.POSITIVE_INFINITY); chunk++) {
    const done = await db.transaction().execute(async (tx) => {
      const ids = await listFinishedCasesWithoutDocument(tx, chunkSize);
      for (const id of ids) await indexCase(tx, id, clock.now(), { withReplies: true });
      return ids.length;
    });
    total += done;
    if (done < chunkSize) break;
  }
  return total;
}
