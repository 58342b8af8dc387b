import type { CommandContext } from '../../../platform/commands/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import type { QueueRow } from '../model.ts';
import { queueProblems } from './problems.ts';
import { queueReferencesOf, type QueueInput } from './queue-input.ts';
import { findQueue, insertQueue, setQueueMembers } from './queue-store.ts';
import { assertRoutingAdmin } from './routing-access.ts';
import { findQueueProblems } from './validate-queue.ts';

export interface CreateQueueInput extends QueueInput {
  key: string;
}

/** A new queue at version 1 with its members and groups (routing:admin). */
export async function createQueue(ctx: CommandContext, input: CreateQueueInput): Promise<QueueRow> {
  assertRoutingAdmin(ctx);
  const values = queueReferencesOf(input);
  if (values.name === '') throw queueProblems.invalid({ errors: [{ field: 'name', reason: 'must not be blank', code: 'required' }] });
  const errors = await findQueueProblems(ctx.tx, null, values);
  if (errors.length > 0) throw queueProblems.invalid({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
  const id = newId<string>();
  if (!(await insertQueue(ctx.tx, id, input.key, values, ctx.now))) throw queueProblems.exists({ detail: `Key ${input.key} is taken`, key: input.key });
  await setQueueMembers(ctx.tx, id, values.memberIds, values.groupKeys);
  const created = (await findQueue(ctx.tx, id))!;
  await recordAuditEvent(ctx, {
    action: 'routing.queue-saved',
    targetType: 'queue',
    targetId: input.key,
    data: { id, key: input.key, version: 1, created: true, changed: Object.keys(values) },
  });
  return created;
}
