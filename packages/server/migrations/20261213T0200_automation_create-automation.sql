-- Automation rules (issue 21): "when X happens (or a date comes near), if Y, do Z", designed by
-- business users, versioned, enabled per department, dry-run before enabling, and every run and
-- action recorded — done by the rule, on behalf of its owner.
CREATE SCHEMA IF NOT EXISTS automation;

CREATE TABLE automation.rule (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  description text,
  -- The person the rule acts for: its actions may do only what the owner's policy allows.
  owner_id uuid NOT NULL REFERENCES access.user (id),
  -- The departments the rule acts in (a subject's department must be one of them or below);
  -- empty = every department.
  department_ids uuid[] NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT false,
  -- The current version's definition (rule_version keeps every saved one):
  -- trigger { kind: 'case-event' | 'record-event' | 'date' | 'schedule' | 'event', … }
  trigger_kind text NOT NULL CHECK (trigger_kind IN ('case-event', 'record-event', 'date', 'schedule', 'event')),
  trigger jsonb NOT NULL,
  -- { kind: 'always' } | { kind: 'feel', expression } | { kind: 'dmn', decisionKey }
  condition jsonb NOT NULL DEFAULT '{"kind":"always"}'::jsonb,
  -- [{ type: 'create-case' | 'create-task' | 'set-fields' | 'assign' | 'route' | 'notify' | 'webhook'
  --    | 'start-process' | 'add-tag' | 'call-connector', … }]
  actions jsonb NOT NULL,
  -- How many times the rule may run again on one subject within one chain of rule-caused changes.
  loop_limit int NOT NULL DEFAULT 3 CHECK (loop_limit BETWEEN 1 AND 20),
  current_version int NOT NULL DEFAULT 1,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  enabled_at timestamptz,
  deleted_at timestamptz,
  -- Optimistic concurrency (ETag / If-Match).
  version int NOT NULL DEFAULT 1
);
CREATE INDEX rule_enabled_trigger_idx ON automation.rule (trigger_kind) WHERE enabled AND deleted_at IS NULL;

CREATE TABLE automation.rule_version (
  rule_id uuid NOT NULL REFERENCES automation.rule (id),
  version int NOT NULL,
  name text NOT NULL,
  trigger jsonb NOT NULL,
  condition jsonb NOT NULL,
  actions jsonb NOT NULL,
  loop_limit int NOT NULL,
  department_ids uuid[] NOT NULL,
  saved_by uuid NOT NULL,
  saved_at timestamptz NOT NULL,
  PRIMARY KEY (rule_id, version)
);

-- One run of one rule on one subject (a case, a record, or nothing for a schedule): what it did,
-- action by action. A time-triggered run carries its occurrence ('2027-01-07' for the birthday of
-- that year): the unique index makes it happen once per record and date, whatever runs it.
CREATE TABLE automation.run (
  id uuid PRIMARY KEY,
  rule_id uuid NOT NULL REFERENCES automation.rule (id),
  rule_version int NOT NULL,
  trigger_kind text NOT NULL,
  -- The event or date that triggered the run: 'case.status-changed', 'date:birthday', 'schedule' …
  trigger_detail text,
  subject_type text NOT NULL CHECK (subject_type IN ('case', 'record', 'none')),
  subject_id uuid,
  occurrence text,
  status text NOT NULL CHECK (status IN ('succeeded', 'failed', 'skipped', 'loop-stopped')),
  -- Why skipped / failed / stopped, in words (never a field value).
  detail text,
  -- [{ index, type, status: 'done' | 'failed' | 'refused' | 'skipped', result?: {…ids}, error? }]
  actions jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Position in a chain of rule-caused changes (0 = started by a person or a date).
  depth int NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE UNIQUE INDEX run_occurrence_idx ON automation.run (rule_id, subject_id, occurrence) WHERE occurrence IS NOT NULL;
CREATE INDEX run_rule_idx ON automation.run (rule_id, started_at DESC);
CREATE INDEX run_subject_idx ON automation.run (subject_id, started_at DESC) WHERE subject_id IS NOT NULL;

-- Date triggers: the last business day each date rule has been scanned through, so a scan
-- missed while no process ran is caught up (a day is scanned once; each due record runs once).
CREATE TABLE automation.date_scan (
  rule_id uuid PRIMARY KEY REFERENCES automation.rule (id),
  scanned_through date NOT NULL,
  updated_at timestamptz NOT NULL
);

--   automation:read   rules, their versions and run history
--   automation:admin  design, dry-run, enable and disable rules
UPDATE access.role SET permissions = permissions || '[{"action":"automation:read"},{"action":"automation:admin"}]'::jsonb, updated_at = now()
 WHERE key = 'admin' AND NOT permissions @> '[{"action":"automation:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"automation:read"}]'::jsonb, updated_at = now()
 WHERE key IN ('supervisor', 'auditor') AND NOT permissions @> '[{"action":"automation:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"automation:admin"},{"action":"automation:read"}]'::jsonb, updated_at = now()
 WHERE key = 'system-seed' AND NOT permissions @> '[{"action":"automation:admin"}]'::jsonb;

-- Rules act as system:automation on behalf of their owner; the engine also checks each action
-- against the owner's own policy, so a rule never does what its owner could not.
INSERT INTO access.role (key, name, description, builtin, permissions) VALUES
('system-automation', '自动化规则 Automation', 'Runs automation rules: creates cases and follow-up tasks, sets fields, assigns, tags, notifies, starts processes', true,
 '[{"action":"case:read","fields":{"*":"masked"}},{"action":"case:create"},{"action":"case:update"},{"action":"case:assign"},{"action":"case:comment"},{"action":"process:start"},{"action":"task:external"},{"action":"record:read","fields":{"*":"masked"}},{"action":"record:create"},{"action":"record:update"},{"action":"automation:read"},{"action":"decision:evaluate"}]')
ON CONFLICT (key) DO NOTHING;
INSERT INTO access.user (id, username, display_name, password_hash, roles, kind) VALUES
(gen_random_uuid(), 'system:automation', '自动化规则 Automation', NULL, '{system-automation}', 'system')
ON CONFLICT (username) DO NOTHING;
