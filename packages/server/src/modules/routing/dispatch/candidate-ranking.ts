import type { Capacity, CandidateVerdict, Load, PassedOverCode, Presence, RoutingStrategy, SelectAgentInput, SkillLevel } from '../model.ts';

/** One queue member as dispatch sees them: their profile (defaults without a row) and their load now. */
export interface CandidateFacts {
  userId: string;
  departmentId: string | null;
  /** No routing.agent_profile row: the agent never went available, so they count as offline. */
  hasProfile: boolean;
  presence: Presence;
  skills: SkillLevel[];
  languages: string[];
  branchIds: string[];
  capacity: Capacity;
  load: Load;
}

export type PassedOver = { code: PassedOverCode; detail?: string };

/** The default profile of an agent without a routing.agent_profile row (the API contract). */
export const DEFAULT_CAPACITY: Capacity = { total: null, byChannel: {}, byCaseType: {} };
export const DEFAULT_LANGUAGES = ['zh'];
export const EMPTY_LOAD: Load = { total: 0, byChannel: {}, byCaseType: {}, openTasks: 0 };

/** Why this member cannot take this work at all (empty: eligible). Every reason is listed, not only the first. */
export function passedOverReasons(candidate: CandidateFacts, input: SelectAgentInput): PassedOver[] {
  const reasons: PassedOver[] = [];
  if ((input.excludeUserIds ?? []).includes(candidate.userId)) reasons.push({ code: 'declined' });
  if (!candidate.hasProfile) reasons.push({ code: 'offline', detail: 'no routing profile' });
  else if (candidate.presence !== 'available') reasons.push({ code: candidate.presence as PassedOverCode });
  const full = capacityReached(candidate.capacity, candidate.load, input.subject.channel, input.subject.caseType);
  if (full) reasons.push({ code: 'at-capacity', detail: full });
  const missingSkills = input.requiredSkills.filter((r) => skillLevel(candidate.skills, r.skill) < r.minLevel);
  if (missingSkills.length > 0) reasons.push({ code: 'missing-skill', detail: missingSkills.map((s) => `${s.skill}≥${s.minLevel}`).join(', ') });
  const missingLanguages = input.requiredLanguages.filter((l) => !speaks(candidate.languages, l));
  if (missingLanguages.length > 0) reasons.push({ code: 'missing-language', detail: missingLanguages.join(', ') });
  if (input.branchId && candidate.departmentId !== input.branchId && !candidate.branchIds.includes(input.branchId)) reasons.push({ code: 'not-branch' });
  return reasons;
}

/**
 * The limit this load has reached, named (`total 5`, `channel chat 2`, `case type complaint 5`), or
 * undefined while there is room. Total counts every open item: unfinished cases and open tasks.
 */
export function capacityReached(capacity: Capacity, load: Load, channel: string | null, caseType: string | null): string | undefined {
  if (capacity.total !== null && load.total + load.openTasks >= capacity.total) return `total ${capacity.total}`;
  const channelLimit = channel ? capacity.byChannel[channel] : undefined;
  if (channel && channelLimit !== undefined && (load.byChannel[channel] ?? 0) >= channelLimit) return `channel ${channel} ${channelLimit}`;
  const typeLimit = caseType ? capacity.byCaseType[caseType] : undefined;
  if (caseType && typeLimit !== undefined && (load.byCaseType[caseType] ?? 0) >= typeLimit) return `case type ${caseType} ${typeLimit}`;
  return undefined;
}

/** Share of the tightest limit in use (0 with no limits): what least-loaded compares first. */
export function loadRatio(capacity: Capacity, load: Load, channel: string | null, caseType: string | null): number {
  const ratios = [0];
  if (capacity.total !== null) ratios.push(capacity.total === 0 ? 1 : (load.total + load.openTasks) / capacity.total);
  const channelLimit = channel ? capacity.byChannel[channel] : undefined;
  if (channel && channelLimit !== undefined) ratios.push(channelLimit === 0 ? 1 : (load.byChannel[channel] ?? 0) / channelLimit);
  const typeLimit = caseType ? capacity.byCaseType[caseType] : undefined;
  if (caseType && typeLimit !== undefined) ratios.push(typeLimit === 0 ? 1 : (load.byCaseType[caseType] ?? 0) / typeLimit);
  return Math.max(...ratios);
}

