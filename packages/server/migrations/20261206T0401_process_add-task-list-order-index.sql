-- Why: GET /api/v1/tasks sorts open tasks by priority (highest first), then due date (undated
-- last), then age; a process administrator's unfiltered list reads this index in order and
-- stops after one page instead of sorting every open task. The expressions are the query's own
-- (modules/process/tasks/task-store.ts): change both together.
CREATE INDEX task_open_list_order_idx ON process.task ((-priority), (COALESCE(due_at, 'infinity'::timestamptz)), created_at, id) WHERE state = 'open';
