-- docket:no-transaction
-- Why: case_department_open_created_idx (a department's open cases, newest first) on the status
-- category, so it covers every lifecycle.
CREATE INDEX CONCURRENTLY IF NOT EXISTS case_unfinished_department_created_idx ON cases.case (department_id, created_at DESC, id DESC) WHERE status_category IN ('open', 'waiting')
