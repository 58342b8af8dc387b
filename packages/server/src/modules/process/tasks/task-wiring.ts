import type { CommandSubscribers } from '../../../platform/commands/index.ts';
import { runProcessCommand } from '../commands/run-process-command.ts';
import { PgProcessStore } from '../store/pg-process-store.ts';
import { holdCasesOpenWhileProcessesSaySo } from '../case-close-guard.ts';
import { subscribeCaseProcesses } from '../case-integration.ts';
import { subscribeOutcomeNotices } from '../outcome-notice.ts';
import { subscribeTaskAssignment } from './task-assignment.ts';
import { subscribeTaskNotifications } from './task-notifications.ts';
import { subscribeOutOfOffice } from '../approvals/out-of-office-apply.ts';
import type { RunEngine } from './task-commands.ts';

/** Task commands run the interpreter through the commands layer, with its defaults. */
export const runEngineInCommand: RunEngine = (ctx, operation, options) => runProcessCommand(ctx, { lockedTasks: options?.lockedTasks }, operation);

/**
 * What tasks and case processes do inside other commands: resolve a new task's department role,
 * refuse a case type naming an undeployed process, start a new case's process, tell a case's
 * department how its process ended, hold a case open while its process says so. Returns the
 * function that ends the subscriptions (the app's onClose).
 */
export function subscribeProcessWork(subscribers: CommandSubscribers): () => void {
  const off = [
    subscribeTaskAssignment(subscribers),
    // After the assignment: the department role's holders are candidates by then.
    subscribeTaskNotifications(subscribers),
    // A task given to someone away goes to their delegate (out-of-office rules). After the
    // notifications: the away person is told it was given to them, the delegate that it is theirs now.
    subscribeOutOfOffice(subscribers),
    subscribeCaseProcesses(subscribers, {
      runEngine: runEngineInCommand,
      findLatestDefinition: (ctx, key) => new PgProcessStore(ctx.tx, ctx.now).findDefinition(key),
    }),
    subscribeOutcomeNotices(subscribers),
    holdCasesOpenWhileProcessesSaySo(),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
