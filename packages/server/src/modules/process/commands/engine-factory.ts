import type { EngineServices, ProcessEngineApi, ProcessStore } from '../engine/contract.ts';

/** Makes the interpreter over a store and services; tests may pass their own. */
export type EngineFactory = (store: ProcessStore, services: EngineServices) => ProcessEngineApi;

// Replaced by the interpreter (engine/) when its branch is merged; until then a command that
// needs it says so instead of failing obscurely.
export const createProcessEngine: EngineFactory = () => {
  throw new Error('The process interpreter (modules/process/engine) is not part of this build yet');
};
