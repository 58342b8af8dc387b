export { createRoutingWorker, ROUTING_WORKER_ACTOR, type RoutingWorker, type RoutingWorkerOptions } from './routing-worker.ts';
