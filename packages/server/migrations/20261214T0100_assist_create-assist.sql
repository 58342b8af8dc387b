-- Private intelligence (issue 22): prefill a case from the customer's words, suggest where it
-- goes, inspect the quality of handled cases. Everything runs on the bank's own servers; these
-- tables hold what a regulator or a model owner asks afterwards: which model suggested what,
-- from where in the text, and whether the agent took it. No table here holds personal data in
-- clear: a suggested value is kept only for fields without a data class (a category, a product).
CREATE SCHEMA IF NOT EXISTS assist;

-- Classifier models installed by `docket assist train` (without --out) or the API. The shipped
-- models are trained from the shipped data at first use and are not stored here; an installed
-- model for a label replaces the shipped one for that label. One active model per label.
CREATE TABLE assist.model (
  id uuid PRIMARY KEY,
  -- The label it predicts: caseType, category, product, topic, urgency, emotion, or a bank's own.
  label text NOT NULL CHECK (label ~ '^[A-Za-z][A-Za-z0-9_.-]{0,62}$'),
  -- '<label>@<algorithm>-<hash of the artifact, 12 hex>': recorded with every suggestion.
  version text NOT NULL UNIQUE,
  algorithm text NOT NULL,
  classes jsonb NOT NULL,
  -- { rows, accuracy?, macroF1?, trainedSeconds, source: 'file' | 'cases' }
  metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
  artifact bytea NOT NULL,
  active boolean NOT NULL DEFAULT true,
  installed_by text NOT NULL,
  installed_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX model_active_label_idx ON assist.model (label) WHERE active;

-- Assistance per case type: on or off, per field on or off, confidence thresholds, and which
-- label predicts a field when it is not the field's own key. A case type without a row uses
-- the defaults (on, threshold 0.5).
CREATE TABLE assist.setting (
  case_type_key text PRIMARY KEY,
  enabled boolean NOT NULL DEFAULT true,
  -- 0..1; a suggestion below its field's threshold is not made.
  threshold real NOT NULL DEFAULT 0.5 CHECK (threshold >= 0 AND threshold <= 1),
  -- { "<field key>": { "enabled": bool, "threshold"?: number, "label"?: string } }
  fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Seconds an agent spends typing a field by hand, for the time-saved report.
  seconds_per_field int NOT NULL DEFAULT 20 CHECK (seconds_per_field BETWEEN 0 AND 3600),
  version int NOT NULL DEFAULT 1,
  updated_by uuid,
  updated_at timestamptz NOT NULL
);

-- One prefill: who asked, for which case type, by which path, with which models. The text is
-- not kept (it is the customer's words); its length is.
CREATE TABLE assist.prefill (
  id uuid PRIMARY KEY,
  case_type_key text NOT NULL,
  channel text,
  requested_by uuid NOT NULL,
  department_id uuid,
  requested_at timestamptz NOT NULL,
  -- builtin | llm | llm-fallback (the LLM failed or timed out and the built-in path answered)
  path text NOT NULL CHECK (path IN ('builtin', 'llm', 'llm-fallback')),
  model_versions jsonb NOT NULL DEFAULT '[]'::jsonb,
  text_length int NOT NULL,
  duration_ms int NOT NULL,
  -- The case created from it, once the outcomes are recorded.
  case_id uuid,
  outcomes_recorded_at timestamptz
);
CREATE INDEX prefill_report_idx ON assist.prefill (case_type_key, requested_at);

-- Each suggested value: field, model version, confidence, the span it came from, and what the
-- agent did with it. `value` only for fields without a data class.
CREATE TABLE assist.suggestion (
  prefill_id uuid NOT NULL REFERENCES assist.prefill (id),
  field_key text NOT NULL,
  -- classifier | entity | llm
  source_kind text NOT NULL CHECK (source_kind IN ('classifier', 'entity', 'llm')),
  model_version text NOT NULL,
  confidence real NOT NULL,
  span_start int NOT NULL,
  span_end int NOT NULL,
  value text,
  outcome text CHECK (outcome IN ('accepted', 'changed', 'rejected')),
  outcome_at timestamptz,
  PRIMARY KEY (prefill_id, field_key)
);

-- Every call to the bank's own LLM, without the prompt or the answer (they carry the
-- customer's words): when, how long, how it ended, how many values were masked.
CREATE TABLE assist.llm_call (
  id uuid PRIMARY KEY,
  prefill_id uuid,
  purpose text NOT NULL,
  model text,
  started_at timestamptz NOT NULL,
  duration_ms int NOT NULL,
  -- ok | timeout | error | invalid (the answer broke the schema) | refused (grounding dropped every value)
  outcome text NOT NULL CHECK (outcome IN ('ok', 'timeout', 'error', 'invalid', 'refused')),
  http_status int,
  masked_values int NOT NULL DEFAULT 0,
  values_dropped int NOT NULL DEFAULT 0
);
CREATE INDEX llm_call_started_idx ON assist.llm_call (started_at DESC);

-- Quality inspection of handled cases: one inspection per run (on closing, or asked for), and
-- one row per finding. Findings name the check and where (a comment id), never the words.
CREATE TABLE assist.quality_inspection (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL,
  case_type_key text NOT NULL,
  department_id uuid,
  -- closed | manual
  trigger text NOT NULL CHECK (trigger IN ('closed', 'manual')),
  inspected_by text NOT NULL,
  inspected_at timestamptz NOT NULL,
  model_version text NOT NULL,
  finding_count int NOT NULL,
  -- Only the latest inspection of a case is current; earlier ones stay for the record.
  current boolean NOT NULL DEFAULT true
);
CREATE UNIQUE INDEX quality_inspection_current_idx ON assist.quality_inspection (case_id) WHERE current;
CREATE INDEX quality_inspection_list_idx ON assist.quality_inspection (inspected_at DESC) WHERE current AND finding_count > 0;

CREATE TABLE assist.quality_finding (
  inspection_id uuid NOT NULL REFERENCES assist.quality_inspection (id),
  seq int NOT NULL,
  -- missing-disclosure | forbidden-promise | rude-reply | unanswered-question | missed-deadline
  check_key text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  -- { commentId?, rule?, phrase? (a fixed phrase of the rule, never the customer's words), target? }
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  confidence real NOT NULL DEFAULT 1,
  PRIMARY KEY (inspection_id, seq)
);
CREATE INDEX quality_finding_check_idx ON assist.quality_finding (check_key);

--   assist:use      prefill a new case, dispatch suggestions, record what was accepted
--   assist:quality  read quality findings (on the case, the supervisor's list) and inspect again
--   assist:report   the accuracy, adoption and time-saved report
--   assist:admin    assistance per case type and field, thresholds, installed models
UPDATE access.role SET permissions = permissions || '[{"action":"assist:use"},{"action":"assist:quality"},{"action":"assist:report"},{"action":"assist:admin"}]'::jsonb, updated_at = now()
 WHERE key = 'admin' AND NOT permissions @> '[{"action":"assist:use"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"assist:use"},{"action":"assist:quality"},{"action":"assist:report"}]'::jsonb, updated_at = now()
 WHERE key = 'supervisor' AND NOT permissions @> '[{"action":"assist:use"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"assist:use"}]'::jsonb, updated_at = now()
 WHERE key IN ('agent', 'intake') AND NOT permissions @> '[{"action":"assist:use"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"assist:quality"},{"action":"assist:report"}]'::jsonb, updated_at = now()
 WHERE key = 'auditor' AND NOT permissions @> '[{"action":"assist:quality"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"assist:report"}]'::jsonb, updated_at = now()
 WHERE key = 'analyst' AND NOT permissions @> '[{"action":"assist:report"}]'::jsonb;
