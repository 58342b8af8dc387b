CREATE SCHEMA IF NOT EXISTS cases;

CREATE TABLE cases.case_type (
  key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9-]{1,62}$'),
  current_version int NOT NULL,
  prefix text NOT NULL UNIQUE CHECK (prefix ~ '^[A-Z]{2,6}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every saved schema is a new version; a case keeps the version it was created with.
CREATE TABLE cases.case_type_version (
  key text NOT NULL REFERENCES cases.case_type (key),
  version int NOT NULL,
  name text NOT NULL,
  description text,
  schema jsonb NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (key, version)
);

-- Case numbers come from one sequence per prefix: a sequence never blocks a concurrent
-- create (a counter row would serialise them). A rolled-back create leaves a gap.
CREATE TABLE cases.case (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE,
  type_key text NOT NULL,
  type_version int NOT NULL,
  title text NOT NULL,
  status text NOT NULL CHECK (status IN ('new', 'open', 'pending', 'resolved', 'closed')),
  priority text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  channel text,
  customer jsonb,
  customer_ref text,
  fields jsonb NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  external_source text,
  external_id text,
  assignee_id uuid,
  queue text,
  department_id uuid,
  due_at timestamptz,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  resolved_at timestamptz,
  closed_at timestamptz,
  version int NOT NULL DEFAULT 1,
  FOREIGN KEY (type_key, type_version) REFERENCES cases.case_type_version (key, version)
);
CREATE UNIQUE INDEX case_external_id_idx ON cases.case (external_source, external_id) WHERE external_id IS NOT NULL;
-- Default list order (newest first) and keyset pagination on it.
CREATE INDEX case_created_idx ON cases.case (created_at DESC, id DESC);
-- The queue page: open work of a queue, soonest due first.
CREATE INDEX case_queue_due_idx ON cases.case (queue, due_at, id) WHERE status IN ('new', 'open', 'pending');
CREATE INDEX case_assignee_idx ON cases.case (assignee_id, status, created_at DESC);
CREATE INDEX case_department_idx ON cases.case (department_id, status, created_at DESC);
CREATE INDEX case_type_status_idx ON cases.case (type_key, status, created_at DESC);
CREATE INDEX case_status_created_idx ON cases.case (status, created_at DESC);
CREATE INDEX case_customer_idx ON cases.case (customer_ref) WHERE customer_ref IS NOT NULL;
CREATE INDEX case_tags_idx ON cases.case USING gin (tags);
CREATE INDEX case_title_trgm_idx ON cases.case USING gin (title gin_trgm_ops);

CREATE TABLE cases.comment (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases.case (id),
  body text NOT NULL,
  visibility text NOT NULL CHECK (visibility IN ('internal', 'public')),
  author_id uuid NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX comment_case_idx ON cases.comment (case_id, created_at);

-- Content-addressed: the same file attached twice is stored once.
CREATE TABLE cases.blob (
  sha256 text PRIMARY KEY,
  size_bytes bigint NOT NULL,
  content bytea NOT NULL
);

CREATE TABLE cases.attachment (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases.case (id),
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL REFERENCES cases.blob (sha256),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX attachment_case_idx ON cases.attachment (case_id, created_at);

CREATE TABLE cases.case_link (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases.case (id),
  linked_case_id uuid NOT NULL REFERENCES cases.case (id),
  kind text NOT NULL CHECK (kind IN ('relates-to', 'duplicates', 'parent-of', 'child-of', 'caused-by')),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (case_id, linked_case_id, kind),
  CHECK (case_id <> linked_case_id)
);
CREATE INDEX case_link_linked_idx ON cases.case_link (linked_case_id);

CREATE TABLE cases.watcher (
  case_id uuid NOT NULL REFERENCES cases.case (id),
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX watcher_user_idx ON cases.watcher (user_id);
