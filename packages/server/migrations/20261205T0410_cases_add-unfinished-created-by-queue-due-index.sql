-- docket:no-transaction
-- Why: a branch agent's queue page reads "my department's, or created by me, or assigned to me"
-- unfinished cases of a queue. With the status category instead of the five statuses, the old
-- (created_by, status, …) index no longer narrows the second branch, and the planner fell back to
-- scanning the whole queue (35 ms on the largest queue of the 1,000,000-case bench, agent ÷ admin
-- p95 1.73×). This and the assignee index below restore the three-index BitmapOr (1.14×):
-- bench/results/issue-13-whatif-unfinished-owner-indexes.md.
CREATE INDEX CONCURRENTLY IF NOT EXISTS case_unfinished_created_by_queue_due_idx ON cases.case (created_by, queue, due_at, id) WHERE status_category IN ('open', 'waiting')
