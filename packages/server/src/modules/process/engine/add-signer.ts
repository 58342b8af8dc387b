import { type EngineChanges, ProcessCommandError, type ProcessEngineApi, type TaskRecord } from './contract.ts';
import type { Operation } from './operation.ts';

export async function addMultiInstanceSigner(_operation: Operation, _input: Parameters<ProcessEngineApi['addMultiInstanceSigner']>[0]): Promise<{ changes: EngineChanges; task: TaskRecord }> {
  throw new ProcessCommandError('not-active', 'addMultiInstanceSigner is not built yet');
}
