import type { EngineServices, ProcessEngineApi, ProcessStore } from '../engine/contract.ts';
import { ProcessEngine } from '../engine/process-engine.ts';

/** Makes the interpreter over a store and services; tests may pass their own. */
export type EngineFactory = (store: ProcessStore, services: EngineServices) => ProcessEngineApi;

export const createProcessEngine: EngineFactory = (store, services) => new ProcessEngine(store, services);
