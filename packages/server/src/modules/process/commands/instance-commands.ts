import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed, isAllowed } from '../../access/index.ts';
import { findCaseForActionOrThrow } from '../../cases/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import type { DeployedProcess } from '../engine/contract.ts';
import { processProblems } from '../problems.ts';
import { findInstanceRow } from '../store/instance-queries.ts';
import { PgProcessStore } from '../store/pg-process-store.ts';
import { runProcessCommand, type ProcessCommandDeps } from './run-process-command.ts';

// The instance commands of the API. Each checks the actor's grants, runs one engine operation
// through runProcessCommand and writes one audit event naming who, on whose behalf and why.
// Audit events name variables, never their values (they may hold what a case holds).

export interface StartInstanceInput {
  processKey: string;
  version?: number;
  variables: Record<string, unknown>;
  caseId?: string | null;
  businessKey?: string | null;
}

async function findDefinitionOrThrow(ctx: CommandContext, key: string, version?: number): Promise<DeployedProcess> {
  const definition = await new PgProcessStore(ctx.tx, ctx.now).findDefinition(key, version);
  if (!definition) throw processProblems.definitionNotFound({ detail: `No process ${key}${version ? ` version ${version}` : ''} is deployed`, processKey: key, version: version ?? null });
  return definition;
}

async function findInstanceOrThrow(ctx: CommandContext, instanceId: string) {
  const instance = await findInstanceRow(ctx.tx, instanceId);
  if (!instance) throw processProblems.instanceNotFound({ detail: `No process instance ${instanceId}` });
  return instance;
}

export async function startProcessInstance(ctx: CommandContext, deps: ProcessCommandDeps, input: StartInstanceInput): Promise<{ id: string }> {
  assertAllowed(ctx.actor, 'process:start');
  // Starting a process for a case acts on the case: the starter must at least see it.
  if (input.caseId) await findCaseForActionOrThrow(ctx, input.caseId, 'case:read');
  const definition = await findDefinitionOrThrow(ctx, input.processKey, input.version);
  const starters = definition.graph.settings.candidateStarterGroups;
  if (starters.length > 0 && !isAllowed(ctx.actor, 'process:admin') && !ctx.actor.roles.some((role) => starters.includes(role))) {
    throw httpProblems.forbidden({ detail: `Process ${definition.key} may be started by ${starters.join(', ')} only` });
  }
  const { instance } = await runProcessCommand(
    ctx,
    deps,
    (engine) => engine.startInstance({ definition, variables: input.variables, caseId: input.caseId ?? null, businessKey: input.businessKey ?? null, startedBy: ctx.actor.userId }),
    {
      audit: ({ instance }) => ({
        action: 'process.started',
        targetType: 'process-instance',
        targetId: instance.id,
        caseId: instance.caseId,
        data: { processKey: definition.key, version: definition.version, businessKey: input.businessKey ?? null, variableNames: Object.keys(input.variables) },
      }),
    },
  );
  return { id: instance.id };
}

export async function setInstanceVariables(ctx: CommandContext, deps: ProcessCommandDeps, instanceId: string, variables: Record<string, unknown>): Promise<void> {
  assertAllowed(ctx.actor, 'process:admin');
  const instance = await findInstanceOrThrow(ctx, instanceId);
  await runProcessCommand(ctx, deps, (engine) => engine.setVariables({ instanceId, variables }), {
    audit: () => ({ action: 'process.variables-set', targetType: 'process-instance', targetId: instanceId, caseId: instance.caseId, data: { variableNames: Object.keys(variables) } }),
  });
}

export async function migrateInstance(ctx: CommandContext, deps: ProcessCommandDeps, instanceId: string, input: { targetVersion: number; mapping: Record<string, string> }): Promise<void> {
  assertAllowed(ctx.actor, 'process:admin');
  const instance = await findInstanceOrThrow(ctx, instanceId);
  const target = await findDefinitionOrThrow(ctx, instance.processKey, input.targetVersion);
  await runProcessCommand(ctx, deps, (engine) => engine.migrateInstance({ instanceId, target, mapping: input.mapping }), {
    audit: () => ({
      action: 'process.instance-migrated',
      targetType: 'process-instance',
      targetId: instanceId,
      caseId: instance.caseId,
      data: { processKey: instance.processKey, fromVersion: instance.version, toVersion: target.version, mapping: input.mapping },
    }),
  });
}

export async function terminateInstance(ctx: CommandContext, deps: ProcessCommandDeps, instanceId: string, reason: string): Promise<void> {
  assertAllowed(ctx.actor, 'process:admin');
  const instance = await findInstanceOrThrow(ctx, instanceId);
  await runProcessCommand(ctx, deps, (engine) => engine.terminateInstance({ instanceId, reason }), {
    audit: () => ({ action: 'process.terminated', targetType: 'process-instance', targetId: instanceId, caseId: instance.caseId, reason, data: { processKey: instance.processKey } }),
  });
}

export async function correlateMessage(
  ctx: CommandContext,
  deps: ProcessCommandDeps,
  input: { name: string; correlationKey?: string | null; processInstanceId?: string | null; variables: Record<string, unknown> },
): Promise<{ instanceIds: string[]; started: boolean }> {
  assertAllowed(ctx.actor, 'process:start');
  const result = await runProcessCommand(
    ctx,
    deps,
    (engine) => engine.correlateMessage({ name: input.name, correlationKey: input.correlationKey ?? null, processInstanceId: input.processInstanceId ?? null, variables: input.variables }),
    {
      audit: (r) => ({
        action: 'process.message-correlated',
        targetType: 'process-message',
        targetId: input.name,
        data: {
          correlationKey: input.correlationKey ?? null,
          processInstanceId: input.processInstanceId ?? null,
          instanceIds: r.instanceIds,
          started: r.started,
          variableNames: Object.keys(input.variables),
        },
      }),
    },
  );
  if (result.instanceIds.length === 0) throw processProblems.noSubscription({ detail: `Nothing waits for message ${input.name}`, messageName: input.name });
  return { instanceIds: result.instanceIds, started: result.started };
}

export async function broadcastSignal(ctx: CommandContext, deps: ProcessCommandDeps, input: { name: string; variables: Record<string, unknown> }): Promise<{ instanceIds: string[] }> {
  assertAllowed(ctx.actor, 'process:start');
  const result = await runProcessCommand(ctx, deps, (engine) => engine.broadcastSignal({ name: input.name, variables: input.variables }), {
    audit: (r) => ({ action: 'process.signal-broadcast', targetType: 'process-signal', targetId: input.name, data: { instanceIds: r.instanceIds, variableNames: Object.keys(input.variables) } }),
  });
  return { instanceIds: result.instanceIds };
}

export async function retryIncident(ctx: CommandContext, deps: ProcessCommandDeps, incidentId: string): Promise<void> {
  assertAllowed(ctx.actor, 'process:admin');
  const incident = await new PgProcessStore(ctx.tx, ctx.now).findIncident(incidentId);
  if (!incident) throw processProblems.incidentNotFound({ detail: `No incident ${incidentId}` });
  const instance = await findInstanceRow(ctx.tx, incident.instanceId);
  await runProcessCommand(ctx, deps, (engine) => engine.retryIncident({ incidentId }), {
    audit: () => ({
      action: 'process.incident-retried',
      targetType: 'process-incident',
      targetId: incidentId,
      caseId: instance?.caseId ?? null,
      data: { instanceId: incident.instanceId, elementId: incident.elementId, kind: incident.kind },
    }),
  });
}
