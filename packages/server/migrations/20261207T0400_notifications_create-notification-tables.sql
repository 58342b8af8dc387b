-- Notifications (issue 15): the in-app notification centre, per-user preferences, and where and
-- in which language a user is e-mailed. A notification keeps its kind and params (names and
-- numbers only, never a case field or a comment's text); the console renders the words from its
-- own catalogue, so a notification reads in the reader's language whenever it is read.
CREATE SCHEMA IF NOT EXISTS notifications;

CREATE TABLE notifications.notification (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES access.user (id),
  kind text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  case_id uuid,
  task_id uuid,
  process_instance_id uuid,
  actor_id uuid,
  created_at timestamptz NOT NULL,
  read_at timestamptz
);

-- A user's list, newest first (uuid v7 ids sort by time), and the unread ones and their count:
-- the bell asks for the count every 30 s of every open console.
CREATE INDEX notification_user_list ON notifications.notification (user_id, id DESC);
CREATE INDEX notification_user_unread ON notifications.notification (user_id, id DESC) WHERE read_at IS NULL;

-- Only what a user changed: a kind without a row takes the defaults (notifications/preferences.ts).
CREATE TABLE notifications.preference (
  user_id uuid NOT NULL REFERENCES access.user (id),
  kind text NOT NULL,
  in_app boolean NOT NULL,
  email boolean NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- Where a user is e-mailed and in which language; no row or no address: no e-mail.
CREATE TABLE notifications.contact (
  user_id uuid PRIMARY KEY REFERENCES access.user (id),
  email text CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+$'),
  locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en-US')),
  updated_at timestamptz NOT NULL
);

-- The e-mail jobs act as a system actor of their own: it reads recipients and writes nothing
-- else, so it holds no permission.
INSERT INTO access.role (key, name, description, builtin, permissions) VALUES
('system-notifications', '通知 Notifications', 'Sends notification e-mails', true, '[]')
ON CONFLICT (key) DO NOTHING;
INSERT INTO access.user (id, username, display_name, password_hash, roles, kind) VALUES
(gen_random_uuid(), 'system:notifications', '通知 Notifications', NULL, '{system-notifications}', 'system')
ON CONFLICT (username) DO NOTHING;
