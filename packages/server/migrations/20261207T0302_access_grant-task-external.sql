-- Issue 15: task:external lets another system push, complete and cancel its tasks in the to-do
-- list (POST /api/v1/external-tasks). An administrator holds it; an API token holds it when it
-- is given it (a token's actions are a subset of its owner's, so an administrator's token).
UPDATE access.role SET permissions = permissions || '[{"action":"task:external"}]'::jsonb, updated_at = now()
 WHERE key = 'admin' AND NOT permissions @> '[{"action":"task:external"}]'::jsonb;
