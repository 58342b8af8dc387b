-- The public web form (issue 18, part E): forms a customer fills without signing in, the tracking
-- links they get back (only a hash of each token is kept), and a log of what each client address
-- sent, which the per-hour limit and the "same content twice" check read.
CREATE TABLE integration.public_form (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE,
  case_type text NOT NULL,
  title_zh text NOT NULL,
  title_en text NOT NULL,
  intro_zh text,
  intro_en text,
  -- Keys of case-type fields the public may fill; never one of a sensitive data class.
  fields jsonb NOT NULL DEFAULT '[]',
  -- Which of name, phone, email the form asks for, and whether each is required.
  contact jsonb NOT NULL DEFAULT '[]',
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE integration.public_tracking (
  token_hash text PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases.case (id) ON DELETE CASCADE,
  form_key text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX public_tracking_case_idx ON integration.public_tracking (case_id);

-- One row per accepted submission or tracking-page reply. content_hash is a keyed HMAC of the content
-- (not the content): enough to answer a resubmission with the case it opened.
CREATE TABLE integration.public_submission (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('submission', 'reply')),
  client_address text NOT NULL,
  form_key text,
  content_hash text NOT NULL,
  case_id uuid REFERENCES cases.case (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL
);
CREATE INDEX public_submission_address_idx ON integration.public_submission (client_address, created_at);
