-- Integration hub (issue 18): the schema the webhooks, ingestion sources, dead letters, mailboxes
-- and e-mail log live in (each part adds its tables in its own migration, 20261210T01xx–09xx).
CREATE SCHEMA IF NOT EXISTS integration;

-- Who wrote a comment and through which channel: a customer's e-mail or tracking-page reply is a
-- public comment of origin 'customer', written by the channel's system actor.
ALTER TABLE cases.comment
  ADD COLUMN origin text NOT NULL DEFAULT 'agent' CHECK (origin IN ('agent', 'customer', 'system')),
  ADD COLUMN channel text NOT NULL DEFAULT 'console' CHECK (channel IN ('console', 'api', 'email', 'web-form'));

-- integration:admin (webhooks, sources, dead letters, mailboxes) and integration:ingest (an http
-- source's messages) for administrators; an outside system gets integration:ingest through a role.
UPDATE access.role SET permissions = permissions || '[{"action":"integration:admin"},{"action":"integration:ingest"}]'::jsonb, updated_at = now()
 WHERE key = 'admin' AND NOT permissions @> '[{"action":"integration:admin"}]'::jsonb;

-- A message source updates the cases it created (onExisting: update) and nothing else.
UPDATE access.role SET permissions = permissions || '[{"action":"case:update","scope":"own"}]'::jsonb, updated_at = now()
 WHERE key = 'system-ingest' AND NOT permissions @> '[{"action":"case:update"}]'::jsonb;

-- The customer's own channels: an e-mail or a tracking-page reply lands on whichever case it
-- belongs to (not only those the channel opened), reopens it, and keeps its attachments.
INSERT INTO access.role (key, name, description, builtin, permissions) VALUES
('system-channel', '客户渠道 Customer channels', 'Opens cases from e-mails and the web form, adds the customer''s replies and attachments, reopens answered cases', true,
 '[{"action":"case:create"},{"action":"case:read"},{"action":"case:update"},{"action":"case:comment"},{"action":"case:attach"}]')
ON CONFLICT (key) DO NOTHING;
INSERT INTO access.user (id, username, display_name, password_hash, roles, kind) VALUES
(gen_random_uuid(), 'system:ingest:email', '电子邮件渠道 E-mail channel', NULL, '{system-channel}', 'system'),
(gen_random_uuid(), 'system:ingest:web-form', '网页表单渠道 Web form channel', NULL, '{system-channel}', 'system')
ON CONFLICT (username) DO NOTHING;

-- The seed creates the demo sources, webhooks and mailboxes through the integration commands.
UPDATE access.role SET permissions = permissions || '[{"action":"integration:admin"}]'::jsonb, updated_at = now()
 WHERE key = 'system-seed' AND NOT permissions @> '[{"action":"integration:admin"}]'::jsonb;
