CREATE SCHEMA IF NOT EXISTS access;

-- Head office → branch → sub-branch, plus functional departments. `path` is the chain of
-- ids from the root, so "department subtree" is one index range scan (path LIKE '/hq/%').
CREATE TABLE access.department (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('head-office', 'branch', 'sub-branch', 'functional')),
  parent_id uuid REFERENCES access.department (id),
  path text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX department_path_idx ON access.department (path text_pattern_ops);

CREATE TABLE access.user (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text,
  department_id uuid REFERENCES access.department (id),
  roles text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_login_count int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Sessions and API tokens are stored as SHA-256 of a 256-bit random secret: the secret
-- has full entropy, so a slow hash adds nothing, and lookup stays one index probe.
CREATE TABLE access.session (
  id uuid PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES access.user (id),
  client_ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX session_user_idx ON access.session (user_id);

CREATE TABLE access.api_token (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES access.user (id),
  scopes text[] NOT NULL,
  created_by uuid NOT NULL REFERENCES access.user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_token_user_idx ON access.api_token (user_id);
