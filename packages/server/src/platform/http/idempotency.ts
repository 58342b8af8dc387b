import { createHash } from 'node:crypto';
import type { CommandContext } from '../commands/index.ts';
import { httpProblems } from './problem.ts';

export interface StoredResponse<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

export function hashRequest(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

/**
 * Runs `create` at most once per (principal, key). The key row is inserted first, in the
 * command's own transaction: a concurrent request with the same key waits on the unique
 * index until the first commits, then reads its answer; if the first rolls back, it runs.
 */
export async function runIdempotently<T>(ctx: CommandContext, key: string | undefined, requestHash: string, create: () => Promise<{ statusCode: number; body: T }>): Promise<StoredResponse<T>> {
  if (!key) return { ...(await create()), replayed: false };
  const claimed = await ctx.tx
    .insertInto('platform.idempotency_key')
    .values({ principal_id: ctx.actor.userId, key, request_hash: requestHash, status_code: 0, response: 'null' })
    .onConflict((oc) => oc.columns(['principal_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) {
    const stored = await ctx.tx
      .selectFrom('platform.idempotency_key')
      .select(['request_hash', 'status_code', 'response'])
      .where('principal_id', '=', ctx.actor.userId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (stored.request_hash !== requestHash) {
      throw httpProblems.idempotencyKeyReused({ detail: 'Use a new Idempotency-Key for a different request' });
    }
    return { statusCode: stored.status_code, body: stored.response as T, replayed: true };
  }
  const result = await create();
  await ctx.tx
    .updateTable('platform.idempotency_key')
    .set({ status_code: result.statusCode, response: JSON.stringify(result.body) })
    .where('principal_id', '=', ctx.actor.userId)
    .where('key', '=', key)
    .execute();
  return { ...result, replayed: false };
}
