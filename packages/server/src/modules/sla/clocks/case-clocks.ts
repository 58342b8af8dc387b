import type { CommandContext } from '../../../platform/commands/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCaseFactsOrThrow, findCaseTypeStatuses } from '../../cases/index.ts';
import { loadBusinessClock } from '../calendars/business-clock.ts';
import type { SlaTargetKind } from '../model.ts';
import { rebudgetClock } from './clock-state.ts';
import { boundPolicyOf, budgetSecondsOf, matchPolicyNow, startClock } from './start-clocks.ts';
import { meetClock, pauseOrResumeClock } from './stop-clocks.ts';
import { CASE_LEVEL_KINDS } from './summary.ts';
import { findSlaPolicyVersion } from '../policies/match.ts';
import { findOpenTargetsOfCase, hasEnabledPolicy, saveTarget } from './target-store.ts';

const isCaseLevel = (kind: SlaTargetKind) => (CASE_LEVEL_KINDS as readonly string[]).includes(kind);

/**
 * case.status-changed. Resolved: the resolution clock (and open response clocks) met. Closed:
 * every open case-level clock met. Reopened (resolved/closed → open or waiting): a new resolution
 * clock, attempt n + 1, with the policy in force now. Waiting → open (the customer answered): a
 * next-response clock when the bound policy has one. Any other status: clocks that pause on it
 * pause, paused clocks that do not resume.
 */
export async function followStatusChange(ctx: CommandContext, caseId: string, from: string, to: string): Promise<string[]> {
  const open = await findOpenTargetsOfCase(ctx.tx, caseId);
  // Nothing to move and nothing that could start (bulk loads without policies).
  if (open.length === 0 && !(await hasEnabledPolicy(ctx.tx))) return [];
  const facts = await findCaseFactsOrThrow(ctx.tx, caseId);
  const statuses = await findCaseTypeStatuses(ctx.tx, facts.caseType, facts.caseTypeVersion);
  const categoryOf = (status: string) => statuses.find((s) => s.key === status)?.category;
  const fromCategory = categoryOf(from);
  const toCategory = categoryOf(to) ?? facts.statusCategory;
  const touched = open.length > 0 ? [caseId] : [];

  if (toCategory === 'resolved' || toCategory === 'closed') {
    for (const t of open) {
      if (!isCaseLevel(t.kind)) continue;
      await meetClock(ctx, t, `status ${to}`);
    }
    return touched;
  }
  for (const t of open) await pauseOrResumeClock(ctx, t, to);

  if (fromCategory === 'resolved' || fromCategory === 'closed') {
    // A reopened case is answered again: a fresh resolution clock under the rules of today.
    const policy = await matchPolicyNow(ctx, facts);
    const target = policy?.definition.targets.find((t) => t.kind === 'resolution');
    if (policy && target && (await startClock(ctx, { facts, policy, target }))) return [caseId];
    return touched;
  }
  if (fromCategory === 'waiting' && toCategory === 'open' && !open.some((t) => t.kind === 'next-response')) {
    const policy = await boundPolicyOf(ctx, facts);
    const target = policy?.definition.targets.find((t) => t.kind === 'next-response');
    if (policy && target && (await startClock(ctx, { facts, policy, target }))) return [caseId];
  }
  return touched;
}

/** case.commented with a public reply: the open first-response and next-response clocks are met. */
export async function followPublicReply(ctx: CommandContext, caseId: string): Promise<string[]> {
  const responses = (await findOpenTargetsOfCase(ctx.tx, caseId)).filter((t) => t.kind === 'first-response' || t.kind === 'next-response');
  for (const t of responses) await meetClock(ctx, t, 'public reply');
  return responses.length > 0 ? [caseId] : [];
}

/**
 * case.fields-changed naming priority: each open clock of a policy gets the budget its bound
 * policy version gives the new priority (`sla.target-rebudgeted`). A manually overridden clock
 * keeps its override. Other changes (type, channel, department, tags) do not re-match the policy:
 * a clock keeps the rules it started with.
 */
export async function followPriorityChange(ctx: CommandContext, caseId: string): Promise<string[]> {
  const open = await findOpenTargetsOfCase(ctx.tx, caseId);
  if (open.length === 0) return [];
  const facts = await findCaseFactsOrThrow(ctx.tx, caseId);
  for (const t of open) {
    if (t.override || !t.policyId || t.policyVersion === null || t.priority === facts.priority) continue;
    const policy = await findSlaPolicyVersion(ctx.tx, t.policyId, t.policyVersion);
    const target = policy?.definition.targets.find((d) => d.key === t.key);
    if (!target) continue;
    const budgetSeconds = budgetSecondsOf(target, facts.priority);
    const clock = await loadBusinessClock(ctx.tx, t.calendar);
    const rebudgeted = { ...rebudgetClock(t, clock, budgetSeconds), priority: facts.priority };
    await saveTarget(ctx.tx, rebudgeted, ctx.now);
    await recordAuditEvent(ctx, {
      action: 'sla.target-rebudgeted',
      targetType: 'case',
      targetId: caseId,
      caseId,
      data: {
        targetId: t.id,
        key: t.key,
        kind: t.kind,
        attempt: t.attempt,
        priority: { from: t.priority, to: facts.priority },
        budgetSeconds: { from: t.budgetSeconds, to: budgetSeconds },
        dueAt: { from: t.dueAt?.toISOString() ?? null, to: rebudgeted.dueAt?.toISOString() ?? null },
      },
    });
  }
  return [caseId];
}
