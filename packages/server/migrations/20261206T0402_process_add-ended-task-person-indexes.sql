-- Why: GET /api/v1/tasks?state=completed lists the tasks one held or completed; without these it
-- scans every completed task kept until retention.
CREATE INDEX task_ended_assignee_idx ON process.task (assignee, completed_at) WHERE state <> 'open' AND assignee IS NOT NULL;
CREATE INDEX task_ended_completed_by_idx ON process.task (completed_by, completed_at) WHERE state <> 'open' AND completed_by IS NOT NULL;
