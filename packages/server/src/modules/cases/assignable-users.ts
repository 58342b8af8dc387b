import type { CommandContext } from '../../platform/commands/index.ts';
import { findUsersAllowedOnCase, lookupNames } from '../access/index.ts';
import { findCaseForActionOrThrow } from './case-access.ts';

/**
 * The people a case may be given to: only someone who may assign it may list them (404 when the
 * case is not visible, 403 without case:assign), and only users whose own permissions let them
 * read and change this very case are offered, so an assignment never hands a case to someone
 * who could not open it.
 */
export async function findAssignableUsers(ctx: CommandContext, caseId: string, options: { text?: string; after?: string; limit: number }) {
  const found = await findCaseForActionOrThrow(ctx, caseId, 'case:assign');
  const page = await findUsersAllowedOnCase(ctx.tx, found, ['case:read', 'case:update'], options);
  const names = await lookupNames(
    ctx.tx,
    [],
    page.items.map((u) => u.departmentId),
  );
  return { items: page.items.map((u) => ({ ...u, departmentName: names.department(u.departmentId) })), nextCursor: page.nextCursor };
}
