import type { ElementDef } from '../graph.ts';
import type { ElementInstanceRecord } from './contract.ts';
import { ProcessCommandError } from './contract.ts';
import { type InstanceContext, type OperationSteps, commandError } from './operation-api.ts';

/** Call activities: the child instance starts in the same operation and hands its variables back on completion. */

export async function startCalledInstance(op: OperationSteps, context: InstanceContext, call: ElementInstanceRecord, element: ElementDef): Promise<void> {
  const spec = element.callActivity;
  if (!spec) throw new ProcessCommandError('called-process-missing', `${element.id} calls no process`, element.id);
  const variables = op.variablesAt(context, call);
  const key = String(op.resolve(spec.processKey, () => variables, element.id));
  const binding = spec.binding;
  const called =
    binding === 'latest'
      ? await op.store.findDefinition(key)
      : binding === 'deployment'
        ? await op.store.findDefinitionInDeployment(key, context.definition.deploymentId)
        : await op.store.findDefinition(key, binding.version);
  if (!called) throw commandError('called-process-missing', `${element.id} calls process ${key}, which is not deployed`, element.id, 'called-process-missing');
  const input: Record<string, unknown> = spec.inAll ? { ...variables } : {};
  for (const mapping of spec.in) input[mapping.target] = op.evaluate(mapping.source, variables, element.id);
  const child = op.startInstance(called, {
    variables: input,
    caseId: context.instance.caseId,
    businessKey: context.instance.businessKey,
    startedBy: context.instance.startedBy,
    parentInstanceId: context.instance.id,
    parentElementInstanceId: call.id,
    rootInstanceId: context.instance.rootInstanceId,
  });
  call.data.childInstanceId = child.instance.id;
  op.touchElement(call);
}

export function returnFromCalledInstance(op: OperationSteps, parent: InstanceContext, call: ElementInstanceRecord, child: InstanceContext): void {
  const element = parent.index.element(call.elementId);
  const spec = element.callActivity;
  const childVariables = child.instance.variables;
  if (spec?.outAll) op.setVariables(parent, call.scopeId, childVariables);
  for (const mapping of spec?.out ?? []) op.setVariable(parent, call.scopeId, mapping.target, op.evaluate(mapping.source, childVariables, element.id));
  delete call.data.childInstanceId;
  op.touchElement(call);
  op.enqueue('leave', parent, call);
}
