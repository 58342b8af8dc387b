-- The demo seed deploys the demo's decision and process (seed/processes) before the case type
-- that names the process, and its credit cases start that process: system:seed gets those
-- grants, and no more (it does not administer instances).
UPDATE access.role SET permissions = permissions || '[{"action":"process:deploy"},{"action":"decision:deploy"},{"action":"process:start"}]'::jsonb, updated_at = now()
 WHERE key = 'system-seed' AND NOT permissions @> '[{"action":"process:deploy"}]'::jsonb;
