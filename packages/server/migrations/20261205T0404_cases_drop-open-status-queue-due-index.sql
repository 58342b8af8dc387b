-- docket:no-transaction
-- Replaced by case_unfinished_queue_due_idx: list queries filter unfinished cases by category.
DROP INDEX CONCURRENTLY IF EXISTS cases.case_queue_due_idx
