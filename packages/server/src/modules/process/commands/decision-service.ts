import type { CommandContext } from '../../../platform/commands/index.ts';
import type { DecisionOutcome } from '../engine/contract.ts';

/** Business-rule tasks evaluate the latest deployed decision of a key (modules/decisions). */
export async function evaluateDecisionForProcess(_ctx: CommandContext, decisionKey: string, _variables: Record<string, unknown>): Promise<DecisionOutcome> {
  // Wired to modules/decisions' evaluateDeployedDecision when that branch is merged.
  throw new Error(`Decision ${decisionKey} cannot be evaluated: the decisions module is not part of this build yet`);
}
