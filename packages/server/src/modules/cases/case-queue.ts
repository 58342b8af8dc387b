import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { FieldError } from '../../platform/http/problem.ts';

/** How a request names a case's queue: by key, by id, or both (then they must agree); null clears it. */
export interface CaseQueueRef {
  queue?: string | null;
  queueId?: string | null;
}

/** The queue a request names, found: both its key and id (null for none). */
export interface CaseQueue {
  key: string | null;
  id: string | null;
}

/** undefined: the request names no queue; a list: what is wrong with the one it names. */
export type CaseQueueResolution = CaseQueue | FieldError[] | undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const noSuchQueue = (field: 'queue' | 'queueId', value: string): FieldError => ({ field, reason: 'no such queue', code: 'unknown-reference', params: { value } });

/**
 * Finds the queues many requests name, in one query (a bulk batch or a group commit resolves all
 * its cases at once). Queues are the routing module's (routing.queue); the cases module reads
 * them here rather than through routing's index because routing depends on cases (applyCaseRouting),
 * and the database's trigger (migration 20261209T0200) refuses an unknown key as the last line.
 */
export async function resolveCaseQueues(tx: Db | Tx, refs: CaseQueueRef[]): Promise<CaseQueueResolution[]> {
  const keys = [...new Set(refs.flatMap((r) => (typeof r.queue === 'string' ? [r.queue] : [])))];
  const ids = [...new Set(refs.flatMap((r) => (typeof r.queueId === 'string' && UUID.test(r.queueId) ? [r.queueId.toLowerCase()] : [])))];
  const found =
    keys.length + ids.length === 0
      ? []
      : (await sql<{ id: string; key: string }>`SELECT id::text AS id, key FROM routing.queue WHERE key = ANY(${keys}::text[]) OR id = ANY(${ids}::uuid[])`.execute(tx)).rows;
  const byKey = new Map(found.map((q) => [q.key, q]));
  const byId = new Map(found.map((q) => [q.id, q]));
  return refs.map(({ queue, queueId }) => {
    if (queue === undefined && queueId === undefined) return undefined;
    const named = queue === undefined || queue === null ? queue : (byKey.get(queue) ?? null);
    const identified = queueId === undefined || queueId === null ? queueId : (byId.get(queueId.toLowerCase()) ?? null);
    const errors: FieldError[] = [];
    if (typeof queue === 'string' && named === null) errors.push(noSuchQueue('queue', queue));
    if (typeof queueId === 'string' && identified === null) errors.push(noSuchQueue('queueId', queueId));
    if (errors.length > 0) return errors;
    if (queue !== undefined && queueId !== undefined && (named?.id ?? null) !== (identified?.id ?? null)) {
      return [{ field: 'queueId', reason: `names another queue than queue (${queue ?? 'none'})`, code: 'invalid' }];
    }
    const chosen = named ?? identified;
    return chosen ? { key: chosen.key, id: chosen.id } : { key: null, id: null };
  });
}
