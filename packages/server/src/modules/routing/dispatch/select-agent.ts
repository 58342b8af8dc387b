import type { CommandContext } from '../../../platform/commands/index.ts';
import type { AgentSelection, SelectAgentInput } from '../model.ts';
import { countAgentLoad, listQueueCandidates, lockFirstFreeAgent, recordTurn } from './agent-store.ts';
import { behindReason, capacityReached, passedOverReasons, rankEligible, verdictsOf, type PassedOver } from './candidate-ranking.ts';

// Each lock attempt that finds its agent full after the recount costs two round trips; past this
// many the work waits in the queue rather than holding the command up.
const MAX_LOCK_ATTEMPTS = 8;

/**
 * Who in the queue gets this work. Members (direct and through groups, active people only) are
 * passed over for presence, capacity, skills, languages, branch or an earlier decline; the
 * eligible ones are ordered by the queue's strategy (the preferred user first when eligible).
 * The first of them whose profile row can be locked (FOR UPDATE SKIP LOCKED) and whose load,
 * counted again under that lock, still leaves room, is chosen: under any number of Docket
 * processes no agent goes over capacity, and two commands never wait on one another for an agent.
 * The lock is held until the calling command commits. Round-robin records whose turn it was.
 */
export async function selectAgent(ctx: CommandContext, input: SelectAgentInput): Promise<AgentSelection> {
  const { candidates, lastAssignedUserId } = await listQueueCandidates(ctx.tx, input.queue.id);
  const reasons = new Map<string, PassedOver[]>();
  for (const candidate of candidates) reasons.set(candidate.userId, passedOverReasons(candidate, input));
  const eligible = candidates.filter((c) => reasons.get(c.userId)!.length === 0);
  const ranked = rankEligible(eligible, input, lastAssignedUserId);
  const scores = new Map(ranked.map((r) => [r.userId, r.score]));

  let remaining = ranked;
  let chosen: (typeof ranked)[number] | undefined;
  for (let attempt = 0; attempt < MAX_LOCK_ATTEMPTS && remaining.length > 0 && !chosen; attempt++) {
    const locked = await lockFirstFreeAgent(
      ctx.tx,
      remaining.map((r) => r.userId),
    );
    if (!locked) {
      for (const r of remaining) reasons.set(r.userId, [{ code: 'locked', detail: 'another assignment to them was in progress' }]);
      remaining = [];
      break;
    }
    const position = remaining.findIndex((r) => r.userId === locked);
    // Those before it were held by another transaction (or went unavailable since the count).
    for (const r of remaining.slice(0, position)) reasons.set(r.userId, [{ code: 'locked', detail: 'another assignment to them was in progress' }]);
    const candidate = candidates.find((c) => c.userId === locked)!;
    candidate.load = await countAgentLoad(ctx.tx, locked);
    const full = capacityReached(candidate.capacity, candidate.load, input.subject.channel, input.subject.caseType);
    if (full) {
      reasons.set(locked, [{ code: 'at-capacity', detail: full }]);
      remaining = remaining.slice(position + 1);
      continue;
    }
    chosen = remaining[position];
    for (const r of remaining.slice(position + 1)) reasons.set(r.userId, [behindReason(input.queue.strategy, chosen!, r)]);
  }
  for (const r of remaining) if (!chosen && (reasons.get(r.userId) ?? []).length === 0) reasons.set(r.userId, [{ code: 'locked', detail: 'not tried: too many agents were busy being assigned' }]);

  if (chosen && input.queue.strategy === 'round-robin') await recordTurn(ctx.tx, input.queue.id, chosen.userId);
  return { chosenUserId: chosen?.userId ?? null, candidates: verdictsOf(candidates, reasons, scores, chosen?.userId ?? null) };
}
