-- Issue 15: out-of-office delegation rules. While a rule is active (starts_at <= now < ends_at,
-- not revoked), a task given to `user_id` goes to `delegate_id` instead (owner = user_id),
-- for every process or only those in `process_keys` (null: all).
CREATE TABLE process.out_of_office (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  delegate_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  process_keys text[],
  reason text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK (ends_at > starts_at),
  CHECK (delegate_id <> user_id),
  CHECK (process_keys IS NULL OR cardinality(process_keys) > 0)
);
-- Why: "is this assignee away now?" on every task assignment, and a person's own rules.
CREATE INDEX out_of_office_user_idx ON process.out_of_office (user_id, ends_at) WHERE revoked_at IS NULL;
