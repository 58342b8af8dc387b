-- docket:no-transaction
-- Why: the same page over all statuses, and branch users' record scope (department_id = ANY(...))
-- sorted by creation; replaces a scan of the whole created_at index.
CREATE INDEX CONCURRENTLY IF NOT EXISTS case_department_created_idx ON cases.case (department_id, created_at DESC, id DESC)
