import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';
import { formatSpan } from '../sla/sla-time.ts';
import type { MyRouting, Presence, RoutingCandidate, RoutingCapacity, RoutingDecision, RoutingLoad } from './routing-api.ts';

// Everything the routing screens say, from the codes the server sends: presence, load against
// capacity, and a routing decision in sentences ("why me?"). Pure, so it is tested without a browser;
// a code the console does not know reads as a neutral phrase, never as the raw code.

export const PRESENCES: readonly Presence[] = ['available', 'busy', 'away', 'offline'];

// Ant Design's green-7, red-7, orange-7 and grey-6: the dot is never the only sign (the word goes with it).
export const PRESENCE_COLORS: Record<Presence, string> = { available: '#389e0d', busy: '#cf1322', away: '#d46b08', offline: '#8c8c8c' };

export const presenceLabel = (presence: Presence, t: Translate): string => t(`routing.presence.${presence}`);

/**
 * Whether the header offers presence and capacity: a person in some queue, or with a routing
 * profile of their own (a stored profile has a version; the default one the server makes up for
 * someone without a row has none, 0). A person in no queue sees nothing.
 */
export function isRoutedPerson(my: Pick<MyRouting, 'queues' | 'profile'> | undefined): boolean {
  if (!my) return false;
  return my.queues.length > 0 || my.profile.queueIds.length > 0 || my.profile.version > 0;
}

/** "3 / 5", or "3 / 不限" without an overall limit. */
export function capacityText(load: Pick<RoutingLoad, 'total'>, capacity: Pick<RoutingCapacity, 'total'>, t: Translate): string {
  return capacity.total === null ? t('routing.capacity.unlimited', { load: load.total }) : t('routing.capacity.of', { load: load.total, total: capacity.total });
}

/** Load as a share of the overall limit for a progress bar (0–100, capped); null without a limit. */
export function loadPercent(load: Pick<RoutingLoad, 'total'>, capacity: Pick<RoutingCapacity, 'total'>): number | null {
  if (capacity.total === null) return null;
  if (capacity.total === 0) return load.total > 0 ? 100 : 0;
  return Math.min(100, Math.round((load.total / capacity.total) * 100));
}

/** Green under 80 %, orange from 80 %, red at the limit. */
export function loadStatus(percent: number | null): 'normal' | 'active' | 'exception' | 'success' {
  if (percent === null || percent < 80) return 'normal';
  return percent >= 100 ? 'exception' : 'active';
}

/** How long something has been so at the server's now: "12 分 5 秒"; an instant in the future counts as 0. */
export function ageText(sinceIso: string, serverNowMs: number, t: Translate): string {
  return formatSpan(Math.max(0, serverNowMs - Date.parse(sinceIso)), t);
}

/** A language code in words: zh → 中文; an unknown one as its code, upper-cased (a BCP 47 tag is data, not a message). */
export function languageName(code: string, t: Translate): string {
  return translateIfKnown(t, `routing.language.${code}`) ?? code.toUpperCase();
}

/**
 * A skill as the people who set it up named it: `case-type:complaint` → 工单类型「投诉」 (the case
 * type's name when known), `product:credit-card` → 产品「credit-card」, `language:en` → 语言「英语」.
 */
export function skillName(skill: string, t: Translate, caseTypeName: (key: string) => string = (key) => key): string {
  const colon = skill.indexOf(':');
  if (colon < 0) return skill;
  const prefix = skill.slice(0, colon);
  const value = skill.slice(colon + 1);
  if (prefix === 'case-type') return t('routing.skill.case-type', { value: caseTypeName(value) });
  if (prefix === 'language') return t('routing.skill.language', { value: languageName(value, t) });
  return translateIfKnown(t, `routing.skill.${prefix}`, { value }) ?? skill;
}

export interface WordsContext {
  t: Translate;
  /** A case type key as its name. */
  caseTypeName?: (key: string) => string;
  /** An instant in the reader's locale. */
  formatAt?: (iso: string) => string;
}

const list = (items: string[], t: Translate) => items.join(t('routing.listSeparator'));

export function requiredSkillsText(skills: RoutingDecision['requiredSkills'], ctx: WordsContext): string {
  return list(
    skills.map((s) => ctx.t('routing.skill.withLevel', { skill: skillName(s.skill, ctx.t, ctx.caseTypeName), level: s.minLevel })),
    ctx.t,
  );
}

