import type { CommandContext } from '../../../platform/commands/index.ts';
import type { RoutingOutcome, RoutingTrigger } from '../model.ts';

export interface RouteCaseOptions {
  /** Never given to these (they declined, or let an offer expire). */
  excludeUserIds?: string[];
  /** Route within this queue instead of the rules' answer (overflow moves the case first). */
  queueId?: string;
}

export interface RouteCaseResult {
  decisionId: string;
  outcome: RoutingOutcome;
  queueId: string | null;
  assigneeId: string | null;
}

/**
 * Decides where a case goes and applies it in the running command: rules (first match in force),
 * branch push, keep-with-previous, then dispatch in the target queue (selectAgent), offers for a
 * push queue with a timeout; writes routing.decision, routing.case_state, the audit event
 * routing.case-routed and the domain event routing.decided. Helper B builds it.
 */
export async function routeCase(_ctx: CommandContext, _caseId: string, _trigger: RoutingTrigger, _options: RouteCaseOptions = {}): Promise<RouteCaseResult> {
  throw new Error('routeCase: not built yet (issue 17, helper B)');
}
