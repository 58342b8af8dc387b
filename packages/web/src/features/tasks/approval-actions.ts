import type { MessageKey, Translate } from '../../i18n/i18n.ts';
import { translateIfKnown } from '../../i18n/i18n.ts';
import type { ApprovalTask, CountersignProgress } from './approval-api.ts';

// What the approval screen offers and how each operation asks for its input. Pure, so the
// mapping from the task view's `allowedActions` to buttons and dialogs is tested without a page.

/** The operations that open a dialog, in the order their buttons appear. */
export const DIALOG_ACTIONS = ['approve', 'reject', 'return', 'resolve', 'transfer', 'delegate', 'add-signer', 'cc', 'urge', 'withdraw'] as const;
export type DialogAction = (typeof DIALOG_ACTIONS)[number];

/** What a dialog asks for. */
export interface DialogSpec {
  /** A free text the server keeps: `reason` (required when `reasonRequired`) or `comment`. */
  text: 'reason' | 'comment';
  reasonRequired: boolean;
  /** One person (transfer, delegate, add signer) or several (cc). */
  user: 'one' | 'many' | null;
  /** 退回 chooses the earlier step to go back to. */
  returnTarget: boolean;
  /** 加签 chooses where the new signer goes. */
  position: boolean;
  /** The task's form, if it has one, is sent as variables. */
  sendsForm: boolean;
  /** The button's look: the main action, a destructive one, or an ordinary one. */
  tone: 'primary' | 'danger' | 'default';
}

const SPECS: Record<DialogAction, DialogSpec> = {
  approve: { text: 'comment', reasonRequired: false, user: null, returnTarget: false, position: false, sendsForm: true, tone: 'primary' },
  reject: { text: 'reason', reasonRequired: true, user: null, returnTarget: false, position: false, sendsForm: true, tone: 'danger' },
  return: { text: 'reason', reasonRequired: true, user: null, returnTarget: true, position: false, sendsForm: false, tone: 'default' },
  resolve: { text: 'comment', reasonRequired: false, user: null, returnTarget: false, position: false, sendsForm: true, tone: 'primary' },
  transfer: { text: 'reason', reasonRequired: true, user: 'one', returnTarget: false, position: false, sendsForm: false, tone: 'default' },
  delegate: { text: 'comment', reasonRequired: false, user: 'one', returnTarget: false, position: false, sendsForm: false, tone: 'default' },
  'add-signer': { text: 'reason', reasonRequired: false, user: 'one', returnTarget: false, position: true, sendsForm: false, tone: 'default' },
  cc: { text: 'comment', reasonRequired: false, user: 'many', returnTarget: false, position: false, sendsForm: false, tone: 'default' },
  urge: { text: 'comment', reasonRequired: false, user: null, returnTarget: false, position: false, sendsForm: false, tone: 'default' },
  withdraw: { text: 'reason', reasonRequired: true, user: null, returnTarget: false, position: false, sendsForm: false, tone: 'danger' },
};

export const SIGNER_POSITIONS = ['before', 'after', 'alongside'] as const;
export type SignerPosition = (typeof SIGNER_POSITIONS)[number];

export function dialogSpec(action: DialogAction): DialogSpec {
  return SPECS[action];
}

export function isDialogAction(action: string): action is DialogAction {
  return (DIALOG_ACTIONS as readonly string[]).includes(action);
}

/** Another system's task: it names its system (and the view says kind external). */
export const isExternal = (task: Partial<Pick<ApprovalTask, 'kind' | 'system'>>): boolean => task.kind === 'external' || !!task.system;

/**
 * The dialog buttons for a task, in display order: only what the server says the caller may do
 * now. An external task is done in its own system, never here.
 */
export function offeredActions(task: Partial<Pick<ApprovalTask, 'allowedActions' | 'kind' | 'system' | 'caseId'>>): DialogAction[] {
  if (isExternal(task)) return [];
  const allowed = new Set(task.allowedActions ?? []);
  // 抄送 opens the task's case to the copied: without a case there is nothing to copy them on.
  if (!task.caseId) allowed.delete('cc');
  return DIALOG_ACTIONS.filter((action) => allowed.has(action));
}

