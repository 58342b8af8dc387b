/**
 * The routing module (issue 17): queues as objects, agents' routing profiles and presence, rules,
 * dispatch (push offers and pull), every decision explained, the overflow worker. See README.md.
 */
export * from './model.ts';
export { routingRoutes, routingSchemas } from './routes.ts';
export { subscribeRouting } from './subscriptions.ts';
export { findQueue } from './queues/queue-store.ts';
export { selectAgent } from './dispatch/select-agent.ts';
export { routeCase, type RouteCaseOptions, type RouteCaseResult } from './decisions/route-case.ts';
export { listQueues, type QueueListFilter } from './queues/queue-store.ts';
export { createQueue, type CreateQueueInput } from './queues/create-queue.ts';
export { updateQueue, findQueueOrThrow } from './queues/update-queue.ts';
export type { QueueInput } from './queues/queue-input.ts';
export { isRoutingReader, assertRoutingAdmin } from './queues/routing-access.ts';
export { saveRoutingProfile, type SaveRoutingProfileInput } from './profiles/save-profile.ts';
export { setPresence, type SetPresenceOptions } from './profiles/set-presence.ts';
export { loadOf } from './profiles/load.ts';
export { findRoutingProfile } from './profiles/profile-store.ts';
// Rules, the decision and branch areas (helper B): the seed creates rules and branch areas through these.
export { createRoutingRule, saveRoutingRule, reorderRoutingRules, deleteRoutingRule, type CreateRoutingRuleInput, type RoutingRuleInput } from './rules/rule-commands.ts';
export { listRoutingRules } from './rules/rule-store.ts';
export { saveBranchAreas, findBranchAreas } from './rules/branch-areas.ts';
export { routeTask, type RouteTaskResult } from './decisions/route-task.ts';
export { decideRouting, type RoutingPlan } from './decisions/decide-routing.ts';
export { routingSubjectOfCase, routingSubjectOfTask, routingSubjectOfDescribed } from './subject.ts';
export { createRoutingWorker, ROUTING_WORKER_ACTOR, type RoutingWorker, type RoutingWorkerOptions } from './worker/index.ts';
export { overflowDueAt } from './dispatch/overflow-time.ts';
