import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { recordAuditEvents } from '../../audit/index.ts';
import { markInactiveAgentsAway } from './store.ts';

/**
 * Available agents whose console has not been heard from for `awayAfterSeconds` become away, so
 * the router stops handing them work. Done here in one statement with its audit events and domain
 * events (helper A's setPresence is for one person's own switch; this is the sweeper's batch).
 */
export async function sweepInactiveAgents(ctx: CommandContext, awayAfterSeconds: number, limit: number): Promise<number> {
  const seenBefore = new Date(ctx.now.getTime() - awayAfterSeconds * 1000);
  const users = await markInactiveAgentsAway(ctx.tx, seenBefore, ctx.now, limit);
  if (users.length === 0) return 0;
  await recordAuditEvents(
    ctx,
    users.map((userId) => ({ action: 'routing.presence-changed' as const, targetType: 'user', targetId: userId, data: { from: 'available', to: 'away', auto: true, awayAfterSeconds } })),
  );
  await ctx.publish(...users.map((userId) => domainEvent('routing.presence-changed', 'user', userId, { userId, from: 'available', to: 'away' })));
  return users.length;
}
