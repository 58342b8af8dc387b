-- Sign-in hardening (#3): TOTP second factor, recovery codes, the pending step between password
-- and second factor, single sign-on state and linked identities, and how a session was opened.

-- One TOTP credential per user. The seed is sealed with AES-256-GCM (secret-box.ts), bound to the
-- user id as associated data; a dump never holds it in clear. last_used_step refuses replays
-- (RFC 6238 §5.2).
CREATE TABLE access.totp_credential (
  user_id uuid PRIMARY KEY REFERENCES access.user (id),
  sealed_secret bytea NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'active')),
  last_used_step bigint,
  created_at timestamptz NOT NULL,
  activated_at timestamptz
);

-- Single-use recovery codes, SHA-256 of 80 random bits each (full entropy: a fast hash suffices).
CREATE TABLE access.recovery_code (
  user_id uuid NOT NULL REFERENCES access.user (id),
  code_hash bytea NOT NULL,
  created_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- The step after a correct password: the second factor ('mfa') or forced enrolment ('enrol').
-- Stored as the SHA-256 of a 256-bit token; it lives minutes and is consumed once.
CREATE TABLE access.login_challenge (
  id uuid PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES access.user (id),
  purpose text NOT NULL CHECK (purpose IN ('mfa', 'enrol')),
  client_ip text,
  user_agent text,
  failed_attempts int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz
);
CREATE INDEX login_challenge_user_idx ON access.login_challenge (user_id);

-- An OpenID Connect authorization request in flight (state, nonce, PKCE verifier), keyed by
-- the SHA-256 of its state; consumed by the callback or dropped after ten minutes.
CREATE TABLE access.oidc_login_state (
  state_hash bytea PRIMARY KEY,
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz
);

-- A user known to an identity provider: linked by (issuer, subject), never by e-mail or name,
-- because only the subject is stable and unique per issuer (OpenID Connect Core §5.7).
CREATE TABLE access.external_identity (
  issuer text NOT NULL,
  subject text NOT NULL,
  user_id uuid NOT NULL REFERENCES access.user (id),
  created_at timestamptz NOT NULL,
  last_login_at timestamptz NOT NULL,
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX external_identity_user_idx ON access.external_identity (user_id);

-- How a session was opened, for "my sessions" and for audits: password, password+totp,
-- password+recovery-code, oidc.
ALTER TABLE access.session ADD COLUMN auth_method text NOT NULL DEFAULT 'password';
