import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed, isAllowed } from '../../access/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';

/** Rules, branch areas and the tester are read by holders of routing:read (supervisors) or routing:admin. */
export function assertRoutingReader(ctx: CommandContext): void {
  if (isAllowed(ctx.actor, 'routing:read') || isAllowed(ctx.actor, 'routing:admin')) return;
  throw httpProblems.forbidden({ detail: 'None of your roles grants routing:read or routing:admin', action: 'routing:read' });
}

export function assertRoutingAdmin(ctx: CommandContext): void {
  assertAllowed(ctx.actor, 'routing:admin');
}
