import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed, isAllowed } from '../../access/index.ts';

/** Supervisors and administrators read every queue, profile and rule (routing:read). */
export function isRoutingReader(ctx: CommandContext): boolean {
  return isAllowed(ctx.actor, 'routing:read') || isAllowed(ctx.actor, 'routing:admin');
}

/** Queues, rules and agents' routing profiles are changed by administrators only. */
export function assertRoutingAdmin(ctx: CommandContext): void {
  assertAllowed(ctx.actor, 'routing:admin');
}
