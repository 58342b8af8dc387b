-- docket:no-transaction
-- Why: a branch agent's queue page is (department_id = ANY(…)) OR (own cases) within a queue,
-- sorted by due date; without this the planner walked the whole queue in due order and threw
-- rows away (1.8× the unrestricted page; bench/results/access-index-check.md).
CREATE INDEX CONCURRENTLY IF NOT EXISTS case_department_queue_due_idx ON cases.case (department_id, queue, due_at, id) WHERE status IN ('new', 'open', 'pending')
