-- Roles are data: a role grants permissions (action, record scope, case types, tags, field rules).
CREATE TABLE access.role (
  key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  description text,
  permissions jsonb NOT NULL DEFAULT '[]',
  builtin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A user belongs to one or more departments; access.user.department_id stays the primary one.
CREATE TABLE access.user_department (
  user_id uuid NOT NULL REFERENCES access.user (id),
  department_id uuid NOT NULL REFERENCES access.department (id),
  PRIMARY KEY (user_id, department_id)
);
CREATE INDEX user_department_department_idx ON access.user_department (department_id);
INSERT INTO access.user_department (user_id, department_id)
  SELECT id, department_id FROM access.user WHERE department_id IS NOT NULL;

-- Groups gather people; a queue is a group that cases are dispatched to.
CREATE TABLE access.group (
  key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('group', 'queue')),
  department_id uuid REFERENCES access.department (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE access.group_member (
  group_key text NOT NULL REFERENCES access.group (key),
  user_id uuid NOT NULL REFERENCES access.user (id),
  PRIMARY KEY (group_key, user_id)
);
CREATE INDEX group_member_user_idx ON access.group_member (user_id);

ALTER TABLE access.department ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

INSERT INTO access.role (key, name, description, builtin, permissions) VALUES
('admin', '系统管理员 Administrator', 'Everything, everywhere; sensitive fields masked until unmasked with a reason', true,
 '[{"action":"case:read"},{"action":"case:create"},{"action":"case:update"},{"action":"case:assign"},{"action":"case:transfer"},
   {"action":"case:close"},{"action":"case:delete"},{"action":"case:comment"},{"action":"case:attach"},{"action":"case:attachment-read"},
   {"action":"case:unmask"},{"action":"case-type:admin"},{"action":"user:admin"},{"action":"audit:read"},{"action":"audit:export"},
   {"action":"token:manage"}]'),
('supervisor', '主管 Supervisor', 'Cases of the own department and everything below it', true,
 '[{"action":"case:read","scope":"subtree"},{"action":"case:create","scope":"subtree"},{"action":"case:update","scope":"subtree"},
   {"action":"case:assign","scope":"subtree"},{"action":"case:transfer","scope":"subtree"},{"action":"case:close","scope":"subtree"},
   {"action":"case:comment","scope":"subtree"},{"action":"case:attach","scope":"subtree"},{"action":"case:attachment-read","scope":"subtree"},
   {"action":"case:unmask","scope":"subtree"},{"action":"token:manage"}]'),
('agent', '坐席/经办 Agent', 'Cases of the own department, and cases one created or is assigned', true,
 '[{"action":"case:read","scope":"department"},{"action":"case:read","scope":"own"},{"action":"case:create","scope":"department"},
   {"action":"case:create","scope":"own"},{"action":"case:update","scope":"department"},{"action":"case:update","scope":"own"},
   {"action":"case:close","scope":"department"},{"action":"case:close","scope":"own"},{"action":"case:comment","scope":"department"},
   {"action":"case:comment","scope":"own"},{"action":"case:attach","scope":"department"},{"action":"case:attach","scope":"own"},
   {"action":"case:attachment-read","scope":"department"},{"action":"case:attachment-read","scope":"own"},{"action":"token:manage"}]'),
('auditor', '审计 Auditor', 'Reads every case and the audit ledger; sensitive fields masked', true,
 '[{"action":"case:read"},{"action":"case:attachment-read"},{"action":"audit:read"},{"action":"audit:export"}]'),
('intake', '接入系统 Intake system', 'Creates cases and reads those it created', true,
 '[{"action":"case:create"},{"action":"case:read","scope":"own"},{"action":"token:manage"}]'),
('marketing', '营销 Marketing', 'Reads complaints and suggestions for analysis; never sees identity numbers', true,
 '[{"action":"case:read","caseTypes":["complaint","suggestion","consultation"],"fields":{"class:resident-id":"hidden","class:bank-card":"hidden","class:account":"hidden"}}]');
