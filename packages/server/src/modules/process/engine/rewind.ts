import { type EngineChanges, ProcessCommandError, type ProcessEngineApi, type TaskRecord } from './contract.ts';
import type { Operation } from './operation.ts';

export async function rewindToElement(
  _operation: Operation,
  _input: Parameters<ProcessEngineApi['rewindToElement']>[0],
): Promise<{ changes: EngineChanges; task: TaskRecord; canceledTaskIds: string[] }> {
  throw new ProcessCommandError('not-active', 'rewindToElement is not built yet');
}
