import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { READ_MODEL_EVENT_TYPES, READ_MODEL_SUBSCRIBER } from './projector.ts';

/** Counting pending events stops here: beyond it the answer is "at least", and the lag says the rest. */
export const PENDING_COUNT_CAP = 100_000;

export interface ReadModelStatus {
  /** Events the projector has not applied yet (at most PENDING_COUNT_CAP; pendingCapped when more). */
  pendingEvents: number;
  pendingCapped: boolean;
  /** Age of the oldest event not applied yet; 0 when none waits. */
  lagSeconds: number;
  lastEventAt: Date | null;
  lastAppliedAt: Date | null;
  rebuiltAt: Date | null;
  rebuiltBy: string | null;
  caseFacts: number;
  dailyRows: number;
  taskFacts: number;
}

export async function readModelStatus(tx: Db | Tx, now: Date): Promise<ReadModelStatus> {
  const types = [...READ_MODEL_EVENT_TYPES];
  // Per partition, past the cursor (or all, before the projector's first start), plus what the
  // stamper has not positioned yet; both walk the outbox's (partition, position) order.
  const { rows } = await sql<{ pending: number; oldest: Date | null }>`
    WITH pending AS (
      (SELECT e.created_at FROM generate_series(0, 15) p
        LEFT JOIN platform.outbox_cursor c ON c.subscriber = ${READ_MODEL_SUBSCRIBER} AND c.partition = p
        CROSS JOIN LATERAL (
          SELECT e.created_at FROM platform.outbox_event e
          WHERE e.partition = p AND e.position > coalesce(c.position, 0) AND e.type = ANY(${types}::text[])
          ORDER BY e.position LIMIT ${PENDING_COUNT_CAP + 1}::int) e)
      UNION ALL
      (SELECT e.created_at FROM platform.outbox_event e WHERE e.position IS NULL AND e.type = ANY(${types}::text[]) LIMIT ${PENDING_COUNT_CAP + 1}::int)
    )
    SELECT count(*)::int AS pending, min(created_at) AS oldest FROM pending`.execute(tx);
  const state = await sql<{ last_event_at: Date | null; last_applied_at: Date | null; rebuilt_at: Date | null; rebuilt_by: string | null }>`
    SELECT last_event_at, last_applied_at, rebuilt_at, rebuilt_by FROM analytics.projector_state LIMIT 1`.execute(tx);
  // Estimates for the big tables (a count(*) over 10 million rows is not a status query), exact when small.
  const counts = await sql<{ name: string; n: number }>`
    SELECT t.name, CASE WHEN c.reltuples < 100000 THEN NULL ELSE c.reltuples::bigint END AS n
    FROM (VALUES ('case_fact'), ('case_daily'), ('task_fact')) t(name)
    JOIN pg_class c ON c.oid = ('analytics.' || t.name)::regclass`.execute(tx);
  const exact = async (name: string) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`analytics.${name}`)}`.execute(tx)).rows[0]!.n);
  const countOf = async (name: string) => {
    const row = counts.rows.find((r) => r.name === name);
    return row?.n !== null && row?.n !== undefined ? Number(row.n) : exact(name);
  };
  const pending = rows[0]!;
  const s = state.rows[0];
  return {
    pendingEvents: Math.min(pending.pending, PENDING_COUNT_CAP),
    pendingCapped: pending.pending > PENDING_COUNT_CAP,
    lagSeconds: pending.oldest ? Math.max(0, (now.getTime() - pending.oldest.getTime()) / 1000) : 0,
    lastEventAt: s?.last_event_at ?? null,
    lastAppliedAt: s?.last_applied_at ?? null,
    rebuiltAt: s?.rebuilt_at ?? null,
    rebuiltBy: s?.rebuilt_by ?? null,
    caseFacts: await countOf('case_fact'),
    dailyRows: await countOf('case_daily'),
    taskFacts: await countOf('task_fact'),
  };
}
