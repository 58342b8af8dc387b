-- Routing actions (issue 17): routing:read (queues, rules, the live view of queues and agents)
-- for supervisors and administrators; routing:admin (queues, rules, agents' routing profiles) for
-- administrators. Presence and "take next" need no action of their own: every agent has them
-- for the queues they belong to.
UPDATE access.role SET permissions = permissions || '[{"action":"routing:read"},{"action":"routing:admin"}]'::jsonb, updated_at = now()
 WHERE key = 'admin' AND NOT permissions @> '[{"action":"routing:admin"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"routing:read"}]'::jsonb, updated_at = now()
 WHERE key = 'supervisor' AND NOT permissions @> '[{"action":"routing:read"}]'::jsonb;
-- The router acts as system:routing when no person's command carries it: overflow, expired offers.
INSERT INTO access.role (key, name, description, builtin, permissions) VALUES
('system-routing', '分派引擎 Router', 'Routes cases and tasks to queues and agents: assigns, transfers, raises priority', true,
 '[{"action":"case:read"},{"action":"case:update"},{"action":"case:assign"},{"action":"case:transfer"},{"action":"routing:read"}]')
ON CONFLICT (key) DO NOTHING;
INSERT INTO access.user (id, username, display_name, password_hash, roles, kind) VALUES
(gen_random_uuid(), 'system:routing', '分派引擎 Router', NULL, '{system-routing}', 'system')
ON CONFLICT (username) DO NOTHING;
-- The demo seed creates the demo queues, profiles and rules through the routing commands.
UPDATE access.role SET permissions = permissions || '[{"action":"routing:admin"}]'::jsonb, updated_at = now()
 WHERE key = 'system-seed' AND NOT permissions @> '[{"action":"routing:admin"}]'::jsonb;
