import type { CommandContext } from '../../../platform/commands/index.ts';
import { findUserById } from '../../access/index.ts';
import { noSuchUser } from './approval-problems.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person a task may be handed to (转办, 委派, 加签): an active user; else 400 naming the field. */
export async function assertActiveUser(ctx: CommandContext, userId: string, field = 'userId'): Promise<void> {
  const user = UUID.test(userId) ? await findUserById(ctx.tx, userId) : undefined;
  if (user?.status !== 'active') throw noSuchUser(field, userId);
}
