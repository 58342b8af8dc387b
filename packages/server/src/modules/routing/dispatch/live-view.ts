import { sql } from 'kysely';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed } from '../../access/index.ts';
import type { Capacity, DispatchMode, Load, Presence, RoutingStrategy } from '../model.ts';
import { capacityOf, loadOf } from './agent-store.ts';
import { DEFAULT_CAPACITY } from './candidate-ranking.ts';

export interface LiveQueue {
  id: string;
  key: string;
  name: string;
  departmentId: string | null;
  mode: DispatchMode;
  strategy: RoutingStrategy;
  waiting: number;
  oldestWaitingSince: Date | null;
  atSlaRisk: number;
  assigned: number;
  agentsAvailable: number;
  agentsTotal: number;
}

export interface LiveAgent {
  userId: string;
  displayName: string;
  departmentId: string | null;
  presence: Presence;
  presenceChangedAt: Date;
  load: Load;
  capacity: Capacity;
  queueIds: string[];
}

/**
 * The supervisor's live view (routing:read): per active queue its waiting (unfinished, unassigned)
 * cases and since when the oldest waits, those at SLA risk, the assigned ones and its agents; per
 * agent (a member of an active queue, or anyone with a routing profile) presence, load, capacity
 * and queues. Two queries, whatever the number of queues and agents.
 */
export async function readLiveView(ctx: CommandContext): Promise<{ now: Date; queues: LiveQueue[]; agents: LiveAgent[] }> {
  assertAllowed(ctx.actor, 'routing:read');
  const [queues, agents] = await Promise.all([
    sql<{
      id: string;
      key: string;
      name: string;
      department_id: string | null;
      mode: DispatchMode;
      strategy: RoutingStrategy;
      waiting: number;
      oldest: Date | null;
      at_sla_risk: number;
      assigned: number;
    }>`
      SELECT q.id, q.key, q.name, q.department_id, q.mode, q.strategy,
             count(c.id) FILTER (WHERE c.assignee_id IS NULL)::int AS waiting,
             min(COALESCE(s.queued_at, c.created_at)) FILTER (WHERE c.assignee_id IS NULL) AS oldest,
             count(c.id) FILTER (WHERE c.sla_state IN ('at-risk', 'breached'))::int AS at_sla_risk,
             count(c.id) FILTER (WHERE c.assignee_id IS NOT NULL)::int AS assigned
        FROM routing.queue q
        LEFT JOIN cases.case c ON c.queue_id = q.id AND c.status_category IN ('open', 'waiting')
        LEFT JOIN routing.case_state s ON s.case_id = c.id AND s.queue_id = q.id
       WHERE q.active
       GROUP BY q.id ORDER BY q.key`.execute(ctx.tx),
    sql<{
      user_id: string;
      display_name: string;
      department_id: string | null;
      presence: Presence | null;
      presence_changed_at: Date | null;
      created_at: Date;
      capacity: unknown;
      queue_ids: string[];
      case_load: [string | null, string, number][];
      open_tasks: number;
    }>`
      WITH membership AS (
        SELECT m.queue_id, m.user_id FROM routing.queue_member m JOIN routing.queue q ON q.id = m.queue_id AND q.active
        UNION
        SELECT qg.queue_id, gm.user_id FROM routing.queue_group qg JOIN routing.queue q ON q.id = qg.queue_id AND q.active JOIN access.group_member gm ON gm.group_key = qg.group_key
      )
      SELECT u.id AS user_id, u.display_name, u.department_id, p.presence, p.presence_changed_at, u.created_at, p.capacity,
             ARRAY(SELECT mb.queue_id::text FROM membership mb WHERE mb.user_id = u.id ORDER BY mb.queue_id) AS queue_ids,
             COALESCE((SELECT jsonb_agg(jsonb_build_array(l.channel, l.type_key, l.n)) FROM (
                 SELECT c.channel, c.type_key, count(*)::int AS n FROM cases.case c
                  WHERE c.assignee_id = u.id AND c.status_category IN ('open', 'waiting') GROUP BY c.channel, c.type_key) l), '[]'::jsonb) AS case_load,
             (SELECT count(*)::int FROM process.task t WHERE t.state = 'open' AND t.assignee = u.id::text) AS open_tasks
        FROM access.user u LEFT JOIN routing.agent_profile p ON p.user_id = u.id
       WHERE u.kind = 'person' AND u.status = 'active' AND (p.user_id IS NOT NULL OR u.id IN (SELECT user_id FROM membership))
       ORDER BY u.display_name, u.id`.execute(ctx.tx),
  ]);
  const liveAgents: LiveAgent[] = agents.rows.map((a) => ({
    userId: a.user_id,
    displayName: a.display_name,
    departmentId: a.department_id,
    presence: a.presence ?? 'offline',
    presenceChangedAt: a.presence_changed_at ?? a.created_at,
    load: loadOf(a),
    capacity: a.presence === null ? DEFAULT_CAPACITY : capacityOf(a.capacity),
    queueIds: a.queue_ids,
  }));
  const liveQueues: LiveQueue[] = queues.rows.map((q) => {
    const members = liveAgents.filter((a) => a.queueIds.includes(q.id));
    return {
      id: q.id,
      key: q.key,
      name: q.name,
      departmentId: q.department_id,
      mode: q.mode,
      strategy: q.strategy,
      waiting: q.waiting,
      oldestWaitingSince: q.oldest,
      atSlaRisk: q.at_sla_risk,
      assigned: q.assigned,
      agentsAvailable: members.filter((a) => a.presence === 'available').length,
      agentsTotal: members.length,
    };
  });
  return { now: ctx.now, queues: liveQueues, agents: liveAgents };
}
