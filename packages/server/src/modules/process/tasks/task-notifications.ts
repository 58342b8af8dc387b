import type { CommandContext, CommandSubscribers } from '../../../platform/commands/index.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { listHoldersOfGroupsOrRoles } from '../../access/index.ts';
import { findCaseFactsOrThrow } from '../../cases/index.ts';
import { notifyUsers } from '../../notifications/index.ts';
import { findProcessTaskRow } from './task-store.ts';

import { findInstanceFacts } from './task-notification-store.ts';
import { TOPIC_GROUP_PREFIX } from './task-visibility.ts';

/**
 * Who is told when the engine creates a task or ends an instance, inside the command that did
 * it (any command: a start, a completion, a timer job). In the same transaction rather than
 * through an outbox subscriber: it costs a few indexed reads and one insert, and a notification
 * then exists exactly when its task does (a rolled-back completion tells nobody). E-mails leave
 * after commit anyway (notifications' e-mail job).
 *
 * Subscribed after the department-role resolution (task-wiring.ts), so a task's candidates
 * include the role's holders.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Candidates told of a claimable task, at most: a group of thousands is not mailed one by one. */
export const MAX_CLAIMABLE_RECIPIENTS = 200;

async function caseNumberOf(tx: Tx, caseId: string | null): Promise<Record<string, string>> {
  if (!caseId) return {};
  try {
    return { caseNumber: (await findCaseFactsOrThrow(tx, caseId)).number };
  } catch {
    return {};
  }
}

async function notifyTaskCreated(ctx: CommandContext, taskId: string): Promise<void> {
  const task = await findProcessTaskRow(ctx.tx, taskId);
  if (task?.state !== 'open') return;
  let recipients: string[];
  let kind: 'task-assigned' | 'task-claimable';
  if (task.assignee) {
    recipients = [task.assignee];
    kind = 'task-assigned';
  } else {
    // A topic is an external system's work, never a person's.
    const groups = task.candidateGroups.filter((g) => !g.startsWith(TOPIC_GROUP_PREFIX));
    const users = task.candidateUsers.slice(0, MAX_CLAIMABLE_RECIPIENTS);
    const holders = users.length < MAX_CLAIMABLE_RECIPIENTS ? await listHoldersOfGroupsOrRoles(ctx.tx, groups, MAX_CLAIMABLE_RECIPIENTS) : [];
    recipients = [...new Set([...users, ...holders])].slice(0, MAX_CLAIMABLE_RECIPIENTS);
    kind = 'task-claimable';
  }
  if (recipients.length === 0) return;
  const instance = await findInstanceFacts(ctx.tx, task.instanceId);
  const caseId = task.caseId ?? instance?.case_id ?? null;
  await notifyUsers(ctx, {
    recipients,
    kind,
    taskId: task.id,
    caseId,
    processInstanceId: task.instanceId,
    params: { taskName: task.name ?? task.elementId, ...(instance ? { processName: instance.name ?? instance.key } : {}), ...(await caseNumberOf(ctx.tx, caseId)) },
  });
}

export interface ProcessOutcomeFacts {
  instanceId: string;
  processKey: string;
  caseId: string | null;
  startedBy: string | null;
  /** The instance's `outcome` variable when it is a word ('approved', 'rejected'), else null. */
  outcome: string | null;
}

/** Who else is told when an instance of `processKey` ends (the credit process: the applicant's branch). */
export type ProcessOutcomeRecipients = (ctx: CommandContext, facts: ProcessOutcomeFacts) => Promise<string[]>;
const outcomeRecipients = new Map<string, ProcessOutcomeRecipients>();

/**
 * Adds recipients of the `process-outcome` notification of one process (its starter is always
 * told). For the shipped processes: register at start-up, e.g. the branch's members for credit.
 * Returns the function that removes it.
 */
export function registerProcessOutcomeRecipients(processKey: string, resolve: ProcessOutcomeRecipients): () => void {
  outcomeRecipients.set(processKey, resolve);
  return () => {
    if (outcomeRecipients.get(processKey) === resolve) outcomeRecipients.delete(processKey);
  };
}

/** Tells the starter of a top-level instance (and registered recipients) that it ended, with its outcome. */
export async function notifyProcessOutcome(ctx: CommandContext, instanceId: string, extraRecipients: readonly string[] = []): Promise<void> {
  const instance = await findInstanceFacts(ctx.tx, instanceId);
  // A called process's end is a step of its parent, not an outcome anyone waits for.
  if (!instance || instance.parent_instance_id) return;
  const outcome = typeof instance.outcome === 'string' && /^[a-z][a-z-]{0,39}$/.test(instance.outcome) ? instance.outcome : null;
  const startedBy = instance.started_by && UUID.test(instance.started_by) ? instance.started_by : null;
  const facts: ProcessOutcomeFacts = { instanceId, processKey: instance.key, caseId: instance.case_id, startedBy, outcome };
  const more = (await outcomeRecipients.get(instance.key)?.(ctx, facts)) ?? [];
  const recipients = [...(startedBy ? [startedBy] : []), ...more, ...extraRecipients];
  if (recipients.length === 0) return;
  await notifyUsers(ctx, {
    recipients,
    kind: 'process-outcome',
    caseId: instance.case_id,
    processInstanceId: instanceId,
    params: { processName: instance.name ?? instance.key, ...(outcome ? { outcome } : {}), ...(await caseNumberOf(ctx.tx, instance.case_id)) },
  });
}

export function subscribeTaskNotifications(subscribers: CommandSubscribers): () => void {
  const off = [
    subscribers.subscribeInTransaction('process.task-created', (ctx, event) => notifyTaskCreated(ctx, event.payload.taskId)),
    subscribers.subscribeInTransaction('process.instance-completed', (ctx, event) => notifyProcessOutcome(ctx, event.payload.instanceId)),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
