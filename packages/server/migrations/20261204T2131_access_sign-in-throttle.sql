-- Failed password sign-ins counted per (username as typed, client address) (#11), instead of one
-- lock per account that anyone could set from anywhere. Five failures in a row lock that pair
-- only, for 15 minutes doubled at each further lock (`locks`), so a user at another address is
-- never locked out by someone else's guesses. The username is kept as typed, known or not, so the
-- answers never tell which usernames exist. A successful sign-in from the pair deletes its row.
CREATE TABLE access.sign_in_throttle (
  username text NOT NULL,
  client_ip text NOT NULL,
  failures int NOT NULL DEFAULT 0,
  locks int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_failure_at timestamptz NOT NULL,
  PRIMARY KEY (username, client_ip)
);
CREATE INDEX sign_in_throttle_last_failure_idx ON access.sign_in_throttle (last_failure_at);
