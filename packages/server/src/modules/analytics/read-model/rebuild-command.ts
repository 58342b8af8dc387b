import { sql } from 'kysely';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { rebuildAll } from './projection-store.ts';

/**
 * An administrator rebuilds the read model from the domain tables, in the command's transaction:
 * readers see the old figures until it commits, then the new ones; the projector waits on the
 * read model's lock meanwhile and re-applies what came after (re-projection is idempotent).
 * Audited with the counts, never with a case's content.
 */
export async function rebuildReadModelCommand(ctx: CommandContext): Promise<{ cases: number; tasks: number; dailyRows: number; durationMs: number }> {
  assertAllowed(ctx.actor, 'analytics:admin');
  const started = performance.now();
  const cases = await rebuildAll(ctx.tx, ctx.now);
  const counts = await sql<{ tasks: number; daily: number }>`
    SELECT (SELECT count(*) FROM analytics.task_fact)::int AS tasks, (SELECT count(*) FROM analytics.case_daily)::int AS daily`.execute(ctx.tx);
  await sql`UPDATE analytics.projector_state SET rebuilt_at = ${ctx.now.toISOString()}::timestamptz, rebuilt_by = ${ctx.actor.userId}::uuid`.execute(ctx.tx);
  const result = { cases, tasks: counts.rows[0]!.tasks, dailyRows: counts.rows[0]!.daily, durationMs: Math.round(performance.now() - started) };
  await recordAuditEvent(ctx, { action: 'analytics.read-model-rebuilt', targetType: 'analytics-read-model', targetId: 'read-model', data: result });
  return result;
}
