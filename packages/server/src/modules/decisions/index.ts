/**
 * Decisions (DMN 1.3; 1.2, 1.4 and 1.5 read by namespace rewriting): deploy, list, evaluate.
 * The process engine's business-rule tasks call `evaluateDeployedDecision`.
 */
export { deployDecisions, evaluateDeployedDecision, type DecisionEvaluation, type DeployedDecision } from './deployed-decisions.ts';
export { decisionRoutes, decisionSchemas } from './routes.ts';
export { decisionProblems } from './problems.ts';
