import type { CommandContext } from '../../platform/commands/index.ts';
import { assertAllowedOnCase } from '../access/index.ts';
import { isUnfinishedCategory, judgeTransition, timestampsAfterTransition } from './case-lifecycle.ts';
import type { CaseRow, CaseTypeRow } from './case-row.ts';
import { caseProblems } from './problems.ts';
import type { CaseChanges } from './store.ts';
import { askTransitionHooks, type StatusTransition } from './transition-hooks.ts';

export interface PlannedStatusChange {
  changes: CaseChanges;
  transition: StatusTransition;
}

/**
 * Every status change goes through here: the case type version's lifecycle says whether the
 * move exists, whether it needs a reason and which permission; maker–checker applies to whatever
 * resolves or closes a case. The same rules make the case view's `allowed.transitions`.
 */
export function planStatusChange(ctx: CommandContext, current: CaseRow, caseType: CaseTypeRow, to: string, reason: string | undefined): PlannedStatusChange {
  const verdict = judgeTransition(caseType.lifecycle, current.status, to);
  if (!verdict.allowed) {
    if (verdict.unknownStatus) throw caseProblems.invalidFields({ errors: [{ field: 'status', reason: verdict.reason, code: 'unknown-status', params: { status: to } }] });
    throw caseProblems.transitionRefused({ detail: verdict.reason, from: current.status, to });
  }
  const { transition, from, to: target } = verdict;
  if (transition.requiresReason && !reason?.trim()) {
    const reopening = !isUnfinishedCategory(from.category) && isUnfinishedCategory(target.category);
    throw caseProblems.invalidFields({ errors: [{ field: 'reason', reason: reopening ? `is required to reopen a ${from.key} case` : `is required to move a ${from.key} case to ${target.key}` }] });
  }
  if (transition.action !== 'case:update') assertAllowedOnCase(ctx.actor, transition.action, current);
  if (!isUnfinishedCategory(target.category) && caseType.separationOfDuties && current.createdBy === ctx.actor.userId) {
    throw caseProblems.separationOfDuties({ detail: `${current.typeKey} cases are checked by someone other than their creator` });
  }
  const changes: CaseChanges = { status: target.key, statusCategory: target.category };
  for (const [key, value] of Object.entries(timestampsAfterTransition(target.category, ctx.now)) as ['resolvedAt' | 'closedAt', Date | null][]) {
    if (value !== (current[key] ?? null)) changes[key] = value;
  }
  return {
    changes,
    transition: { caseId: current.id, caseType: current.typeKey, typeVersion: current.typeVersion, from, to: target, rule: transition, reason: reason?.trim() || null, case: current },
  };
}

/** The transition hooks' say, last before anything is written: a veto changes nothing. */
export async function assertTransitionNotVetoed(ctx: CommandContext, transition: StatusTransition): Promise<void> {
  const veto = await askTransitionHooks(ctx, transition);
  if (veto) {
    throw caseProblems.transitionVetoed({ detail: veto.reason, code: veto.code, hook: veto.hook, from: transition.from.key, to: transition.to.key });
  }
}
