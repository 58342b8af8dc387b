-- Analytics (issue 20): the read model dashboards, reports, spike warnings and report packs query,
-- kept in step with the domain by a projector (modules/analytics/read-model) that consumes the
-- outbox's domain events after commit, in batches. Nothing here is a source of truth: every row
-- can be rebuilt from the domain tables (POST /api/v1/analytics/read-model/rebuild).
CREATE SCHEMA IF NOT EXISTS analytics;

-- One row per case. The columns the case list's record predicate reads carry the same names as in
-- cases.case (id, created_by, assignee_id, department_id, type_key, tags, sensitivity), so the
-- very SQL predicate of the lists (cases/store.ts visibilityCondition) applies here unchanged.
CREATE TABLE analytics.case_fact (
  id uuid PRIMARY KEY,                       -- the case's id
  number text NOT NULL,
  type_key text NOT NULL,
  channel text NOT NULL DEFAULT '',          -- '' when the case has none (a rollup key, never NULL)
  -- Dimensions read from the case's fields: `category` and `product` (the case type's fields of
  -- those keys, select values only, never free text); '' when absent.
  category text NOT NULL DEFAULT '',
  product text NOT NULL DEFAULT '',
  -- Province (GB/T 2260 two-digit code, e.g. '11' Beijing, '31' Shanghai) of the owning
  -- department, for the map of China; '' when unknown.
  region text NOT NULL DEFAULT '',
  department_id uuid,
  created_by uuid NOT NULL,
  assignee_id uuid,
  queue_id uuid,
  tags text[] NOT NULL DEFAULT '{}',
  sensitivity text NOT NULL,
  priority text NOT NULL,
  status text NOT NULL,
  status_category text NOT NULL,             -- open | waiting | done (cases.case.status_category)
  created_at timestamptz NOT NULL,
  first_resolved_at timestamptz,             -- the first time it reached done; kept across reopenings
  resolved_at timestamptz,                   -- the current resolution (NULL while unfinished)
  closed_at timestamptz,
  reopen_count integer NOT NULL DEFAULT 0,   -- done → unfinished transitions
  assignment_count integer NOT NULL DEFAULT 0, -- distinct assignments to a person
  handoff_count integer NOT NULL DEFAULT 0,  -- changes of owning department after creation
  -- 首问解决: resolved with no reopening, no hand-off between departments and at most one assignee.
  first_contact_resolution boolean,          -- NULL while never resolved
  satisfaction smallint,                     -- 1–5, the follow-up's (回访) rating; the last one given
  outcome text NOT NULL DEFAULT '',          -- the resolution's outcome field (e.g. upheld / rejected), '' when none
  -- SLA: the case's targets as they ended (sla.target-met / sla.target-breached).
  sla_targets integer NOT NULL DEFAULT 0,
  sla_met_on_time integer NOT NULL DEFAULT 0,
  sla_breached integer NOT NULL DEFAULT 0,
  projected_version integer NOT NULL,        -- cases.case.version this row reflects (projection is idempotent)
  projected_at timestamptz NOT NULL
);
CREATE INDEX case_fact_created_idx ON analytics.case_fact (created_at);
CREATE INDEX case_fact_department_created_idx ON analytics.case_fact (department_id, created_at);
CREATE INDEX case_fact_type_created_idx ON analytics.case_fact (type_key, created_at);
CREATE INDEX case_fact_resolved_idx ON analytics.case_fact (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX case_fact_unfinished_idx ON analytics.case_fact (department_id, created_at) WHERE status_category <> 'done';
CREATE INDEX case_fact_assignee_unfinished_idx ON analytics.case_fact (assignee_id) WHERE status_category <> 'done';
CREATE INDEX case_fact_created_by_idx ON analytics.case_fact (created_by);

-- Per local day (Asia/Shanghai unless configured) and dimension combination: counts, so a
-- dashboard over 10 million cases reads thousands of rows, not millions. The projector applies
-- each case's change as −old +new contribution in the same transaction as its case_fact row.
-- Dimensions include department and sensitivity and type, so a record policy made of
-- department / type / sensitivity clauses applies to rollups exactly; a policy with `own`, tag or
-- named-case clauses is answered from case_fact (modules/analytics/read-model/policy-source.ts).
CREATE TABLE analytics.case_daily (
  day date NOT NULL,
  department_id uuid,
  type_key text NOT NULL,
  channel text NOT NULL,
  category text NOT NULL,
  product text NOT NULL,
  region text NOT NULL,
  sensitivity text NOT NULL,
  created integer NOT NULL DEFAULT 0,        -- cases created that day
  resolved integer NOT NULL DEFAULT 0,       -- cases whose current resolution is that day
  first_contact_resolved integer NOT NULL DEFAULT 0,
  reopened integer NOT NULL DEFAULT 0,       -- of the cases resolved that day, those reopened at least once
  sla_met_on_time integer NOT NULL DEFAULT 0, -- by the day the case was created
  sla_breached integer NOT NULL DEFAULT 0,
  sla_targets integer NOT NULL DEFAULT 0,
  satisfaction_sum integer NOT NULL DEFAULT 0,
  satisfaction_count integer NOT NULL DEFAULT 0,
  resolution_seconds_sum bigint NOT NULL DEFAULT 0 -- created → resolved, of the cases resolved that day
);
CREATE UNIQUE INDEX case_daily_key_idx ON analytics.case_daily (day, department_id, type_key, channel, category, product, region, sensitivity) NULLS NOT DISTINCT;
CREATE INDEX case_daily_department_day_idx ON analytics.case_daily (department_id, day);

-- One row per process user task (and external task): when it was created, first claimed or
-- assigned, completed; by whom; in which department. The process-mining and workload facts.
CREATE TABLE analytics.task_fact (
  task_id uuid PRIMARY KEY,
  case_id uuid,
  instance_id uuid,
  process_key text,
  process_version integer,
  element_id text NOT NULL,
  name text,
  department_id uuid,                        -- the case's owning department when the task was created
  assignee_id uuid,                          -- the one who completed it, or holds it now
  assignee_department_id uuid,               -- that person's (first) department: hand-offs between departments
  state text NOT NULL,                       -- created | completed | canceled (process.task.state)
  outcome text,
  created_at timestamptz NOT NULL,
  claimed_at timestamptz,                    -- first assignment to a person (waiting ends, working starts)
  ended_at timestamptz,
  wait_seconds integer,                      -- created → claimed (or → ended when never claimed)
  work_seconds integer,                      -- claimed → ended
  projected_at timestamptz NOT NULL
);
CREATE INDEX task_fact_case_idx ON analytics.task_fact (case_id);
CREATE INDEX task_fact_process_created_idx ON analytics.task_fact (process_key, created_at);
CREATE INDEX task_fact_assignee_open_idx ON analytics.task_fact (assignee_id) WHERE state = 'created';

-- The outbox cursor of the projector is platform.outbox_cursor (subscriber 'analytics-read-model');
-- this row keeps what the lag metric and the status endpoint report.
CREATE TABLE analytics.projector_state (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  last_event_at timestamptz,                 -- outbox created_at of the newest event applied
  last_applied_at timestamptz,               -- when it was applied
  rebuilt_at timestamptz,
  rebuilt_by uuid
);
INSERT INTO analytics.projector_state (only_row) VALUES (true) ON CONFLICT DO NOTHING;

-- Analytics actions:
--   analytics:read        dashboards, the cockpit, drill-down, process mining, shared reports; the
--                         figures cover only the cases the reader's case:read policy reaches
--   analytics:design      build, save and share reports and boards, schedule e-mailed exports
--   analytics:export      take data out: event logs (XES/CSV), report exports (audited)
--   analytics:report-pack generate the regulator's report packs (signed, in the ledger)
--   analytics:admin       spike rules, the read model's status and rebuild
UPDATE access.role SET permissions = permissions ||
  '[{"action":"analytics:read"},{"action":"analytics:design"},{"action":"analytics:export"},{"action":"analytics:report-pack"},{"action":"analytics:admin"}]'::jsonb,
  updated_at = now()
 WHERE key = 'admin' AND NOT permissions @> '[{"action":"analytics:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"analytics:read"},{"action":"analytics:design"},{"action":"analytics:export"}]'::jsonb, updated_at = now()
 WHERE key = 'supervisor' AND NOT permissions @> '[{"action":"analytics:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"analytics:read"}]'::jsonb, updated_at = now()
 WHERE key = 'agent' AND NOT permissions @> '[{"action":"analytics:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"analytics:read"},{"action":"analytics:report-pack"}]'::jsonb, updated_at = now()
 WHERE key = 'auditor' AND NOT permissions @> '[{"action":"analytics:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"analytics:admin"}]'::jsonb, updated_at = now()
 WHERE key = 'system-seed' AND NOT permissions @> '[{"action":"analytics:admin"}]'::jsonb;

INSERT INTO access.role (key, name, description, builtin, permissions) VALUES
('analyst', '经营分析 Business analyst', 'Reads every dashboard and process map, builds and shares reports, exports data, generates the regulator''s report packs', true,
 '[{"action":"case:read","scope":"all","fields":{"*":"masked"}},{"action":"analytics:read"},{"action":"analytics:design"},{"action":"analytics:export"},{"action":"analytics:report-pack"}]')
ON CONFLICT (key) DO NOTHING;

-- Spike warnings open risk cases, and scheduled reports are run and e-mailed, as system:analytics.
-- It reads every case (figures of the whole bank; each scheduled report runs with its owner's
-- policy, not this one's) and creates cases; field values reach it masked.
INSERT INTO access.role (key, name, description, builtin, permissions) VALUES
('system-analytics', '分析引擎 Analytics', 'Opens risk cases for significant complaint spikes and runs scheduled reports', true,
 '[{"action":"case:read","fields":{"*":"masked"}},{"action":"case:create"},{"action":"analytics:read"}]')
ON CONFLICT (key) DO NOTHING;
INSERT INTO access.user (id, username, display_name, password_hash, roles, kind) VALUES
(gen_random_uuid(), 'system:analytics', '分析引擎 Analytics', NULL, '{system-analytics}', 'system')
ON CONFLICT (username) DO NOTHING;