function skillLevel(skills: SkillLevel[], skill: string): number {
  return skills.find((s) => s.skill === skill)?.level ?? 0;
}

/** zh serves zh and zh-CN; en-GB serves en (a BCP 47 primary subtag matches its regional forms). */
function speaks(languages: string[], wanted: string): boolean {
  const base = (tag: string) => tag.toLowerCase().split('-')[0];
  return languages.some((l) => l.toLowerCase() === wanted.toLowerCase() || base(l) === base(wanted));
}

export interface RankedCandidate {
  userId: string;
  score: number;
}

/**
 * The eligible members in the order dispatch tries them (the first that can be locked gets the
 * work), each with the strategy's score. round-robin: the next member by id after the last one
 * served; least-loaded: lowest load ratio, then fewest open items, then id; best-skill: highest
 * level in the required skills (or `case-type:<type>` when none is required), then least-loaded.
 * The preferred user (keep with the previous handler) goes first when eligible.
 */
export function rankEligible(eligible: CandidateFacts[], input: SelectAgentInput, lastAssignedUserId: string | null): RankedCandidate[] {
  const { channel, caseType } = input.subject;
  const ratio = (c: CandidateFacts) => loadRatio(c.capacity, c.load, channel, caseType);
  const open = (c: CandidateFacts) => c.load.total + c.load.openTasks;
  const byLoad = (a: CandidateFacts, b: CandidateFacts) => ratio(a) - ratio(b) || open(a) - open(b) || compareIds(a.userId, b.userId);
  const strategy: RoutingStrategy = input.queue.strategy;
  let ranked: RankedCandidate[];
  if (strategy === 'round-robin') {
    const ordered = [...eligible].sort((a, b) => compareIds(a.userId, b.userId));
    const after = lastAssignedUserId === null ? 0 : ordered.findIndex((c) => compareIds(c.userId, lastAssignedUserId) > 0);
    const start = Math.max(after, 0);
    const turn = [...ordered.slice(start), ...ordered.slice(0, start)];
    ranked = turn.map((c, i) => ({ userId: c.userId, score: turn.length - i }));
  } else if (strategy === 'best-skill') {
    const skillsWeighed = input.requiredSkills.length > 0 ? input.requiredSkills.map((s) => s.skill) : [`case-type:${caseType}`];
    const level = (c: CandidateFacts) => skillsWeighed.reduce((sum, skill) => sum + skillLevel(c.skills, skill), 0);
    ranked = [...eligible].sort((a, b) => level(b) - level(a) || byLoad(a, b)).map((c) => ({ userId: c.userId, score: level(c) }));
  } else {
    ranked = [...eligible].sort(byLoad).map((c) => ({ userId: c.userId, score: round(1 - ratio(c)) }));
  }
  const preferred = input.preferredUserId ? ranked.findIndex((r) => r.userId === input.preferredUserId) : -1;
  if (preferred > 0) ranked.unshift(...ranked.splice(preferred, 1));
  return ranked;
}

/** Why an eligible member ranked behind the chosen one did not get the work. */
export function behindReason(strategy: RoutingStrategy, chosen: RankedCandidate, other: RankedCandidate): PassedOver {
  if (strategy === 'round-robin') return { code: 'not-next-in-turn' };
  if (strategy === 'best-skill' && other.score < chosen.score) return { code: 'lower-score' };
  return { code: 'more-loaded' };
}

/** The verdicts in member order: the chosen one, the eligible ones behind it, the others with their reasons. */
export function verdictsOf(candidates: CandidateFacts[], reasons: Map<string, PassedOver[]>, scores: Map<string, number>, chosenUserId: string | null): CandidateVerdict[] {
  return candidates.map((c) => ({
    userId: c.userId,
    chosen: c.userId === chosenUserId,
    score: scores.get(c.userId) ?? null,
    load: c.load,
    passedOver: c.userId === chosenUserId ? [] : (reasons.get(c.userId) ?? []),
  }));
}

// User ids are uuids: compared as PostgreSQL compares them (byte order = lower-case hex order).
function compareIds(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
