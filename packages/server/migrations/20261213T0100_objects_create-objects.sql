-- Custom objects (issue 21): records beside cases that an administrator models without code —
-- 客户 customer, 账户 account, 理财产品 wealth product, 持仓 holding — with typed fields, the same
-- data classes, encryption, masking and record policy as cases, typed relations, and an audit
-- trail in the ledger.
CREATE SCHEMA IF NOT EXISTS objects;

-- An object type. Its fields and layout are the current version's (object_type_version keeps
-- every saved one); a record stays valid against the version it was last written with.
CREATE TABLE objects.object_type (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9-]{1,39}$'),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  description text,
  -- Record numbers: prefix + a per-type counter (CUS-000123).
  number_prefix text NOT NULL CHECK (number_prefix ~ '^[A-Z][A-Z0-9]{0,7}$'),
  next_number bigint NOT NULL DEFAULT 1,
  -- The field whose value is a record's display name (客户姓名); may be of a data class, then the
  -- display name is masked like the field.
  display_field text NOT NULL,
  -- 'customer': the one type the customer 360° view and the case's customer panel are built on
  -- (a case's customer.id matches a record's external_id). Other types: 'standard'.
  role text NOT NULL DEFAULT 'standard' CHECK (role IN ('standard', 'customer')),
  -- [{ key, type, label: {zh-CN, en-US}, required, dataClass, options, referenceTo, validate, … }]
  fields jsonb NOT NULL,
  -- The record form's layout: sections of field keys; the list's columns.
  layout jsonb NOT NULL DEFAULT '{}'::jsonb,
  current_version int NOT NULL DEFAULT 1,
  archived_at timestamptz,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Optimistic concurrency (ETag / If-Match).
  version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX object_type_one_customer_idx ON objects.object_type (role) WHERE role = 'customer' AND archived_at IS NULL;

CREATE TABLE objects.object_type_version (
  type_id uuid NOT NULL REFERENCES objects.object_type (id),
  version int NOT NULL,
  fields jsonb NOT NULL,
  layout jsonb NOT NULL,
  display_field text NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (type_id, version)
);

-- A typed relation between two object types, or from an object type to cases.
-- one-to-many: a record of from_type has many of to_type (a customer's accounts); each to-record
-- has at most one from-record through it. many-to-many: any number both ways.
CREATE TABLE objects.relation (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9-]{1,39}$'),
  from_type_id uuid NOT NULL REFERENCES objects.object_type (id),
  -- NULL when to_kind = 'case'.
  to_type_id uuid REFERENCES objects.object_type (id),
  to_kind text NOT NULL CHECK (to_kind IN ('object', 'case')),
  cardinality text NOT NULL CHECK (cardinality IN ('one-to-many', 'many-to-many')),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  inverse_name_zh text NOT NULL,
  inverse_name_en text NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deleted_at timestamptz,
  CHECK ((to_kind = 'case') = (to_type_id IS NULL))
);

