import type { CommandContext } from '../../platform/commands/index.ts';
import type { CaseRow } from './case-row.ts';
import type { LifecycleStatus, LifecycleTransition } from './case-lifecycle.ts';

/** One status change of one case, as hooks see it. */
export interface StatusTransition {
  caseId: CaseRow['id'];
  caseType: string;
  typeVersion: number;
  from: LifecycleStatus;
  to: LifecycleStatus;
  rule: LifecycleTransition;
  reason: string | null;
  /** The case as it was before the change (before) or as it is after it (after). */
  case: CaseRow;
}

/** Why a hook refuses a transition: `code` is stable (clients branch on it), `reason` is for people. */
export interface TransitionVeto {
  code: string;
  reason: string;
}

/**
 * Another module's say in status changes, in the command's own transaction: `before` may veto
 * (nothing is written, the caller gets a case-transition-vetoed problem with the code), `after`
 * follows the change (pause an SLA clock, start a review) and rolls it back by throwing.
 */
export interface TransitionHook {
  name: string;
  before?(ctx: CommandContext, transition: StatusTransition): TransitionVeto | undefined | Promise<TransitionVeto | undefined>;
  after?(ctx: CommandContext, transition: StatusTransition): Promise<void> | undefined;
}

const hooks: TransitionHook[] = [];

/** Registers a hook for every status change in this process; returns its removal. Names are unique. */
export function registerTransitionHook(hook: TransitionHook): () => void {
  if (hooks.some((h) => h.name === hook.name)) throw new Error(`A transition hook named ${hook.name} is already registered`);
  hooks.push(hook);
  return () => {
    const at = hooks.indexOf(hook);
    if (at >= 0) hooks.splice(at, 1);
  };
}

/** The first veto, in registration order, with the name of the hook that gave it. */
export async function askTransitionHooks(ctx: CommandContext, transition: StatusTransition): Promise<(TransitionVeto & { hook: string }) | undefined> {
  for (const hook of [...hooks]) {
    const veto = await hook.before?.(ctx, transition);
    if (veto) return { ...veto, hook: hook.name };
  }
  return undefined;
}

export async function tellTransitionHooks(ctx: CommandContext, transition: StatusTransition): Promise<void> {
  for (const hook of [...hooks]) await hook.after?.(ctx, transition);
}
