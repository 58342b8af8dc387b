-- Why: every approve, reject and complete asks for the open signer tasks (加签) of its task
-- (parent_task_id = the task, approvals/approval-store.ts). Without an index that is a scan of
-- every open task: at the bench's 1,000,000 open tasks each approval read the whole table. Signer
-- tasks are few, so the partial index is small.
CREATE INDEX task_open_parent_idx ON process.task (parent_task_id) WHERE state = 'open' AND parent_task_id IS NOT NULL;