/** Why one candidate was passed over, every code in words; missing skills and languages name what was needed. */
export function passedOverText(candidate: Pick<RoutingCandidate, 'passedOver'>, decision: Pick<RoutingDecision, 'requiredSkills' | 'requiredLanguages'>, ctx: WordsContext): string {
  const { t } = ctx;
  const seen = new Set<string>();
  const reasons: string[] = [];
  for (const { code } of candidate.passedOver) {
    if (seen.has(code)) continue;
    seen.add(code);
    if (code === 'missing-skill' && decision.requiredSkills.length > 0) reasons.push(t('routing.passedOver.missingSkills', { skills: requiredSkillsText(decision.requiredSkills, ctx) }));
    else if (code === 'missing-language' && decision.requiredLanguages.length > 0)
      reasons.push(
        t('routing.passedOver.missingLanguages', {
          languages: list(
            decision.requiredLanguages.map((l) => languageName(l, t)),
            t,
          ),
        }),
      );
    else reasons.push(translateIfKnown(t, `routing.passedOver.${code}`) ?? t('routing.passedOver.unknown'));
  }
  return reasons.length > 0 ? reasons.join(t('routing.clauseSeparator')) : t('routing.passedOver.unknown');
}

export const triggerText = (trigger: string, t: Translate): string => translateIfKnown(t, `routing.trigger.${trigger}`) ?? t('routing.trigger.retry');
export const outcomeText = (outcome: string, t: Translate): string => translateIfKnown(t, `routing.outcome.${outcome}`) ?? t('routing.outcome.unrouted');
export const strategyText = (strategy: string, t: Translate): string => translateIfKnown(t, `routing.strategy.${strategy}`) ?? strategy;

type Decision = RoutingDecision;

/** The decision in one line: who got it, or where it waits. */
export function decisionHeadline(d: Decision, t: Translate): string {
  const assignee = d.assignee?.displayName ?? t('routing.why.nobody');
  const queue = d.queue?.name ?? t('routing.why.noQueue');
  switch (d.outcome) {
    case 'assigned':
      return d.trigger === 'take-next' ? t('routing.headline.taken', { assignee, queue }) : t('routing.headline.assigned', { assignee });
    case 'offered':
      return t('routing.headline.offered', { assignee });
    case 'queued':
      return d.queue ? t('routing.headline.queued', { queue }) : t('routing.headline.queuedNowhere');
    case 'kept':
      return t('routing.headline.kept');
    case 'overflowed':
      return t('routing.headline.overflowed', { queue });
    case 'overridden':
      return t('routing.headline.overridden', { actor: d.actor?.displayName ?? t('timeline.system') });
    default:
      return t('routing.headline.unrouted');
  }
}

/** Why the chosen agent got it, in the strategy's own terms; undefined when nobody was chosen. */
export function chosenReason(d: Decision, t: Translate): string | undefined {
  if (!d.assignee) return undefined;
  const name = d.assignee.displayName;
  if (d.outcome === 'overridden') return t('routing.chosen.override', { actor: d.actor?.displayName ?? t('timeline.system'), name });
  if (d.trigger === 'take-next') return t('routing.chosen.takeNext', { name });
  if (d.outcome === 'kept') return undefined;
  if (d.keptWith && d.keptWith.id === d.assignee.id) return t('routing.chosen.keptWith', { name });
  const chosen = d.candidates.find((c) => c.chosen) ?? d.candidates.find((c) => c.userId === d.assignee!.id);
  switch (d.strategy) {
    case 'least-loaded':
      return chosen?.load ? t('routing.chosen.least-loaded', { name, load: chosen.load.total }) : t('routing.chosen.generic', { name });
    case 'best-skill':
      return chosen?.score !== null && chosen?.score !== undefined ? t('routing.chosen.best-skill', { name, score: chosen.score }) : t('routing.chosen.generic', { name });
    case 'round-robin':
      return t('routing.chosen.round-robin', { name });
    default:
      return t('routing.chosen.generic', { name });
  }
}

/** A value a failed condition saw, as text: a list joined, nothing as "empty". Masked values never reach the decision. */
function actualText(actual: unknown, t: Translate): string | undefined {
  if (actual === null || actual === undefined || actual === '') return undefined;
  if (Array.isArray(actual)) return actual.length === 0 ? undefined : list(actual.map(String), t);
  if (typeof actual === 'object') return undefined;
  return String(actual);
}

