-- Issue 15 (approvals): every action taken on a task — approve, reject, return, withdraw,
-- transfer, delegate, resolve, add-signer, cc, urge, claim, unclaim, complete — one row each.
-- The task's history page, the instance's history, the done list (已办) and the urge rate limit
-- read it; the audit ledger keeps the tamper-evident copy. No foreign keys: history retention
-- deletes tasks and instances on its own schedule and the log is trimmed with them.
CREATE TABLE process.task_action (
  id uuid PRIMARY KEY,
  task_id uuid NOT NULL,
  instance_id uuid,
  case_id uuid,
  element_id text,
  action text NOT NULL,
  actor_id text NOT NULL,
  on_behalf_of text,
  target_user_id text,
  reason text,
  comment text,
  data jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL
);
-- Why: GET /tasks/{id}/actions.
CREATE INDEX task_action_task_idx ON process.task_action (task_id, at);
-- Why: GET /process-instances/{id}/actions, oldest first.
CREATE INDEX task_action_instance_idx ON process.task_action (instance_id, at) WHERE instance_id IS NOT NULL;
-- Why: the done list (已办): what I acted on, newest first.
CREATE INDEX task_action_actor_idx ON process.task_action (actor_id, at DESC);
-- Why: the urge rate limit (my last urge of this task).
CREATE INDEX task_action_urge_idx ON process.task_action (task_id, actor_id, action, at);
