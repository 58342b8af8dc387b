-- Why: issue 15's approval operations keep more on a task. `kind` tells the engine's own task of
-- a user task ('process', completing it moves the token) from a 加签 signer task beside it on the
-- same element instance ('signer', `parent_task_id` its task, `signer_position` before/after/
-- alongside) and from an external system's to-do ('external'). `owner` is who a delegated task
-- returns to (委派, or the absent user of an out-of-office rule), `delegation_state` pending or
-- resolved. The partial index serves "open tasks I own" (the delegator's and absent user's view)
-- without touching closed rows.
ALTER TABLE process.task
  ADD COLUMN kind text NOT NULL DEFAULT 'process' CHECK (kind IN ('process', 'signer', 'external')),
  ADD COLUMN parent_task_id uuid,
  ADD COLUMN signer_position text CHECK (signer_position IN ('before', 'after', 'alongside')),
  ADD COLUMN owner text,
  ADD COLUMN delegation_state text CHECK (delegation_state IN ('pending', 'resolved'));

CREATE INDEX task_open_owner_idx ON process.task (owner) WHERE state = 'open' AND owner IS NOT NULL;
