import type { CommandContext } from '../../../platform/commands/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import type { QueueRow } from '../model.ts';
import { queueProblems } from './problems.ts';
import { queueReferencesOf, type QueueInput } from './queue-input.ts';
import { findQueue, setQueueMembers, updateQueueIfVersion } from './queue-store.ts';
import { assertRoutingAdmin } from './routing-access.ts';
import { findQueueProblems, type QueueReferences } from './validate-queue.ts';

export async function findQueueOrThrow(ctx: CommandContext, idOrKey: string): Promise<QueueRow> {
  const found = await findQueue(ctx.tx, idOrKey);
  if (!found) throw queueProblems.notFound({ detail: `No queue ${idOrKey}` });
  return found;
}

/** The fields whose value differs, in the order of the queue's fields. */
function changedFields(current: QueueRow, next: QueueReferences): string[] {
  const sorted = (values: string[]) => [...values].sort();
  return (Object.keys(next) as (keyof QueueReferences)[]).filter((field) => {
    const before = current[field];
    const after = next[field];
    return Array.isArray(before) && Array.isArray(after) ? JSON.stringify(sorted(before)) !== JSON.stringify(sorted(after)) : before !== after;
  });
}

/**
 * Replaces a queue (its key stays) if it is still at `expectedVersion` (If-Match); audited with
 * the names of the fields that changed. Nothing changed: the queue is returned as it is.
 */
export async function updateQueue(ctx: CommandContext, idOrKey: string, expectedVersion: number, input: QueueInput): Promise<QueueRow> {
  assertRoutingAdmin(ctx);
  const current = await findQueueOrThrow(ctx, idOrKey);
  const stale = () => queueProblems.versionStale({ detail: `You sent version ${expectedVersion}; the queue is at ${current.version}. Reload it.`, currentVersion: current.version });
  if (current.version !== expectedVersion) throw stale();
  const values = queueReferencesOf(input);
  if (values.name === '') throw queueProblems.invalid({ errors: [{ field: 'name', reason: 'must not be blank', code: 'required' }] });
  const errors = await findQueueProblems(ctx.tx, current.id, values);
  if (errors.length > 0) throw queueProblems.invalid({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
  const changed = changedFields(current, values);
  if (changed.length === 0) return current;
  if (!(await updateQueueIfVersion(ctx.tx, current.id, expectedVersion, values, ctx.now))) throw stale();
  await setQueueMembers(ctx.tx, current.id, values.memberIds, values.groupKeys);
  await recordAuditEvent(ctx, {
    action: 'routing.queue-saved',
    targetType: 'queue',
    targetId: current.key,
    data: { id: current.id, key: current.key, version: current.version + 1, changed },
  });
  return (await findQueue(ctx.tx, current.id))!;
}
