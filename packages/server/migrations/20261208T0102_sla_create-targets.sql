-- SLA targets (issue 16): one clock per case target (first response, next response, resolution)
-- or process step (a user task). The clock counts business seconds on its calendar version:
-- consumed_seconds were used before running_since; while running, due_at is the instant the
-- budget runs out. Paused: running_since and due_at are null.
--
-- next_fire_at is the scheduler's due column: the earliest unfired level (warning, breach,
-- after-breach) of a running clock, null when nothing is left to fire. Workers claim due rows
-- with FOR UPDATE SKIP LOCKED; fired_levels makes each level fire once.
CREATE TABLE sla.target (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases.case (id),
  task_id uuid,
  key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('first-response', 'next-response', 'resolution', 'step')),
  -- 1 for the first clock of a key on a case; a reopened case's resolution clock is attempt 2.
  attempt integer NOT NULL DEFAULT 1,
  policy_id uuid REFERENCES sla.policy (id),
  policy_version integer,
  calendar_id uuid NOT NULL REFERENCES sla.calendar (id),
  calendar_version integer NOT NULL,
  priority text NOT NULL,
  budget_seconds bigint NOT NULL CHECK (budget_seconds >= 0),
  consumed_seconds bigint NOT NULL DEFAULT 0,
  pause_statuses text[] NOT NULL DEFAULT '{}',
  levels jsonb NOT NULL DEFAULT '[]'::jsonb,
  fired_levels integer[] NOT NULL DEFAULT '{}',
  state text NOT NULL CHECK (state IN ('running', 'paused', 'met', 'canceled')),
  started_at timestamptz NOT NULL,
  running_since timestamptz,
  due_at timestamptz,
  next_fire_at timestamptz,
  at_risk_at timestamptz,
  breached_at timestamptz,
  stopped_at timestamptz,
  -- Business seconds used when the clock stopped (met or canceled).
  elapsed_seconds bigint,
  override_due_at timestamptz,
  override_reason text,
  override_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((state = 'running') = (running_since IS NOT NULL)),
  CHECK (state = 'running' OR next_fire_at IS NULL)
);

-- The scheduler's claim: due rows, oldest first.
CREATE INDEX target_next_fire ON sla.target (next_fire_at) WHERE next_fire_at IS NOT NULL;
-- A case's clocks (case view, status changes, replies).
CREATE INDEX target_case ON sla.target (case_id, key, attempt);
-- A task's clock.
CREATE INDEX target_task ON sla.target (task_id) WHERE task_id IS NOT NULL;
-- Open clocks on a calendar version: a correction moves them.
CREATE INDEX target_open_calendar ON sla.target (calendar_id, calendar_version) WHERE state IN ('running', 'paused');
-- On-time reports by period of stopping.
CREATE INDEX target_stopped ON sla.target (stopped_at, kind) WHERE stopped_at IS NOT NULL;
