-- docket:no-transaction
-- Why: case_department_queue_due_idx (a branch agent's queue page) on the status category, so it
-- covers every lifecycle.
CREATE INDEX CONCURRENTLY IF NOT EXISTS case_unfinished_department_queue_due_idx ON cases.case (department_id, queue, due_at, id) WHERE status_category IN ('open', 'waiting')
