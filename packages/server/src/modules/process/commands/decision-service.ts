import type { CommandContext } from '../../../platform/commands/index.ts';
import { evaluateDeployedDecision } from '../../decisions/index.ts';
import type { DecisionOutcome } from '../engine/contract.ts';

/** Business-rule tasks evaluate the latest deployed decision of a key (modules/decisions), in the command's transaction. */
export async function evaluateDecisionForProcess(ctx: CommandContext, decisionKey: string, variables: Record<string, unknown>): Promise<DecisionOutcome> {
  const evaluation = await evaluateDeployedDecision(ctx.tx, decisionKey, variables);
  return { result: evaluation.result, resultList: evaluation.resultList };
}
