import { sql } from 'kysely';
import type { CommandContext } from '../../../platform/commands/index.ts';
import type { AgentSelection, SelectAgentInput } from '../model.ts';

/**
 * Who in the queue gets this work: the dispatch part's answer (helper C replaces this contract
 * stub with presence, capacity, skills, languages, branch, the strategies and locking). The stub
 * picks the first active member by id, so the rules and decisions can be built against it.
 */
export async function selectAgent(ctx: CommandContext, input: SelectAgentInput): Promise<AgentSelection> {
  const rows = await sql<{ user_id: string }>`
    SELECT u.id AS user_id FROM access.user u
     WHERE u.kind = 'person' AND u.status = 'active'
       AND (u.id IN (SELECT user_id FROM routing.queue_member WHERE queue_id = ${input.queue.id})
            OR u.id IN (SELECT gm.user_id FROM routing.queue_group qg JOIN access.group_member gm ON gm.group_key = qg.group_key WHERE qg.queue_id = ${input.queue.id}))
     ORDER BY u.id`.execute(ctx.tx);
  const excluded = new Set(input.excludeUserIds ?? []);
  const eligible = rows.rows.filter((r) => !excluded.has(r.user_id));
  const chosen = eligible.find((r) => r.user_id === input.preferredUserId) ?? eligible[0];
  return {
    chosenUserId: chosen?.user_id ?? null,
    candidates: rows.rows.map((r) => ({
      userId: r.user_id,
      chosen: r.user_id === chosen?.user_id,
      score: null,
      load: null,
      passedOver: excluded.has(r.user_id) ? [{ code: 'declined' as const }] : r.user_id === chosen?.user_id ? [] : [{ code: 'not-next-in-turn' as const }],
    })),
  };
}
