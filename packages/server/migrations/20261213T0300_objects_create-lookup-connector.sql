-- A lookup connector (issue 21): fetches one record of an object type from the system that owns
-- it (CRM, core banking) by its external id, on demand. One per object type. The header secret
-- (an API key the source system asks for) is sealed with the key ring, bound to the type, and
-- never shown again; the mapping says which JSON path of the answer fills which record field.
CREATE TABLE objects.lookup_connector (
  type_id uuid PRIMARY KEY REFERENCES objects.object_type (id),
  -- https://crm.bank/customers/{externalId}: the id is percent-encoded into the one placeholder.
  url_template text NOT NULL,
  header_name text,
  header_secret_sealed text,
  timeout_ms int NOT NULL DEFAULT 5000 CHECK (timeout_ms BETWEEN 100 AND 60000),
  -- [{ path: '$.name', field: 'name' }] plus the record's own targets (tags, ownerId, departmentId).
  mapping jsonb NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  version int NOT NULL DEFAULT 1
);
