-- docket:no-transaction
-- Why: the queue page (open work of a queue, soonest due first) of case_queue_due_idx, on the
-- status category instead of the five built-in statuses, so it covers every lifecycle.
CREATE INDEX CONCURRENTLY IF NOT EXISTS case_unfinished_queue_due_idx ON cases.case (queue, due_at, id) WHERE status_category IN ('open', 'waiting')
