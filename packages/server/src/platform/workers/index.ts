export type { Worker, WorkerHealth } from './worker.ts';
export { createWorkerRegistry, type WorkerRegistry, type WorkerStatus } from './registry.ts';
