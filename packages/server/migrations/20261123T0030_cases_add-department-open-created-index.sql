-- docket:no-transaction
-- Why: a department's open-case page sorted newest first walked case_created_idx and threw away
-- ~82k rows on 1M cases (bench/results/department-index-check.md); this index returns it in order.
CREATE INDEX CONCURRENTLY IF NOT EXISTS case_department_open_created_idx ON cases.case (department_id, created_at DESC, id DESC) WHERE status IN ('new', 'open', 'pending')
