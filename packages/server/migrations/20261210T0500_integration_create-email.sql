-- E-mail in and out (issue 18, part D): the mailboxes customers write to, and every e-mail
-- received into or sent from a case.
CREATE TABLE integration.mailbox (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE,
  name text NOT NULL,
  -- Stored lower-case: SMTP recipients are compared without case.
  address text NOT NULL UNIQUE,
  case_type text NOT NULL,
  language text NOT NULL DEFAULT 'zh-CN' CHECK (language IN ('zh-CN', 'en-US')),
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- One row per e-mail. The customer's address is not kept here: it is the case's customer.email
-- (sealed there). The subject may carry personal data: `subject` holds it masked, `subject_sealed`
-- the original sealed (as a case title is). Bodies are kept only as the case's comment.
CREATE TABLE integration.email_message (
  id uuid PRIMARY KEY,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  mailbox_key text NOT NULL,
  -- Without angle brackets; ours end in @docket.<mailbox domain>.
  message_id text NOT NULL,
  in_reply_to text,
  case_id uuid NOT NULL REFERENCES cases.case (id),
  comment_id uuid,
  attachment_ids uuid[] NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('received', 'queued', 'sent', 'failed')),
  subject text NOT NULL,
  subject_sealed text,
  error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
-- A resent e-mail (same Message-ID into the same mailbox) has one effect.
CREATE UNIQUE INDEX email_message_inbound_once ON integration.email_message (mailbox_key, message_id) WHERE direction = 'in';
-- Threading: a reply's In-Reply-To/References name a Message-ID we stored (in or out).
CREATE INDEX email_message_message_id ON integration.email_message (message_id);
CREATE INDEX email_message_case ON integration.email_message (case_id, created_at);
