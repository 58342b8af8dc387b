import type { CommandContext } from '../../platform/commands/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { canTakeCase } from './case-actions.ts';
import { findCaseForActionOrThrow } from './case-access.ts';
import { openCaseRows } from './case-crypto.ts';
import type { CaseRow } from './case-row.ts';
import { caseProblems } from './problems.ts';
import { caseChangedEvents } from './case-events.ts';
import { updateCaseIfVersion } from './store.ts';

/**
 * An agent takes an open, unassigned case of theirs to work on: assigning it to oneself needs
 * only the right to change the case, while assigning it to someone else needs case:assign.
 * Two agents taking the same case race on the version: one wins, the other is told to reload.
 */
export async function takeCase(ctx: CommandContext, id: string, expectedVersion: number): Promise<CaseRow> {
  const current = await findCaseForActionOrThrow(ctx, id, 'case:update');
  if (current.version !== expectedVersion) {
    throw caseProblems.versionStale({ detail: `You sent version ${expectedVersion}; the case is at ${current.version}. Reload it.`, currentVersion: current.version });
  }
  if (!canTakeCase(ctx.actor, current)) {
    throw caseProblems.takeRefused({ detail: current.assigneeId ? 'The case is already assigned' : `The case is ${current.status}` });
  }
  const updatedSealed = await updateCaseIfVersion(ctx.tx, id, expectedVersion, { assigneeId: ctx.actor.userId }, ctx.now);
  if (!updatedSealed) throw caseProblems.versionStale({ detail: 'The case changed while you took it. Reload it.' });
  const updated = (await openCaseRows(ctx.keyRing, [updatedSealed]))[0]!;
  await recordAuditEvent(ctx, {
    action: 'case.taken',
    targetType: 'case',
    targetId: id,
    caseId: id,
    changes: [{ field: 'assigneeId', before: null, after: ctx.actor.userId }],
    data: { version: updated.version },
  });
  await ctx.publish(...caseChangedEvents(current, updated, ['assigneeId']));
  return updated;
}
