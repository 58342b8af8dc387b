-- docket:no-transaction
-- Replaced by case_unfinished_department_queue_due_idx.
DROP INDEX CONCURRENTLY IF EXISTS cases.case_department_queue_due_idx
