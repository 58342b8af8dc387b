-- Scheduled jobs (issue 13): timers of the SLA and process engines and anything else that must
-- happen at a time, once, whichever Docket process is up then.
--
-- A runner claims due rows with FOR UPDATE SKIP LOCKED and runs their handlers in the claiming
-- transaction, so N processes share the due jobs without a coordinator, a job's effects and its
-- completion commit together, and a process that dies mid-batch loses only its uncommitted
-- work: its row locks go with its connection and another runner takes the jobs at once.
--
-- (kind, key) is the idempotency key: scheduling the same job twice schedules it once, also
-- after it ran (done rows are kept for that reason). due_at is the one clock's time, not the
-- database's: with the test clock, jobs fall due when the clock is moved.
CREATE TABLE platform.job (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9.:-]{0,99}$'),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 300),
  due_at timestamptz NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed', 'cancelled')),
  attempts int NOT NULL DEFAULT 0,
  max_attempts int NOT NULL DEFAULT 10 CHECK (max_attempts >= 1),
  -- The last failure's message, for operators; handlers never put field values in errors.
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (kind, key)
);

-- Why: the runner's claim reads the earliest due pending rows; done and failed rows never enter it.
CREATE INDEX job_pending_due_idx ON platform.job (due_at, id) WHERE state = 'pending';
