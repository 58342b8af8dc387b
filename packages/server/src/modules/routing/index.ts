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
export { createRoutingWorker, ROUTING_WORKER_ACTOR, type RoutingWorker, type RoutingWorkerOptions } from './worker/index.ts';
export { overflowDueAt } from './dispatch/overflow-time.ts';
