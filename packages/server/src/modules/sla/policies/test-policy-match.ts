import type { CommandContext } from '../../../platform/commands/index.ts';
import { findCaseFactsOrThrow, findCaseForActionOrThrow } from '../../cases/index.ts';
import type { CasePriority } from '../../cases/index.ts';
import { loadBusinessClock } from '../calendars/business-clock.ts';
import { resolveCalendarRef } from '../calendars/calendar-refs.ts';
import { durationSeconds } from '../clocks/levels.ts';
import type { SlaTargetKind } from '../model.ts';
import { checkSlaConditions, type SlaConditionName } from './conditions.ts';
import type { SlaSubject } from './match.ts';
import { assertSlaPolicyReader } from './policy-access.ts';
import { findCalendarById, listSlaPolicies, listSlaPolicyVersionsInForce } from './store.ts';
import { slaSubjectOf, slaSubjectOfInput, type SlaSubjectInput } from './subject.ts';

export interface PolicyMatchInput {
  caseId?: string;
  case?: SlaSubjectInput;
  /** Absent: now. */
  at?: Date;
}

export interface PolicyMatchResult {
  policy: { id: string; key: string; name: string; version: number } | null;
  targets: {
    key: string;
    kind: SlaTargetKind;
    label: string | null;
    duration: string;
    budgetSeconds: number;
    calendar: { key: string; name: string; version: number };
    /** Null for clocks that start later: next response (a customer's reply), a step (its task). */
    startsAt: Date | null;
    dueAt: Date | null;
  }[];
  evaluated: { policyKey: string; policyName: string; matched: boolean; failed: (SlaConditionName | 'enabled' | 'effectiveFrom')[]; error?: string }[];
}

/**
 * "Which policy would match this case": every policy in match order with the conditions that
 * failed, the first match, and the clocks it would start at `at` with their due times.
 */
export async function testSlaPolicyMatch(ctx: CommandContext, input: PolicyMatchInput): Promise<PolicyMatchResult> {
  assertSlaPolicyReader(ctx);
  const at = input.at ?? ctx.now;
  let subject: SlaSubject;
  if (input.caseId) {
    // A case the caller may not read answers 404, as everywhere.
    await findCaseForActionOrThrow(ctx, input.caseId, 'case:read');
    subject = await slaSubjectOf(ctx.tx, await findCaseFactsOrThrow(ctx.tx, input.caseId));
  } else {
    subject = await slaSubjectOfInput(ctx.tx, input.case!);
  }
  const policies = await listSlaPolicies(ctx.tx);
  const inForce = await listSlaPolicyVersionsInForce(ctx.tx, at);
  const evaluated: PolicyMatchResult['evaluated'] = [];
  let first: { policy: (typeof policies)[number]; version: number; definition: NonNullable<ReturnType<typeof inForce.get>>['definition'] } | null = null;
  for (const policy of policies) {
    const version = inForce.get(policy.id);
    const outcome = version ? checkSlaConditions(version.definition.conditions, subject) : { matched: false, failed: [] as SlaConditionName[] };
    const failed: PolicyMatchResult['evaluated'][number]['failed'] = [...(policy.enabled ? [] : (['enabled'] as const)), ...(version ? [] : (['effectiveFrom'] as const)), ...outcome.failed];
    const matched = failed.length === 0 && outcome.matched;
    evaluated.push({ policyKey: policy.key, policyName: policy.name, matched, failed, ...('error' in outcome && outcome.error ? { error: outcome.error } : {}) });
    if (matched && !first && version) first = { policy, version: version.version, definition: version.definition };
  }
  if (!first) return { policy: null, targets: [], evaluated };

  const targets: PolicyMatchResult['targets'] = [];
  for (const target of first.definition.targets) {
    const duration = target.durationByPriority?.[subject.priority as CasePriority] ?? target.duration;
    const budgetSeconds = durationSeconds(duration);
    const ref = await resolveCalendarRef(ctx.tx, { key: target.calendar, departmentId: subject.departmentId, at });
    if (!ref) continue;
    const calendar = (await findCalendarById(ctx.tx, ref.calendarId))!;
    const startsNow = target.kind === 'first-response' || target.kind === 'resolution';
    const clock = await loadBusinessClock(ctx.tx, ref);
    targets.push({
      key: target.key,
      kind: target.kind,
      label: target.label ?? null,
      duration,
      budgetSeconds,
      calendar: { key: calendar.key, name: calendar.name, version: ref.version },
      startsAt: startsNow ? at : null,
      dueAt: startsNow ? clock.add(at, budgetSeconds) : null,
    });
  }
  return { policy: { id: first.policy.id, key: first.policy.key, name: first.policy.name, version: first.version }, targets, evaluated };
}