-- A record. Fields of a data class are sealed at rest (bound to record and field, like case
-- fields) and blind-indexed in sensitive_index for equality search; the policy columns mirror
-- cases.case so the same compiled record policy renders to SQL on both.
CREATE TABLE objects.record (
  id uuid PRIMARY KEY,
  type_id uuid NOT NULL REFERENCES objects.object_type (id),
  type_key text NOT NULL,
  -- The type version the record was last validated against.
  type_version int NOT NULL,
  number text NOT NULL UNIQUE,
  -- The display field's value; sealed when that field is of a data class.
  display_name text NOT NULL,
  fields jsonb NOT NULL DEFAULT '{}'::jsonb,
  sensitive_index text[] NOT NULL DEFAULT '{}',
  -- Words of the non-sensitive text fields and the number, for ?q= search.
  search_text text NOT NULL DEFAULT '',
  -- The record in another system (CRM, core banking): upsert and lookup by (type, source id).
  external_id text,
  tags text[] NOT NULL DEFAULT '{}',
  sensitivity text NOT NULL DEFAULT 'normal' CHECK (sensitivity IN ('normal', 'confidential', 'secret')),
  department_id uuid REFERENCES access.department (id),
  -- The person responsible (a customer's relationship manager): 'own' scope matches it, as a case's assignee.
  owner_id uuid REFERENCES access.user (id),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deleted_at timestamptz,
  -- Optimistic concurrency (ETag / If-Match).
  version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX record_external_idx ON objects.record (type_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX record_type_updated_idx ON objects.record (type_id, updated_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX record_department_idx ON objects.record (type_id, department_id, updated_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX record_owner_idx ON objects.record (owner_id) WHERE owner_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX record_sensitive_idx ON objects.record USING gin (sensitive_index);
CREATE INDEX record_search_trgm_idx ON objects.record USING gin (search_text gin_trgm_ops);

-- The record's date fields, one row per (record, field), kept in the writing transaction: time
-- triggers ("7 days before birthday", "3 days before maturity") find the day's due records by
-- index, never by reading every record. month_day = month * 100 + day, for yearly dates.
CREATE TABLE objects.record_date (
  record_id uuid NOT NULL REFERENCES objects.record (id) ON DELETE CASCADE,
  type_id uuid NOT NULL,
  field_key text NOT NULL,
  value date NOT NULL,
  month_day smallint NOT NULL,
  PRIMARY KEY (record_id, field_key)
);
CREATE INDEX record_date_value_idx ON objects.record_date (type_id, field_key, value);
CREATE INDEX record_date_month_day_idx ON objects.record_date (type_id, field_key, month_day);

-- A link through a relation: record → record, or record → case. Queryable both ways.
CREATE TABLE objects.record_link (
  relation_id uuid NOT NULL REFERENCES objects.relation (id),
  from_record_id uuid NOT NULL REFERENCES objects.record (id),
  to_record_id uuid REFERENCES objects.record (id),
  to_case_id uuid,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK ((to_record_id IS NULL) <> (to_case_id IS NULL))
);
CREATE UNIQUE INDEX record_link_record_idx ON objects.record_link (relation_id, from_record_id, to_record_id) WHERE to_record_id IS NOT NULL;
CREATE UNIQUE INDEX record_link_case_idx ON objects.record_link (relation_id, from_record_id, to_case_id) WHERE to_case_id IS NOT NULL;
CREATE INDEX record_link_to_record_idx ON objects.record_link (to_record_id, relation_id) WHERE to_record_id IS NOT NULL;
CREATE INDEX record_link_to_case_idx ON objects.record_link (to_case_id) WHERE to_case_id IS NOT NULL;

-- A CSV/XLSX import: previewed, then run in one transaction per its mode; the per-row report kept.
CREATE TABLE objects.import (
  id uuid PRIMARY KEY,
  type_id uuid NOT NULL REFERENCES objects.object_type (id),
  -- all-or-nothing: one bad row imports nothing; valid-rows: the valid rows in one transaction.
  mode text NOT NULL CHECK (mode IN ('all-or-nothing', 'valid-rows')),
  -- insert: every row a new record; upsert: by external id.
  action text NOT NULL DEFAULT 'insert' CHECK (action IN ('insert', 'upsert')),
  status text NOT NULL CHECK (status IN ('previewed', 'imported', 'rejected')),
  file_name text NOT NULL,
  total_rows int NOT NULL,
  imported_rows int NOT NULL DEFAULT 0,
  failed_rows int NOT NULL DEFAULT 0,
  -- [{ row, field, reason }] (never a value: a bad value may be personal data)
  errors jsonb NOT NULL DEFAULT '[]'::jsonb,
  mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX import_type_idx ON objects.import (type_id, created_at DESC);

-- Actions (record policy: same scopes, types = object type keys, fields, data classes as cases):
--   object-type:admin  design object types, relations, layouts
--   record:read        list, search and read records (and the customer 360°) the policy reaches
--   record:create      create records (and link them)
--   record:update      change records and their links
--   record:delete      delete (soft) records
--   record:import      CSV/XLSX imports and upserts
--   record:unmask      reveal a masked value of a record, with a reason (audited)
UPDATE access.role SET permissions = permissions ||
  '[{"action":"object-type:admin"},{"action":"record:read","scope":"all"},{"action":"record:create","scope":"all"},{"action":"record:update","scope":"all"},{"action":"record:delete","scope":"all"},{"action":"record:import","scope":"all"},{"action":"record:unmask","scope":"all"}]'::jsonb,
  updated_at = now()
 WHERE key = 'admin' AND NOT permissions @> '[{"action":"object-type:admin"}]'::jsonb;
UPDATE access.role SET permissions = permissions ||
  '[{"action":"record:read","scope":"subtree"},{"action":"record:create","scope":"subtree"},{"action":"record:update","scope":"subtree"},{"action":"record:import","scope":"subtree"},{"action":"record:unmask","scope":"subtree"}]'::jsonb,
  updated_at = now()
 WHERE key = 'supervisor' AND NOT permissions @> '[{"action":"record:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions ||
  '[{"action":"record:read","scope":"subtree"},{"action":"record:create","scope":"department"},{"action":"record:update","scope":"department"}]'::jsonb,
  updated_at = now()
 WHERE key = 'agent' AND NOT permissions @> '[{"action":"record:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"record:read","scope":"all","fields":{"*":"masked"}}]'::jsonb, updated_at = now()
 WHERE key = 'auditor' AND NOT permissions @> '[{"action":"record:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"record:read","scope":"all","fields":{"*":"masked"}}]'::jsonb, updated_at = now()
 WHERE key = 'analyst' AND NOT permissions @> '[{"action":"record:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions ||
  '[{"action":"object-type:admin"},{"action":"record:read"},{"action":"record:create"},{"action":"record:update"},{"action":"record:import"}]'::jsonb,
  updated_at = now()
 WHERE key = 'system-seed' AND NOT permissions @> '[{"action":"object-type:admin"}]'::jsonb;
