-- Issue 15: one to-do list across systems. Another system (a core banking back office, a
-- document workflow) pushes the work it wants a person to do into process.task, so the person
-- sees it in Docket's to-do list beside process tasks; that system completes or cancels it, and
-- the console links out to it. Such a task belongs to no process instance: instance_id and
-- element_instance_id are null, and the engine (which reads tasks by instance) never sees it.
ALTER TABLE process.task
  ADD COLUMN system text,
  ADD COLUMN external_id text,
  ADD COLUMN link text,
  ADD COLUMN description text,
  ALTER COLUMN instance_id DROP NOT NULL,
  ALTER COLUMN element_instance_id DROP NOT NULL,
  -- A task is either the engine's (kind process or signer of 20261207T0100: an instance and its
  -- element instance) or a system's (kind external: the system and its id, no instance).
  ADD CONSTRAINT task_origin_check CHECK (
    (kind <> 'external' AND system IS NULL AND external_id IS NULL AND instance_id IS NOT NULL AND element_instance_id IS NOT NULL)
    OR (kind = 'external' AND system IS NOT NULL AND external_id IS NOT NULL AND instance_id IS NULL AND element_instance_id IS NULL));

-- Why: POST /external-tasks is idempotent by (system, externalId): the second push finds the first.
CREATE UNIQUE INDEX task_external_idx ON process.task (system, external_id) WHERE system IS NOT NULL;
