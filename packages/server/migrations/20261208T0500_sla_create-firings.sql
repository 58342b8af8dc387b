-- SLA firings (issue 16): one row per level of a clock that fired, written by the sla-scheduler in
-- the transaction that marks the level in sla.target.fired_levels. The primary key is the
-- exactly-once guarantee made visible: a level of a clock can fire once, whatever the number of
-- Docket processes, restarts or test-clock moves; a second firing would fail its batch.
--
-- due_at: when the level was due (business time on the clock's calendar, as an instant);
-- fired_at: Docket's clock when the batch claimed it (the test clock's time under DOCKET_TEST_CLOCK);
-- recorded_at: the database's own clock when the row was written, for the firing lag an operator
-- measures; late: it fired more than a minute after its time (Docket was down, or behind).
-- worker: which process fired it (host:pid), to see the work spread over processes.
CREATE TABLE sla.firing (
  target_id uuid NOT NULL REFERENCES sla.target (id),
  level integer NOT NULL,
  case_id uuid NOT NULL,
  key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('warning', 'breach', 'after-breach')),
  due_at timestamptz NOT NULL,
  fired_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  late boolean NOT NULL,
  worker text NOT NULL,
  PRIMARY KEY (target_id, level)
);
-- The firings of a case (its SLA panel, the timeline's detail).
CREATE INDEX firing_case ON sla.firing (case_id);
-- Recent firings (operators' lag queries, the bench).
CREATE INDEX firing_recorded ON sla.firing (recorded_at);
