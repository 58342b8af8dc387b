-- docket:no-transaction
-- Why: the "assigned to me" branch of a restricted reader's queue page (see 20261205T0410).
CREATE INDEX CONCURRENTLY IF NOT EXISTS case_unfinished_assignee_queue_due_idx ON cases.case (assignee_id, queue, due_at, id) WHERE status_category IN ('open', 'waiting')
