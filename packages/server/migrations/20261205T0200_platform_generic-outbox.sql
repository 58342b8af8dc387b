-- Why: the outbox was shaped around cases (subject, case_id) and nothing ever sent it. It becomes
-- generic (any aggregate) and gets what a dispatcher shared by N docket processes needs:
-- positions given after commit, per-subscriber cursors over 16 partitions, parked (retrying and
-- dead-lettered) deliveries. docs/operators/outbox.md explains the moving parts.

ALTER TABLE platform.outbox_event
  ADD COLUMN type text,
  ADD COLUMN aggregate_type text,
  ADD COLUMN aggregate_id text;

-- Rows written before this release were case events: they stay readable in the new shape.
UPDATE platform.outbox_event
  SET type = subject, aggregate_type = 'case', aggregate_id = coalesce(case_id::text, 'unknown');

DROP INDEX platform.outbox_event_pending_idx;
ALTER TABLE platform.outbox_event
  ALTER COLUMN type SET NOT NULL,
  ALTER COLUMN aggregate_type SET NOT NULL,
  ALTER COLUMN aggregate_id SET NOT NULL,
  DROP COLUMN subject,
  DROP COLUMN case_id,
  DROP COLUMN dispatched_at,
  -- One aggregate, one partition: a partition is delivered by one process at a time, so the
  -- events of one case reach a subscriber in order. 16 is fixed: changing it would reorder keys.
  ADD COLUMN partition smallint GENERATED ALWAYS AS ((hashtext(aggregate_type || ':' || aggregate_id) & 15)::smallint) STORED,
  -- Given after commit, in commit-visibility order (platform.outbox_assign_positions). An id is
  -- taken at INSERT, so a transaction still in flight can commit a lower id after a higher one
  -- was read: a cursor over ids would skip it. A cursor over positions cannot.
  ADD COLUMN position bigint;

CREATE INDEX outbox_event_unpositioned_idx ON platform.outbox_event (id) WHERE position IS NULL;
CREATE INDEX outbox_event_partition_position_idx ON platform.outbox_event (partition, position) WHERE position IS NOT NULL;

-- The last position given; its row lock serialises the stamping.
CREATE TABLE platform.outbox_head (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  last_position bigint NOT NULL
);
INSERT INTO platform.outbox_head (last_position) VALUES (0);

-- Gives positions to committed events without one, in id order. A stamper that finds another at
-- work returns 0 and lets it finish. Each statement of a volatile plpgsql function reads a fresh
-- snapshot (READ COMMITTED), so the UPDATE sees every stamp committed before the lock was taken.
CREATE FUNCTION platform.outbox_assign_positions(max_events int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
  head bigint;
  assigned int;
BEGIN
  -- An idle poll takes no row lock (a lock is a write to the tuple and to the WAL).
  IF NOT EXISTS (SELECT 1 FROM platform.outbox_event WHERE position IS NULL) THEN
    RETURN 0;
  END IF;
  SELECT last_position INTO head FROM platform.outbox_head FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  WITH todo AS (
    SELECT id, row_number() OVER (ORDER BY id) AS rn
    FROM platform.outbox_event WHERE position IS NULL ORDER BY id LIMIT max_events
  )
  UPDATE platform.outbox_event e SET position = head + todo.rn FROM todo WHERE e.id = todo.id;
  GET DIAGNOSTICS assigned = ROW_COUNT;
  IF assigned > 0 THEN
    UPDATE platform.outbox_head SET last_position = head + assigned;
  END IF;
  RETURN assigned;
END $$;

-- How far each subscriber has taken each partition. Holding the row lock (FOR UPDATE SKIP
-- LOCKED) is the claim: one process per (subscriber, partition) at a time, released at commit
-- or when the connection dies.
CREATE TABLE platform.outbox_cursor (
  subscriber text NOT NULL,
  partition smallint NOT NULL,
  position bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (subscriber, partition)
);

-- Deliveries that failed (retrying, then dead) and the later events of the same aggregate
-- queued behind them (next_attempt_at NULL), so one failing case does not hold up the others.
CREATE TABLE platform.outbox_parked (
  subscriber text NOT NULL,
  event_id bigint NOT NULL REFERENCES platform.outbox_event (id),
  partition smallint NOT NULL,
  position bigint NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  dead_at timestamptz,
  last_error text,
  PRIMARY KEY (subscriber, event_id)
);
CREATE INDEX outbox_parked_due_idx ON platform.outbox_parked (subscriber, partition, next_attempt_at) WHERE dead_at IS NULL;
CREATE INDEX outbox_parked_dead_idx ON platform.outbox_parked (subscriber, dead_at) WHERE dead_at IS NOT NULL;
-- Cleanup asks, per event, whether any subscriber still needs it (and the foreign key checks it).
CREATE INDEX outbox_parked_event_idx ON platform.outbox_parked (event_id);
