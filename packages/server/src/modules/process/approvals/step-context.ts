import type { CommandContext } from '../../../platform/commands/index.ts';
import { findCaseMakerOrThrow } from '../../cases/index.ts';
import type { InstanceRecord } from '../engine/contract.ts';
import type { ElementDef, ProcessGraph, SeparationOfDuties } from '../graph.ts';
import { PgProcessStore } from '../store/pg-process-store.ts';
import { findInstanceRow } from '../store/instance-queries.ts';
import type { ProcessTaskRow } from '../tasks/task-store.ts';
import { approvalProblems } from './approval-problems.ts';
import { listPreviousCompleters } from './approval-store.ts';

/** What an approval command knows of a task's step: its instance, its process's graph and its element. */
export interface StepContext {
  instance: InstanceRecord;
  graph: ProcessGraph;
  element: ElementDef | undefined;
}

export async function loadStepContext(ctx: CommandContext, task: Pick<ProcessTaskRow, 'instanceId' | 'elementId'>): Promise<StepContext> {
  const instance = await findInstanceRow(ctx.tx, task.instanceId);
  if (!instance) throw new Error(`task of a missing instance ${task.instanceId}`);
  const definition = await new PgProcessStore(ctx.tx, ctx.now).getDefinition(instance.definitionId);
  if (!definition) throw new Error(`instance ${instance.id} of a missing definition ${instance.definitionId}`);
  return { instance, graph: definition.graph, element: definition.graph.elements[task.elementId] };
}

/** Whether the step is an inner instance of a countersign (会签/或签/票签): its outcome stays local. */
export function isCountersignStep(step: StepContext): boolean {
  return !!step.element?.userTask?.countersign && !!step.element.loop;
}

/**
 * Who may not complete (or claim) this step. The user task's own setting, else the process's;
 * a case type with separation of duties adds `maker` (its creator may not check the case).
 */
export async function separationRuleOf(ctx: CommandContext, step: StepContext): Promise<{ maker: boolean; previousSteps: boolean; caseTypeRequires: boolean; makerId: string | null }> {
  const own = step.element?.userTask?.separationOfDuties ?? step.graph.settings.separationOfDuties ?? 'none';
  const rule: SeparationOfDuties = own;
  let caseTypeRequires = false;
  let makerId = step.instance.startedBy;
  if (step.instance.caseId) {
    const facts = await findCaseMakerOrThrow(ctx.tx, step.instance.caseId);
    makerId = facts.createdBy;
    caseTypeRequires = facts.separationOfDuties;
  }
  return { maker: rule === 'maker' || rule === 'both' || caseTypeRequires, previousSteps: rule === 'previous-steps' || rule === 'both', caseTypeRequires, makerId };
}

/** Why `userId` may not act on this step under separation of duties, or null when they may. */
export async function separationRefusal(ctx: CommandContext, step: StepContext, elementId: string, userId: string): Promise<{ rule: 'maker' | 'previous-steps'; detail: string } | null> {
  const rule = await separationRuleOf(ctx, step);
  if (rule.maker && rule.makerId === userId) {
    return { rule: 'maker', detail: step.instance.caseId ? 'Whoever created the case may not approve its steps' : 'Whoever started the process may not approve its steps' };
  }
  if (rule.previousSteps && (await listPreviousCompleters(ctx.tx, step.instance.id, elementId)).includes(userId)) {
    return { rule: 'previous-steps', detail: 'Whoever completed an earlier step of this process may not approve this one' };
  }
  return null;
}

/** 403 `separation-of-duties` naming the rule, when the user may not act on the step. */
export async function assertSeparationOfDuties(ctx: CommandContext, step: StepContext, elementId: string, userId: string): Promise<void> {
  const refusal = await separationRefusal(ctx, step, elementId, userId);
  if (refusal) throw approvalProblems.separationOfDuties({ detail: refusal.detail, rule: refusal.rule });
}
