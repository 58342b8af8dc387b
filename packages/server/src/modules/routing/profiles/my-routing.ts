import type { Db, Tx } from '../../../platform/db/database.ts';
import type { DispatchMode, Load } from '../model.ts';
import { listQueues } from '../queues/queue-store.ts';
import { loadOf } from './load.ts';
import { countPendingOffers, countWaiting, findAgentRows, type AgentRow } from './profile-store.ts';

export interface AgentView extends AgentRow {
  load: Load;
}

/** Agents with their load: three queries whatever their number. */
export async function findAgentViews(tx: Db | Tx, userIds: string[]): Promise<AgentView[]> {
  const [rows, loads] = await Promise.all([findAgentRows(tx, userIds), loadOf(tx, userIds)]);
  return rows.map((row) => ({ ...row, load: loads.get(row.userId)! }));
}

export interface MyRouting {
  profile: AgentView;
  queues: { id: string; key: string; name: string; mode: DispatchMode; waiting: number }[];
  pendingOffers: number;
}

/** The header's presence and capacity, and the active queues "take next" offers with what waits in them. */
export async function readMyRouting(tx: Db | Tx, userId: string): Promise<MyRouting> {
  const [profile] = await findAgentViews(tx, [userId]);
  const queues = await listQueues(tx, { memberUserId: userId, activeOnly: true });
  const waiting = await countWaiting(
    tx,
    queues.map((q) => q.key),
  );
  return {
    profile: profile!,
    queues: queues.map((q) => ({ id: q.id, key: q.key, name: q.name, mode: q.mode, waiting: waiting.get(q.key) ?? 0 })),
    pendingOffers: await countPendingOffers(tx, userId),
  };
}
