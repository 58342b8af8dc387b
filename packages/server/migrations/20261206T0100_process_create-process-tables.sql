-- The process engine's state (issue 14): deployed definitions, running instances and what they
-- wait on, open and completed tasks, and the history of every element instance entered.
--
-- Ids are uuid v7 made by the commands layer. Runtime tables hold what is alive only
-- (element_instance, job, subscription, open incidents): a command reads one instance's rows
-- by instance_id and writes them back in one statement per table. What has ended moves to
-- element_history, partitioned by month so retention drops a month at once instead of deleting
-- rows (modules/process/store/README.md, docs/operators/process-engine.md).
CREATE SCHEMA IF NOT EXISTS process;

-- One POST /api/v1/processes: the file as sent, so GET /processes/{key} shows what was deployed.
CREATE TABLE process.deployment (
  id uuid PRIMARY KEY,
  xml text NOT NULL,
  -- sha-256 of the XML, hex.
  checksum text NOT NULL,
  deployed_by text NOT NULL,
  deployed_by_name text NOT NULL,
  deployed_at timestamptz NOT NULL
);

-- One version of one process key. graph is the compiled ProcessGraph (modules/process/graph.ts):
-- an instance runs its version's graph without reparsing XML. graph_checksum makes redeploying
-- the same process a no-op.
CREATE TABLE process.definition (
  id uuid PRIMARY KEY,
  key text NOT NULL,
  version int NOT NULL CHECK (version >= 1),
  name text,
  graph jsonb NOT NULL,
  graph_checksum text NOT NULL,
  deployment_id uuid NOT NULL REFERENCES process.deployment (id),
  warnings jsonb NOT NULL DEFAULT '[]',
  deployed_at timestamptz NOT NULL,
  -- Why: the latest version is read by a backward scan of this index (ORDER BY version DESC LIMIT 1).
  UNIQUE (key, version)
);
CREATE INDEX definition_deployment_idx ON process.definition (deployment_id);

