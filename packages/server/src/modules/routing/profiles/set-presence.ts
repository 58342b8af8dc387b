import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import type { Presence } from '../model.ts';
import { writePresence } from './profile-store.ts';

export interface SetPresenceOptions {
  /** Set by Docket (away after inactivity), not by the person: their last-seen time does not move. */
  auto?: boolean;
}

/**
 * Sets an agent's presence. A change is audited (routing.presence-changed) and published
 * (routing.presence-changed, aggregate 'user') so the router can hand out waiting work; setting
 * the presence one already has changes nothing.
 */
export async function setPresence(ctx: CommandContext, userId: string, presence: Presence, options: SetPresenceOptions = {}): Promise<{ from: Presence; to: Presence; changed: boolean }> {
  const from = await writePresence(ctx.tx, userId, presence, ctx.now, options.auto ? null : ctx.now);
  if (from === presence) return { from, to: presence, changed: false };
  await recordAuditEvent(ctx, {
    action: 'routing.presence-changed',
    targetType: 'user',
    targetId: userId,
    data: { userId, from, to: presence, ...(options.auto ? { auto: true } : {}) },
  });
  await ctx.publish(domainEvent('routing.presence-changed', 'user', userId, { userId, from, to: presence }));
  return { from, to: presence, changed: true };
}
