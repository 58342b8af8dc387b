import { sql } from 'kysely';
import type { CommandSubscribers } from '../../platform/commands/index.ts';
import { notifyUsers } from '../notifications/index.ts';

/**
 * `docket:connector type="publish-event" eventType="docket.notify-case-department"`: a model tells
 * the case's department (the branch that took a credit application) how its process ended, with
 * `payload` `{ outcome }`. In the command that reached the task, so a rolled-back step tells no one.
 * Only the outcome word, the process name and the case number are shown: never a case field.
 */
export const NOTIFY_CASE_DEPARTMENT_EVENT = 'docket.notify-case-department';

export function subscribeOutcomeNotices(subscribers: CommandSubscribers): () => void {
  return subscribers.subscribeInTransaction('process.event-published', async (ctx, event) => {
    const { eventType, caseId, instanceId, payload } = event.payload;
    if (eventType !== NOTIFY_CASE_DEPARTMENT_EVENT || caseId === null) return;
    const outcome = typeof payload === 'object' && payload !== null && typeof (payload as { outcome?: unknown }).outcome === 'string' ? (payload as { outcome: string }).outcome : 'completed';
    const found = await sql<{ number: string; processName: string | null; processKey: string; recipients: string[] }>`
      SELECT c.number, d.name AS "processName", i.process_key AS "processKey",
             COALESCE((SELECT array_agg(ud.user_id::text ORDER BY ud.user_id)
                         FROM access.user_department ud JOIN access.user u ON u.id = ud.user_id
                        WHERE ud.department_id = c.department_id AND u.status = 'active'), '{}') AS recipients
        FROM cases.case c, process.instance i JOIN process.definition d ON d.id = i.definition_id
       WHERE c.id = ${caseId} AND i.id = ${instanceId}`.execute(ctx.tx);
    const row = found.rows[0];
    if (!row || row.recipients.length === 0) return;
    await notifyUsers(ctx, {
      recipients: row.recipients,
      kind: 'process-outcome',
      caseId,
      processInstanceId: instanceId,
      params: { caseNumber: row.number, processName: row.processName ?? row.processKey, outcome },
    });
  });
}
