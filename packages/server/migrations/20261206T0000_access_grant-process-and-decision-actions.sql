-- The process engine and decisions (issue 14) bring their own actions. An administrator holds
-- them all; a supervisor reads processes and decisions and starts processes; an agent starts
-- processes and evaluates decisions; the process engine's system actor acts on any instance.
UPDATE access.role SET permissions = permissions || '[{"action":"process:read"},{"action":"process:deploy"},{"action":"process:start"},{"action":"process:admin"},{"action":"decision:read"},{"action":"decision:deploy"},{"action":"decision:evaluate"}]'::jsonb, updated_at = now()
 WHERE key = 'admin' AND NOT permissions @> '[{"action":"process:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"process:read"},{"action":"process:start"},{"action":"decision:read"},{"action":"decision:evaluate"}]'::jsonb, updated_at = now()
 WHERE key = 'supervisor' AND NOT permissions @> '[{"action":"process:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"process:start"},{"action":"decision:evaluate"}]'::jsonb, updated_at = now()
 WHERE key = 'agent' AND NOT permissions @> '[{"action":"process:start"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"process:read"},{"action":"process:start"},{"action":"process:admin"},{"action":"decision:evaluate"}]'::jsonb, updated_at = now()
 WHERE key = 'system-process' AND NOT permissions @> '[{"action":"process:admin"}]'::jsonb;
