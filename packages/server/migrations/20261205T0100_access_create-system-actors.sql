-- Named system actors act without a person at a keyboard: the SLA scheduler, the process
-- engine, message consumers (system:ingest:<source>, one per source) and the demo seed. They
-- are rows of access.user of kind 'system', so every reference to a user (created_by, an
-- assignee, the audit event's actor) holds and names them; and what they may do is roles like
-- anyone's: listed below, changed only through the audited role and user edits. They never
-- sign in: no password, and a person's username cannot contain ':' (the API's pattern).
ALTER TABLE access.user ADD COLUMN kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'system'));
ALTER TABLE access.user ADD CONSTRAINT user_system_actor_shape
  CHECK ((kind = 'system') = (username LIKE 'system:%') AND (kind = 'person' OR password_hash IS NULL));

INSERT INTO access.role (key, name, description, builtin, permissions) VALUES
('system-seed', '演示数据 Demo seed', 'Creates the demo case types and walks demo cases through their lifecycle', true,
 '[{"action":"case-type:admin"},{"action":"case:create"},{"action":"case:read"},{"action":"case:update"},{"action":"case:assign"},
   {"action":"case:close"},{"action":"case:comment"}]'),
('system-sla', '时限引擎 SLA scheduler', 'Escalates overdue cases: raises priority, reassigns, transfers, notes why', true,
 '[{"action":"case:read"},{"action":"case:update"},{"action":"case:assign"},{"action":"case:transfer"},{"action":"case:comment"}]'),
('system-process', '流程引擎 Process engine', 'Moves cases along their process: fields, status, assignment, notes', true,
 '[{"action":"case:read"},{"action":"case:update"},{"action":"case:assign"},{"action":"case:transfer"},{"action":"case:close"},
   {"action":"case:comment"}]'),
('system-ingest', '消息接入 Message ingestion', 'Creates cases from a message source and reads those it created', true,
 '[{"action":"case:create"},{"action":"case:read","scope":"own"}]')
ON CONFLICT (key) DO NOTHING;

INSERT INTO access.user (id, username, display_name, password_hash, roles, kind) VALUES
(gen_random_uuid(), 'system:seed', '演示数据 Demo seed', NULL, '{system-seed}', 'system'),
(gen_random_uuid(), 'system:sla', '时限引擎 SLA scheduler', NULL, '{system-sla}', 'system'),
(gen_random_uuid(), 'system:process', '流程引擎 Process engine', NULL, '{system-process}', 'system')
ON CONFLICT (username) DO NOTHING;
