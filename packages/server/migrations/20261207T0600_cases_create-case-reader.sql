-- Issue 15 (抄送 carbon copy): a read grant on one case for one person, without a task. The case
-- policy honours it beside the roles' permissions (access/policy.ts `caseIds`): the copied person
-- reads the case, its process instance and its tasks, with sensitive fields masked. One row per
-- (case, person): copying someone again keeps the first grant; the audit ledger keeps every copy.
CREATE TABLE cases.case_reader (
  case_id uuid NOT NULL REFERENCES cases.case (id),
  user_id uuid NOT NULL,
  reason text NOT NULL,
  -- The task the copy was made from (null for a grant made some other way).
  task_id uuid,
  granted_by text NOT NULL,
  granted_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, user_id)
);
-- Why: the principal of every request reads its grants by user.
CREATE INDEX case_reader_user_idx ON cases.case_reader (user_id, case_id);