CREATE TABLE process.instance (
  id uuid PRIMARY KEY,
  definition_id uuid NOT NULL REFERENCES process.definition (id),
  process_key text NOT NULL,
  version int NOT NULL,
  state text NOT NULL CHECK (state IN ('active', 'completed', 'terminated', 'incident')),
  case_id uuid,
  business_key text,
  parent_instance_id uuid,
  parent_element_instance_id uuid,
  root_instance_id uuid NOT NULL,
  variables jsonb NOT NULL DEFAULT '{}',
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  started_by text,
  -- Optimistic lock: every command that changes the instance or anything in it writes
  -- UPDATE … WHERE revision = <read> and bumps it (ConcurrentChangeError otherwise).
  revision int NOT NULL DEFAULT 0
);
-- Why: a case's processes (case page, the case integration); the history of a case starts here.
CREATE INDEX instance_case_idx ON process.instance (case_id, started_at) WHERE case_id IS NOT NULL;
-- Why: childIds of a call activity's caller.
CREATE INDEX instance_parent_idx ON process.instance (parent_instance_id) WHERE parent_instance_id IS NOT NULL;
-- Why: lists of running instances by key (operators, migration of a version's instances).
CREATE INDEX instance_unfinished_idx ON process.instance (process_key, state, started_at) WHERE state IN ('active', 'incident');
-- Why: GET /process-instances?processKey= over every state, newest first.
CREATE INDEX instance_key_started_idx ON process.instance (process_key, started_at);
-- Why: retention deletes instances that ended before the cut-off.
CREATE INDEX instance_ended_idx ON process.instance (ended_at) WHERE ended_at IS NOT NULL;

-- Active element instances only; when one ends it moves to element_history in the same statement
-- sequence of the same command.
CREATE TABLE process.element_instance (
  id uuid PRIMARY KEY,
  instance_id uuid NOT NULL,
  element_id text NOT NULL,
  element_type text NOT NULL,
  scope_id uuid,
  state text NOT NULL,
  started_at timestamptz NOT NULL,
  variables jsonb NOT NULL DEFAULT '{}',
  is_multi_instance_body boolean NOT NULL DEFAULT false,
  loop_counter int,
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX element_instance_instance_idx ON process.element_instance (instance_id);

-- Every element instance that ended, partitioned by month of ended_at.
--
-- Why ended_at and not started_at: a row is written once, when the element ends, so every insert
-- goes to the current month's partition (a long wait does not write into an old, perhaps
-- already dropped, month), and retention — "keep what ended in the last N months" — drops whole
-- partitions. Lookups by instance or case add `ended_at >= <the instance's start>` (an element
-- cannot end before its instance started), which prunes every older partition, so a lookup
-- touches only the months the instance lived in.
--
-- Local variables and engine bookkeeping are not kept here: history says what ran, when, and how
-- it ended. No primary key: it would have to include ended_at and nothing looks a row up by id.
CREATE TABLE process.element_history (
  id uuid NOT NULL,
  instance_id uuid NOT NULL,
  case_id uuid,
  element_id text NOT NULL,
  element_type text NOT NULL,
  scope_id uuid,
  state text NOT NULL,
  outcome text,
  loop_counter int,
  started_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL
) PARTITION BY RANGE (ended_at);
-- Why: GET /process-instances/{id}/history.
CREATE INDEX element_history_instance_idx ON process.element_history (instance_id, started_at);
-- Why: a case's process history (p95 ≤ 10 ms over 1M completed instances).
CREATE INDEX element_history_case_idx ON process.element_history (case_id, started_at) WHERE case_id IS NOT NULL;

-- A row outside every monthly partition (a test clock far in the future, a month the
-- maintenance job has not made yet) lands here instead of failing the command; the maintenance
-- job moves such rows into their month when it creates it. The monthly partitions themselves
-- are made by that job (at server start, then daily), not here: a migration's result must not
-- depend on the month it ran in (tables.generated.ts is checked against a fresh migration).
CREATE TABLE process.element_history_default PARTITION OF process.element_history DEFAULT;

-- User tasks, open and completed (completed ones stay until retention: who did what, when).
CREATE TABLE process.task (
  id uuid PRIMARY KEY,
  instance_id uuid NOT NULL,
  element_instance_id uuid NOT NULL,
  element_id text NOT NULL,
  name text,
  case_id uuid,
  state text NOT NULL CHECK (state IN ('open', 'completed', 'canceled')),
  assignee text,
  candidate_users text[] NOT NULL DEFAULT '{}',
  candidate_groups text[] NOT NULL DEFAULT '{}',
  department_role jsonb,
  form_key text,
  due_at timestamptz,
  priority int NOT NULL DEFAULT 50,
  created_at timestamptz NOT NULL,
  completed_at timestamptz,
  completed_by text,
  outcome text
);
-- Why: "my tasks" (assignee = me), soonest due first.
CREATE INDEX task_open_assignee_idx ON process.task (assignee, due_at) WHERE state = 'open' AND assignee IS NOT NULL;
-- Why: "tasks I may claim" (candidate_groups && my groups, candidate_users @> me).
CREATE INDEX task_open_candidate_groups_idx ON process.task USING gin (candidate_groups) WHERE state = 'open';
CREATE INDEX task_open_candidate_users_idx ON process.task USING gin (candidate_users) WHERE state = 'open';
CREATE INDEX task_instance_idx ON process.task (instance_id);
CREATE INDEX task_case_idx ON process.task (case_id, created_at) WHERE case_id IS NOT NULL;
-- Why: retention deletes tasks that ended before the cut-off.
CREATE INDEX task_ended_idx ON process.task (completed_at) WHERE state <> 'open';

-- The engine's jobs (timers, async continuations, connector calls). Each has a platform.job row
-- (kind 'process.job', key platform_job_key) that makes it run when due; this row says what to run.
CREATE TABLE process.job (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('timer', 'timer-start', 'async-before', 'async-after', 'connector')),
  instance_id uuid,
  element_instance_id uuid,
  element_id text NOT NULL,
  definition_id uuid NOT NULL,
  due_at timestamptz NOT NULL,
  retries_left int,
  data jsonb NOT NULL DEFAULT '{}',
  platform_job_key text NOT NULL
);
CREATE INDEX job_instance_idx ON process.job (instance_id) WHERE instance_id IS NOT NULL;
-- Why: a new version's deployment removes the previous version's timer start jobs.
CREATE INDEX job_start_definition_idx ON process.job (definition_id) WHERE instance_id IS NULL;

CREATE TABLE process.subscription (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('message', 'signal', 'message-start', 'signal-start')),
  name text NOT NULL,
  correlation_key text,
  instance_id uuid,
  element_instance_id uuid,
  element_id text NOT NULL,
  definition_id uuid NOT NULL,
  interrupting boolean NOT NULL DEFAULT true
);
-- Why: POST /messages and /signals find the waiting catches by name (and correlation key).
CREATE INDEX subscription_name_idx ON process.subscription (kind, name, correlation_key);
CREATE INDEX subscription_instance_idx ON process.subscription (instance_id) WHERE instance_id IS NOT NULL;
CREATE INDEX subscription_start_definition_idx ON process.subscription (definition_id) WHERE instance_id IS NULL;

CREATE TABLE process.incident (
  id uuid PRIMARY KEY,
  instance_id uuid NOT NULL,
  element_instance_id uuid NOT NULL,
  element_id text NOT NULL,
  kind text NOT NULL,
  message text NOT NULL,
  job_id uuid,
  created_at timestamptz NOT NULL,
  resolved_at timestamptz
);
CREATE INDEX incident_instance_idx ON process.incident (instance_id);
CREATE INDEX incident_open_idx ON process.incident (created_at) WHERE resolved_at IS NULL;
