-- Issue 15: GET /api/v1/tasks?assignee=me, the to-do list (modules/process/tasks/todo-store.ts),
-- at 1,000,000 open tasks. It is a UNION ALL of two branches, each read in list order and cut
-- after one page, then merged:
--   (a) assigned to me: this index, equality on assignee then the list order (the expressions
--       of 20261206T0401, which the query repeats: change both together), so the page is the
--       first rows of one index range, however many tasks others hold;
--   (b) unassigned and claimable by me: the GIN indexes below, on unassigned open tasks only
--       (claimed tasks keep their candidates, and would otherwise fill every lookup), then a
--       top-n sort of what one person may claim.
-- The index (assignee, due_at) of the process tables serves nothing (a) does not: dropped, one
-- index less for every task write.
CREATE INDEX task_open_assignee_order_idx ON process.task (assignee, (-priority), (COALESCE(due_at, 'infinity'::timestamptz)), created_at, id)
  WHERE state = 'open' AND assignee IS NOT NULL;
DROP INDEX process.task_open_assignee_idx;
CREATE INDEX task_open_unassigned_candidate_users_idx ON process.task USING gin (candidate_users) WHERE state = 'open' AND assignee IS NULL;
CREATE INDEX task_open_unassigned_candidate_groups_idx ON process.task USING gin (candidate_groups) WHERE state = 'open' AND assignee IS NULL;

-- Why: view=done (已办), newest first: what I completed, and what was mine when it ended.
CREATE INDEX task_ended_completed_by_order_idx ON process.task (completed_by, (COALESCE(completed_at, created_at)) DESC, id DESC)
  WHERE state <> 'open' AND completed_by IS NOT NULL;
CREATE INDEX task_ended_assignee_order_idx ON process.task (assignee, (COALESCE(completed_at, created_at)) DESC, id DESC)
  WHERE state <> 'open' AND assignee IS NOT NULL;
-- These two lead with the same column under the same predicate as those of 20261206T0402, so they
-- serve state=completed|canceled lists as well (assignee = / completed_by = lookups): those go.
DROP INDEX process.task_ended_assignee_idx;
DROP INDEX process.task_ended_completed_by_idx;

-- Why: view=started (我发起的): the running instances I started.
CREATE INDEX instance_running_started_by_idx ON process.instance (started_by) WHERE ended_at IS NULL AND started_by IS NOT NULL;
