import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { runEngineInCommand } from '../../process/index.ts';
import { selectAgent } from '../dispatch/select-agent.ts';
import type { CandidateVerdict, RoutingOutcome } from '../model.ts';
import { routingSubjectOfTask } from '../subject.ts';
import { decideRouting } from './decide-routing.ts';
import { decisionDetail } from './route-case.ts';
import { insertDecision, setTaskQueueId } from './decision-store.ts';

export interface RouteTaskResult {
  decisionId: string | null;
  outcome: RoutingOutcome;
  queueId: string | null;
  assigneeId: string | null;
}

/**
 * Routes a new process task by the rules that apply to tasks: the matching rule's queue becomes
 * the task's (process.task.queue_id) and, in a push queue, the selected member is given the task
 * (through the engine, as any assignment). A task no task rule matches is left as the process
 * made it (undefined). Tasks are assigned, never offered. A task of a case has its decision
 * recorded with the case's; every routed task is audited routing.task-routed.
 */
export async function routeTask(ctx: CommandContext, taskId: string): Promise<RouteTaskResult | undefined> {
  const started = process.hrtime.bigint();
  const subject = await routingSubjectOfTask(ctx, taskId);
  if (!subject) return undefined;
  const plan = await decideRouting(ctx, subject, ctx.now);
  if (!plan.rule) return undefined;
  const queue = plan.queue;
  let outcome: RoutingOutcome = 'unrouted';
  let assigneeId = subject.assigneeId;
  let candidates: CandidateVerdict[] = [];
  if (queue) {
    await setTaskQueueId(ctx.tx, taskId, queue.id);
    outcome = 'queued';
    if (assigneeId !== null) outcome = 'kept';
    else if (queue.mode === 'push' && queue.active) {
      const selection = await selectAgent(ctx, {
        queue,
        subject: { ...subject, queueId: queue.id },
        requiredSkills: plan.requiredSkills,
        requiredLanguages: plan.requiredLanguages,
        preferredUserId: plan.preferredUserId,
        branchId: plan.branch?.id ?? null,
      });
      candidates = selection.candidates;
      if (selection.chosenUserId) {
        assigneeId = selection.chosenUserId;
        outcome = 'assigned';
        const chosen = selection.chosenUserId;
        await runEngineInCommand(ctx, (engine) => engine.updateTask({ taskId, assignee: chosen }));
      }
    }
  }
  const decisionId = subject.caseId ? newId<string>() : null;
  if (decisionId && subject.caseId) {
    await insertDecision(ctx.tx, {
      id: decisionId,
      caseId: subject.caseId,
      taskId,
      trigger: 'task-created',
      ruleId: plan.rule.id,
      ruleKey: plan.rule.key,
      ruleVersion: plan.rule.version,
      queueId: queue?.id ?? null,
      previousQueueId: null,
      assigneeId,
      previousAssigneeId: subject.assigneeId,
      outcome,
      strategy: queue?.strategy ?? null,
      priorityBoost: 0,
      detail: decisionDetail(plan, candidates, null, false),
      reason: null,
      actorId: null,
      decidedAt: ctx.now,
      durationUs: Number((process.hrtime.bigint() - started) / 1000n),
    });
  }
  await recordAuditEvent(ctx, {
    action: 'routing.task-routed',
    targetType: 'task',
    targetId: taskId,
    caseId: subject.caseId,
    data: { decisionId, outcome, rule: { key: plan.rule.key, version: plan.rule.version }, queue: queue?.key ?? null, assigneeId, processKey: subject.processKey, elementId: subject.taskElementId },
  });
  if (decisionId && subject.caseId) {
    await ctx.publish(domainEvent('routing.decided', 'case', subject.caseId, { decisionId, caseId: subject.caseId, taskId, trigger: 'task-created', outcome, queueId: queue?.id ?? null, assigneeId }));
  }
  return { decisionId, outcome, queueId: queue?.id ?? null, assigneeId };
}