/** Claim / give back, which need no dialog. */
export function offersClaim(task: Partial<Pick<ApprovalTask, 'allowedActions' | 'kind' | 'system'>>): { claim: boolean; unclaim: boolean } {
  const allowed = new Set(isExternal(task) ? [] : (task.allowedActions ?? []));
  return { claim: allowed.has('claim'), unclaim: allowed.has('unclaim') };
}

/** The request body of a dialog's values; undefined texts are left out. */
export interface DialogValues {
  text?: string;
  userId?: string;
  userIds?: string[];
  targetElementId?: string;
  position?: SignerPosition;
}

export function requestBody(action: DialogAction, values: DialogValues, variables?: Record<string, unknown>): Record<string, unknown> {
  const spec = SPECS[action];
  const text = values.text?.trim();
  const body: Record<string, unknown> = {};
  if (text) body[spec.text] = text;
  if (spec.user === 'one' && values.userId) body.userId = values.userId;
  if (spec.user === 'many') body.userIds = values.userIds ?? [];
  if (spec.returnTarget && values.targetElementId) body.targetElementId = values.targetElementId;
  if (spec.position) body.position = values.position ?? 'before';
  if (spec.sendsForm && variables && Object.keys(variables).length > 0) body.variables = variables;
  return body;
}

/** An action's name as a button and in the log; a code the console does not know reads as "other". */
export const actionLabel = (t: Translate, action: string): string => translateIfKnown(t, `approval.action.${action}`) ?? t('approval.action.other');

/** The catalogue key of a dialog's success message. */
export const doneKey = (action: DialogAction): MessageKey => `approval.done.${action}` as MessageKey;

/** The log's colour for an action: green yes, red no, orange going back, blue the rest. */
export function actionColor(action: string): string {
  if (action === 'approve' || action === 'complete' || action === 'resolve') return 'green';
  if (action === 'reject') return 'red';
  if (action === 'return' || action === 'withdraw') return 'orange';
  if (action === 'urge') return 'gold';
  return 'blue';
}

/** Countersign progress in words, e.g. "会签 · 1/2 同意". */
export function countersignText(t: Translate, progress: CountersignProgress | null | undefined): string | null {
  if (!progress) return null;
  const mode = translateIfKnown(t, `approval.countersign.${progress.mode}`) ?? t('approval.countersign.all');
  const base = t('approval.countersign.progress', { mode, approved: progress.approved, rejected: progress.rejected, total: progress.total });
  return progress.mode === 'vote' && progress.threshold ? `${base} · ${t('approval.countersign.threshold', { threshold: progress.threshold })}` : base;
}

/**
 * How long until an urge is allowed again, in whole minutes (at least 1), from a 429 problem's
 * `retryAfter`: seconds as a number, or an instant.
 */
export function retryAfterMinutes(retryAfter: unknown, now: number = Date.now()): number | null {
  let seconds: number | null = null;
  if (typeof retryAfter === 'number' && Number.isFinite(retryAfter)) seconds = retryAfter;
  else if (typeof retryAfter === 'string' && retryAfter.trim() !== '') {
    const asNumber = Number(retryAfter);
    if (Number.isFinite(asNumber)) seconds = asNumber;
    else {
      const at = Date.parse(retryAfter);
      if (Number.isFinite(at)) seconds = (at - now) / 1000;
    }
  }
  if (seconds === null) return null;
  return Math.max(1, Math.ceil(seconds / 60));
}

/** The person a to-do row comes from: the delegator of a delegated task, else nobody in particular. */
export function fromWhom(task: Pick<ApprovalTask, 'owner' | 'ownerName' | 'assignee' | 'delegationState'>): string | null {
  if (!task.owner || task.owner === task.assignee) return null;
  return task.ownerName ?? null;
}

/** Whether a link is a web address we may open in a new tab (no `javascript:` and the like). */
export function isWebLink(link: string | null | undefined): link is string {
  if (!link) return false;
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
