CREATE SCHEMA IF NOT EXISTS access;

-- Envelope encryption keys for sensitive fields. Each row is a 32-byte key wrapped
-- (encrypted) by the master key named in master_key_id; the master key itself lives outside
-- the database (environment, file, later a KMS). A dump of this table alone decrypts nothing.
--   purpose 'data'         seals field values; exactly one active, older ones decrypt-only.
--   purpose 'blind-index'  keys the HMAC blind index; one, never rotated by data key rotation.
CREATE TABLE access.data_key (
  key_id text PRIMARY KEY CHECK (key_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  purpose text NOT NULL DEFAULT 'data' CHECK (purpose IN ('data', 'blind-index')),
  suite text NOT NULL CHECK (suite IN ('aes-256-gcm', 'sm4-ctr+sm3-hmac')),
  wrapped_key bytea NOT NULL,
  master_key_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'decrypt-only')),
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  CHECK ((status = 'active') = (retired_at IS NULL))
);

-- At most one active key per purpose, whatever number of docket processes rotate at once.
CREATE UNIQUE INDEX data_key_one_active_idx ON access.data_key (purpose) WHERE status = 'active';
