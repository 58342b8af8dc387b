-- docket:no-transaction
-- Why: the "own cases" record scope (created_by = me OR assignee_id = me) had no index on
-- created_by; with this each scope clause is an index lookup the planner can OR together.
CREATE INDEX CONCURRENTLY IF NOT EXISTS case_created_by_idx ON cases.case (created_by, status, created_at DESC)
