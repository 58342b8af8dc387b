import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertAllowed, isAllowed } from '../../access/index.ts';

/** Policies are read by holders of sla:read (supervisors, auditors) and sla:admin (administrators). */
export function assertSlaPolicyReader(ctx: CommandContext): void {
  if (isAllowed(ctx.actor, 'sla:read') || isAllowed(ctx.actor, 'sla:admin')) return;
  throw httpProblems.forbidden({ detail: 'None of your roles grants sla:read or sla:admin', action: 'sla:read' });
}

export function assertSlaAdmin(ctx: CommandContext): void {
  assertAllowed(ctx.actor, 'sla:admin');
}
