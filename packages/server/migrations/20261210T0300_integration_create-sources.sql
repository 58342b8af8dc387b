-- Ingestion sources (issue 18): where alerts come from (a NATS stream, an AMQP queue, or POSTs),
-- how a message maps to a case, and what is written back. The key names the source's system actor
-- (system:ingest:<key>) and is the external_source of its cases, so it never changes.
CREATE TABLE integration.ingest_source (
  key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9-]{1,62}$' AND key NOT IN ('email', 'web-form')),
  name text NOT NULL,
  description text,
  transport text NOT NULL CHECK (transport IN ('nats', 'amqp', 'http')),
  nats jsonb,
  amqp jsonb,
  mapping jsonb NOT NULL,
  on_existing text NOT NULL DEFAULT 'ignore' CHECK (on_existing IN ('ignore', 'update')),
  -- The write-back target without its secret; the callback secret is sealed with the key ring.
  write_back jsonb,
  callback_secret text,
  active boolean NOT NULL DEFAULT true,
  -- Counters kept with one UPDATE per ingested batch.
  received bigint NOT NULL DEFAULT 0,
  created bigint NOT NULL DEFAULT 0,
  updated bigint NOT NULL DEFAULT 0,
  duplicates bigint NOT NULL DEFAULT 0,
  dead_letters bigint NOT NULL DEFAULT 0,
  last_message_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- A message that could not become a case: kept sealed (it may hold customer data) for replay.
CREATE TABLE integration.ingest_dead_letter (
  id uuid PRIMARY KEY,
  source_key text NOT NULL REFERENCES integration.ingest_source (key) ON DELETE CASCADE,
  transport text NOT NULL CHECK (transport IN ('nats', 'amqp', 'http')),
  external_id text,
  reason text NOT NULL,
  errors jsonb NOT NULL DEFAULT '[]',
  message text NOT NULL,
  -- SHA-256 of the raw message: a redelivered bad message finds its dead letter instead of adding one.
  message_digest text NOT NULL,
  received_at timestamptz NOT NULL,
  replayed_at timestamptz,
  replay_case_id uuid
);
CREATE INDEX ingest_dead_letter_by_source ON integration.ingest_dead_letter (source_key, received_at DESC, id DESC);
CREATE UNIQUE INDEX ingest_dead_letter_once ON integration.ingest_dead_letter (source_key, message_digest);
