-- docket:no-transaction
-- Why: searches by a sensitive value (phone, resident id, bank card, account) are rate-limited per
-- user by counting the user's own `case.searched-by-identity` events of the last minute; counting
-- in the database holds across every docket process. The partial index keeps that a few index
-- rows, not a scan of the whole ledger.
CREATE INDEX CONCURRENTLY IF NOT EXISTS event_identity_search_actor_idx ON audit.event (actor_id, occurred_at) WHERE action = 'case.searched-by-identity'
