import type { CommandContext, CommandSubscribers } from '../../platform/commands/index.ts';
import { findCaseForRouting, findCaseTypeStatuses } from '../cases/index.ts';
import { rulesInTransaction } from './decisions/decide-routing.ts';
import { findCaseStanding } from './decisions/decision-store.ts';
import { isRoutable, routeCase } from './decisions/route-case.ts';
import { routeTask } from './decisions/route-task.ts';

/**
 * The case fields a rule looks at. The router's own outputs (queue, assignee, priority,
 * department) are not among them: its changes publish case.fields-changed too, and answering
 * them would route forever.
 */
export function isRoutingRelevantChange(field: string): boolean {
  return (
    field === 'type' ||
    field === 'channel' ||
    field === 'customer' ||
    field.startsWith('customer.') ||
    field === 'tags' ||
    field === 'externalSource' ||
    field === 'fields.category' ||
    field === 'fields.product' ||
    field === 'fields.riskLevel'
  );
}

async function routeIfUnfinished(ctx: CommandContext, caseId: string, route: () => Promise<unknown>): Promise<void> {
  const standing = await findCaseStanding(ctx.tx, caseId);
  if (standing && isRoutable(standing.statusCategory)) await route();
}

/**
 * routeIfUnfinished for a trigger that routes the case itself: the row read to decide is the row
 * routed (one read of the case instead of two: a bulk create routes every case it writes).
 */
async function routeCaseIfUnfinished(ctx: CommandContext, caseId: string, trigger: 'created' | 'fields-changed'): Promise<void> {
  const row = await findCaseForRouting(ctx, caseId);
  if (row && isRoutable(row.statusCategory)) await routeCase(ctx, caseId, trigger, { row });
}

/** A status change into the open category from a resolved or closed one reopens the case. */
async function routeIfReopened(ctx: CommandContext, caseId: string, from: string, to: string): Promise<void> {
  const standing = await findCaseStanding(ctx.tx, caseId);
  if (standing?.statusCategory !== 'open') return;
  const statuses = await findCaseTypeStatuses(ctx.tx, standing.typeKey, standing.typeVersion);
  const categoryOf = (key: string) => statuses.find((s) => s.key === key)?.category;
  const fromCategory = categoryOf(from);
  if (categoryOf(to) === 'open' && (fromCategory === 'resolved' || fromCategory === 'closed')) await routeCase(ctx, caseId, 'reopened');
}

async function hasRules(ctx: CommandContext, wanted: (rule: Awaited<ReturnType<typeof rulesInTransaction>>[number]) => boolean): Promise<boolean> {
  return (await rulesInTransaction(ctx.tx)).some((rule) => rule.enabled && wanted(rule));
}

/**
 * The router follows the domain inside each command's transaction: a case created, reopened, or
 * changed in a routing-relevant field, a case whose SLA turns at risk (when a rule looks at the
 * SLA state), a process task created without an assignee (when a rule applies to tasks).
 * Returns the unsubscribe.
 */
export function subscribeRouting(subscribers: CommandSubscribers): () => void {
  const slaRisk = async (ctx: CommandContext, caseId: string, taskId: string | null, slaState: 'at-risk' | 'breached') => {
    if (taskId !== null || !(await hasRules(ctx, (r) => r.appliesTo === 'case' && (r.conditions.slaStates?.length ?? 0) > 0))) return;
    await routeIfUnfinished(ctx, caseId, () => routeCase(ctx, caseId, 'sla-risk', { slaState }));
  };
  const off = [
    subscribers.subscribeInTransaction('case.created', (ctx, e) => routeCaseIfUnfinished(ctx, e.payload.caseId, 'created')),
    subscribers.subscribeInTransaction('case.status-changed', (ctx, e) => routeIfReopened(ctx, e.payload.caseId, e.payload.from, e.payload.to)),
    subscribers.subscribeInTransaction('case.fields-changed', (ctx, e) =>
      e.payload.changed.some(isRoutingRelevantChange) ? routeCaseIfUnfinished(ctx, e.payload.caseId, 'fields-changed') : Promise.resolve(),
    ),
    subscribers.subscribeInTransaction('sla.warning-fired', (ctx, e) => slaRisk(ctx, e.payload.caseId, e.payload.taskId, 'at-risk')),
    subscribers.subscribeInTransaction('sla.target-breached', (ctx, e) => slaRisk(ctx, e.payload.caseId, e.payload.taskId, 'breached')),
    subscribers.subscribeInTransaction('process.task-created', async (ctx, e) => {
      if (e.payload.assignee !== null || !(await hasRules(ctx, (r) => r.appliesTo === 'task'))) return;
      await routeTask(ctx, e.payload.taskId);
    }),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
