import type { CommandSubscribers } from '../../platform/commands/index.ts';

/**
 * The router follows the domain inside each command's transaction: a case created, reopened, or
 * changed in a routing-relevant field, a case whose SLA turns at risk, a process task created
 * (helper B). Returns the unsubscribe.
 */
export function subscribeRouting(_subscribers: CommandSubscribers): () => void {
  return () => {};
}
