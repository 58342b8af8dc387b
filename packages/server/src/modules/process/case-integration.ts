import type { CommandContext, CommandSubscribers } from '../../platform/commands/index.ts';
import { defineProblem } from '../../platform/http/problem.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { findCaseFactsOrThrow, findCaseTypeProcessKey, type CaseFacts } from '../cases/index.ts';
import type { DeployedProcess } from './engine/contract.ts';
import type { RunEngine } from './tasks/task-commands.ts';

export const caseProcessProblems = {
  notDeployed: defineProblem({ type: 'process-not-deployed', status: 422, title: 'No process of this key is deployed' }),
};

export interface CaseIntegrationDeps {
  runEngine: RunEngine;
  /** The latest deployed version of a process key. */
  findLatestDefinition(ctx: CommandContext, key: string): Promise<DeployedProcess | undefined>;
}

/**
 * A new case's process variables: what routes and conditions need of the case, and its form
 * fields that carry no data class. Sensitive values (resident id, phone, card …) are encrypted at
 * rest in the case and would lie in clear in the instance, its history and every task form, so
 * they never enter a process: a step that needs one reads the case, masked for its reader.
 * The case's own facts come last, so a form field named like one (`priority`) cannot shadow it.
 */
export function caseProcessVariables(facts: CaseFacts): Record<string, unknown> {
  return {
    ...facts.fields,
    caseId: facts.caseId,
    caseNumber: facts.number,
    caseType: facts.caseType,
    priority: facts.priority,
    channel: facts.channel,
    departmentId: facts.departmentId,
  };
}

async function latestOrThrow(deps: CaseIntegrationDeps, ctx: CommandContext, key: string, field: string, detail: string): Promise<DeployedProcess> {
  const definition = await deps.findLatestDefinition(ctx, key);
  if (!definition) throw caseProcessProblems.notDeployed({ detail, processKey: key, errors: [{ field, reason: `no process ${key} is deployed` }] });
  return definition;
}

/**
 * Case types name a process; cases start it. Both in the publishing command's transaction:
 * a case type naming a process nobody deployed is refused when it is saved, and a case whose
 * process cannot start is not created (422), because a bank would rather be told at the desk
 * than find a complaint that silently missed its review. Returns the unsubscribe function.
 */
export function subscribeCaseProcesses(subscribers: CommandSubscribers, deps: CaseIntegrationDeps): () => void {
  const off = [
    subscribers.subscribeInTransaction('case-type.saved', async (ctx, event) => {
      const key = event.payload.processKey;
      if (key) await latestOrThrow(deps, ctx, key, 'processKey', `Case type ${event.payload.caseType} names process ${key}, which is not deployed: deploy it first`);
    }),
    subscribers.subscribeInTransaction('case.created', async (ctx, event) => {
      // Most case types start no process: known from memory, so creating their cases costs no query here.
      if (!(await findCaseTypeProcessKey(ctx.tx, event.payload.caseType, event.payload.typeVersion))) return;
      const facts = await findCaseFactsOrThrow(ctx.tx, event.payload.caseId);
      if (!facts.processKey) return;
      const definition = await latestOrThrow(
        deps,
        ctx,
        facts.processKey,
        'caseType.processKey',
        `Case type ${facts.caseType} starts process ${facts.processKey}, which is not deployed: the case was not created`,
      );
      // The process starts as part of creating the case, not as the creator's own choice: no
      // process:start is asked of them (an intake system creating alerts need not hold it).
      const variables = caseProcessVariables(facts);
      const { instance } = await deps.runEngine(ctx, (engine) => engine.startInstance({ definition, variables, caseId: facts.caseId, businessKey: facts.number, startedBy: ctx.actor.userId }));
      // The same fact as POST /process-instances records, marked with what started it.
      await recordAuditEvent(ctx, {
        action: 'process.started',
        targetType: 'process-instance',
        targetId: instance.id,
        caseId: facts.caseId,
        data: { processKey: definition.key, version: definition.version, businessKey: facts.number, variableNames: Object.keys(variables).sort(), startedBy: 'case.created' },
      });
    }),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
