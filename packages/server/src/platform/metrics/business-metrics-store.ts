import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

// The read-only statements behind the gauges Prometheus reads on scrape. They read other
// modules' tables, which is why they live here in one place: each is one statement served by an
// index (plans in docs/operators/metrics.md), so a scrape stays cheap however big the history is.
// Ages are measured with the database's clock, the clock that wrote created_at.

/** Unfinished cases (open or waiting) per queue key; '' for cases in no queue. Index-only over case_unfinished_queue_due_idx. */
export async function countOpenCasesByQueue(db: Db): Promise<{ queue: string; count: number }[]> {
  const { rows } = await sql<{ queue: string; count: number }>`
    SELECT coalesce(queue, '') AS queue, count(*)::int AS count
    FROM cases.case WHERE status_category IN ('open', 'waiting')
    GROUP BY queue`.execute(db);
  return rows;
}

/**
 * Per outbox subscriber, the age in seconds of the oldest event it has not taken yet: the first
 * event after its cursor in each partition (outbox_event_partition_position_idx, 16 probes), its
 * retrying or waiting parked deliveries, and events committed but not yet given a position.
 * 0 when the subscriber is caught up.
 */
export async function outboxOldestPendingSeconds(db: Db): Promise<{ subscriber: string; seconds: number }[]> {
  const { rows } = await sql<{ subscriber: string; seconds: number }>`
    WITH unstamped AS (
      SELECT e.created_at FROM platform.outbox_event e WHERE e.position IS NULL ORDER BY e.id LIMIT 1
    ), after_cursor AS (
      SELECT c.subscriber, min(next.created_at) AS oldest
      FROM platform.outbox_cursor c
      LEFT JOIN LATERAL (
        SELECT e.created_at FROM platform.outbox_event e
        WHERE e.partition = c.partition AND e.position > c.position
        ORDER BY e.position LIMIT 1
      ) next ON true
      GROUP BY c.subscriber
    ), retrying AS (
      SELECT p.subscriber, min(e.created_at) AS oldest
      FROM platform.outbox_parked p JOIN platform.outbox_event e ON e.id = p.event_id
      WHERE p.dead_at IS NULL
      GROUP BY p.subscriber
    )
    SELECT a.subscriber,
      coalesce(greatest(extract(epoch FROM now() - least(a.oldest, r.oldest, (SELECT created_at FROM unstamped))), 0), 0)::float8 AS seconds
    FROM after_cursor a LEFT JOIN retrying r ON r.subscriber = a.subscriber`.execute(db);
  return rows;
}

/** Counted up to this many: a lag past it is an outage either way, and counting further costs the scrape (10,000 index entries ≈ 8 ms; 100,000 took 76 ms). */
export const SEQUENCER_LAG_COUNT_LIMIT = 10_000;

/**
 * Audit events the ledger sequencer has not integrated yet (after its cursor: the last batch's
 * audit.ledger_horizon row, or the last leaf's event for trees from before that table) and the
 * age of the first of them. Both walk event_xid_idx from the cursor; the count is index-only.
 */
export async function auditSequencerLag(db: Db): Promise<{ events: number; seconds: number }> {
  const { rows } = await sql<{ events: number; seconds: number | null }>`
    WITH last AS (
      SELECT CASE WHEN h.last_xid IS NOT NULL THEN h.last_xid ELSE e.xid END AS xid,
             CASE WHEN h.last_xid IS NOT NULL THEN h.last_event_id ELSE l.event_id END AS id
      FROM (SELECT leaf_index, event_id FROM audit.leaf ORDER BY leaf_index DESC LIMIT 1) l
      LEFT JOIN audit.event e ON e.id = l.event_id
      LEFT JOIN audit.ledger_horizon h ON h.tree_size = l.leaf_index + 1
    )
    SELECT
      (SELECT count(*)::int FROM (
         SELECT 1 FROM audit.event e
         WHERE (e.xid, e.id) > (coalesce((SELECT xid FROM last), '0'::xid8), coalesce((SELECT id FROM last), 0))
         -- The order keeps the plan on the index: a filtered sequential scan would read the whole table when the lag is 0.
         ORDER BY e.xid, e.id LIMIT ${SEQUENCER_LAG_COUNT_LIMIT}) behind) AS events,
      (SELECT extract(epoch FROM now() - e.occurred_at)::float8 FROM audit.event e
         WHERE (e.xid, e.id) > (coalesce((SELECT xid FROM last), '0'::xid8), coalesce((SELECT id FROM last), 0))
         ORDER BY e.xid, e.id LIMIT 1) AS seconds`.execute(db);
  const row = rows[0];
  return { events: row?.events ?? 0, seconds: Math.max(row?.seconds ?? 0, 0) };
}

/** Case type key and channel of the given cases, for the case.created counter (primary-key lookups, one statement per batch). */
export async function caseTypeAndChannel(db: Db, caseIds: string[]): Promise<Map<string, { typeKey: string; channel: string | null }>> {
  const { rows } = await sql<{ id: string; type_key: string; channel: string | null }>`
    SELECT id, type_key, channel FROM cases.case WHERE id = ANY(${caseIds}::uuid[])`.execute(db);
  return new Map(rows.map((r) => [r.id, { typeKey: r.type_key, channel: r.channel }]));
}
