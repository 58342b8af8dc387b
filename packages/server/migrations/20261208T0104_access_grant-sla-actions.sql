-- SLA actions (issue 16): calendar:read (calendars and business-time arithmetic) for every role
-- that handles cases; sla:read (the supervisor's board and the on-time report) for supervisors
-- and auditors; sla:admin (calendars, policies, regulatory packs) for administrators.
UPDATE access.role SET permissions = permissions || '[{"action":"calendar:read"},{"action":"sla:read"},{"action":"sla:admin"}]'::jsonb, updated_at = now()
 WHERE key = 'admin' AND NOT permissions @> '[{"action":"sla:admin"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"calendar:read"},{"action":"sla:read"}]'::jsonb, updated_at = now()
 WHERE key IN ('supervisor', 'auditor') AND NOT permissions @> '[{"action":"sla:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"calendar:read"}]'::jsonb, updated_at = now()
 WHERE key = 'agent' AND NOT permissions @> '[{"action":"calendar:read"}]'::jsonb;
-- The SLA scheduler starts escalation processes, routes a step's task to a higher-level reviewer
-- and reads the calendars of the clocks it fires.
UPDATE access.role SET permissions = permissions || '[{"action":"calendar:read"},{"action":"process:start"},{"action":"process:admin"}]'::jsonb, updated_at = now()
 WHERE key = 'system-sla' AND NOT permissions @> '[{"action":"calendar:read"}]'::jsonb;
