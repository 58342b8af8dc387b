-- Webhooks (issue 18, part A): subscriptions, their deliveries and each delivery's attempts.

-- The signing secret is sealed with the key ring (field integration.webhook.secret, the webhook's
-- id as context); during a rotation the previous one still signs until previous_secret_valid_until.
CREATE TABLE integration.webhook (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  url text NOT NULL,
  event_types text[] NOT NULL,
  case_types text[] NOT NULL DEFAULT '{}',
  department_ids uuid[] NOT NULL DEFAULT '{}',
  owner_id uuid NOT NULL REFERENCES access.user (id),
  active boolean NOT NULL DEFAULT true,
  secret_sealed text NOT NULL,
  secret_hint text NOT NULL,
  secret_rotated_at timestamptz NOT NULL,
  previous_secret_sealed text,
  previous_secret_valid_until timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- The fan-out looks up the active webhooks of an event's type on every event.
CREATE INDEX webhook_event_types_idx ON integration.webhook USING gin (event_types) WHERE active;

-- One row per (webhook, event) to send; the body is built when it is sent (the case as its owner
-- reads it then), so only the event's payload (ids, never values) is kept here.
-- seq orders one webhook's deliveries of one case: only the oldest undelivered one is sent.
CREATE TABLE integration.webhook_delivery (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  webhook_id uuid NOT NULL REFERENCES integration.webhook (id) ON DELETE CASCADE,
  event_id text NOT NULL,
  event_type text NOT NULL,
  case_id uuid,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'retrying', 'succeeded', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  response_status integer,
  error text,
  duration_ms integer,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  replay_of uuid REFERENCES integration.webhook_delivery (id) ON DELETE SET NULL
);
-- A redelivered outbox event fans out once.
CREATE UNIQUE INDEX webhook_delivery_event_uq ON integration.webhook_delivery (webhook_id, event_id) WHERE replay_of IS NULL;
CREATE INDEX webhook_delivery_due_idx ON integration.webhook_delivery (next_attempt_at) WHERE status IN ('pending', 'retrying');
CREATE INDEX webhook_delivery_case_idx ON integration.webhook_delivery (webhook_id, case_id, seq) WHERE status IN ('pending', 'retrying');
CREATE INDEX webhook_delivery_log_idx ON integration.webhook_delivery (webhook_id, seq DESC);
CREATE INDEX webhook_delivery_succeeded_idx ON integration.webhook_delivery (delivered_at) WHERE status = 'succeeded';

-- Every attempt: status, error text (never the body) and duration.
CREATE TABLE integration.webhook_attempt (
  delivery_id uuid NOT NULL REFERENCES integration.webhook_delivery (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  at timestamptz NOT NULL,
  response_status integer,
  error text,
  duration_ms integer NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
