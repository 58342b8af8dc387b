import type { CommandContext } from '../../platform/commands/index.ts';
import { findReopenStatus } from './case-facts.ts';
import { readCase } from './list-cases.ts';
import { updateCase } from './update-case.ts';

const ANSWERED = new Set(['resolved', 'closed', 'waiting']);

/**
 * Issue 18: the customer answered through a channel (e-mail, the tracking page). A case that was
 * resolved, closed or waiting on them goes back to work by its lifecycle's first transition to an
 * unfinished status, with the reason in its history. True when the status moved.
 */
export async function reopenOnCustomerReply(ctx: CommandContext, caseId: string, reason: string): Promise<boolean> {
  const current = await readCase(ctx, caseId);
  if (!ANSWERED.has(current.statusCategory)) return false;
  const to = await findReopenStatus(ctx.tx, current.typeKey, current.typeVersion, current.status);
  if (!to) return false;
  await updateCase(ctx, caseId, current.version, { status: to, reason });
  return true;
}