/** One rule the router looked at: matched, or which conditions failed and on what. */
export function ruleConsideredText(rule: Decision['rulesConsidered'][number], t: Translate): string {
  if (rule.matched) return t('routing.rules.matched', { rule: rule.name });
  const conditions = rule.failed.map(({ condition, actual }) => {
    const name = translateIfKnown(t, `routing.condition.${condition}`) ?? t('routing.condition.other');
    if (condition === 'feel') return t('routing.condition.failed', { condition: name });
    const seen = actualText(actual, t);
    return seen === undefined ? t('routing.condition.wasEmpty', { condition: name }) : t('routing.condition.was', { condition: name, actual: seen });
  });
  return t('routing.rules.failed', { rule: rule.name, conditions: conditions.length ? list(conditions, t) : t('routing.passedOver.unknown') });
}

/** Routers' decisions explain the rule; people's (take next, overrides) and kept ones have none to explain. */
const RULE_FREE_TRIGGERS = new Set(['take-next', 'override']);

/**
 * The decision as the sentences the "why me?" panel shows under its headline: when and why it
 * was made, the rule, the queue and its strategy, branch push, keep-with-previous, priority,
 * skills and languages needed, why the chosen agent, and an override's reason.
 */
export function decisionLines(d: Decision, ctx: WordsContext): string[] {
  const { t } = ctx;
  const lines: string[] = [];
  const at = ctx.formatAt ? ctx.formatAt(d.at) : d.at;
  lines.push(t('routing.why.when', { at, trigger: triggerText(d.trigger, t) }));
  if (d.rule) lines.push(t('routing.why.rule', { rule: d.rule.name }));
  else if (!RULE_FREE_TRIGGERS.has(d.trigger) && d.outcome !== 'kept' && d.outcome !== 'overridden' && d.queue) lines.push(t('routing.why.noRule'));
  if (d.queue) {
    lines.push(
      d.strategy
        ? t('routing.why.queue', { queue: d.queue.name, strategy: strategyText(d.strategy, t), help: translateIfKnown(t, `routing.strategyHelp.${d.strategy}`) ?? '' })
        : t('routing.why.queueOnly', { queue: d.queue.name }),
    );
  }
  if (d.branch) lines.push(t('routing.why.branch', { branch: d.branch.name, by: t(`routing.branchBy.${d.branch.by}`) }));
  if (d.keptWith) lines.push(t('routing.why.keptWith', { name: d.keptWith.displayName }));
  if (d.priorityBoost > 0) lines.push(t('routing.why.boost', { n: d.priorityBoost }));
  if (d.requiredSkills.length > 0) lines.push(t('routing.why.skills', { skills: requiredSkillsText(d.requiredSkills, ctx) }));
  if (d.requiredLanguages.length > 0)
    lines.push(
      t('routing.why.languages', {
        languages: list(
          d.requiredLanguages.map((l) => languageName(l, t)),
          t,
        ),
      }),
    );
  const why = chosenReason(d, t);
  if (why) lines.push(why);
  else if (d.outcome === 'queued' && d.candidates.length > 0) lines.push(t('routing.why.nobodyFits'));
  if (d.outcome === 'overridden' && (d.previousQueue || d.previousAssignee)) {
    lines.push(t('routing.why.previous', { queue: d.previousQueue?.name ?? t('routing.why.noQueue'), assignee: d.previousAssignee?.displayName ?? t('routing.why.nobody') }));
  }
  if (d.reason) lines.push(t('routing.why.reason', { reason: d.reason }));
  return lines;
}

/** Every candidate not chosen, with why: "李强 (上海坐席)：离线；手头工单已达上限". */
export function passedOverLines(d: Decision, ctx: WordsContext): string[] {
  return d.candidates.filter((c) => !c.chosen && c.userId !== d.assignee?.id).map((c) => ctx.t('routing.candidate.passed', { name: c.displayName, reasons: passedOverText(c, d, ctx) }));
}

/**
 * The decision whose rule put the case in the queue it is in now, for when the latest decision
 * (take next, an offer's answer) names no rule. None when a person or the overflow moved it there
 * later, or the rule sent it elsewhere: then no rule explains the queue.
 */
export function ruleDecisionOf(decisions: readonly Decision[], currentQueueId: string | null | undefined): Decision | undefined {
  for (const d of decisions) {
    if (d.rule) return d.queue?.id === currentQueueId ? d : undefined;
    if (d.outcome === 'overridden' || d.outcome === 'overflowed') return undefined;
  }
  return undefined;
}
