-- Why: trigram indexes serve "text in title" searches on a million cases.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE SCHEMA IF NOT EXISTS platform;

-- A repeated create with the same Idempotency-Key returns the first answer.
-- The key is scoped to the principal, so two systems cannot collide.
CREATE TABLE platform.idempotency_key (
  principal_id uuid NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status_code int NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal_id, key)
);
CREATE INDEX idempotency_key_created_idx ON platform.idempotency_key (created_at);

-- Transactional outbox: a command writes its events here in its own transaction; the
-- dispatcher (integration issue) delivers them to webhooks and brokers afterwards.
CREATE TABLE platform.outbox_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject text NOT NULL,
  case_id uuid,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz
);
CREATE INDEX outbox_event_pending_idx ON platform.outbox_event (id) WHERE dispatched_at IS NULL;
