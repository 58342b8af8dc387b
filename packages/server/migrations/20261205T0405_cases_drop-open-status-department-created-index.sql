-- docket:no-transaction
-- Replaced by case_unfinished_department_created_idx.
DROP INDEX CONCURRENTLY IF EXISTS cases.case_department_open_created_idx
