-- The sequencer orders events by the transaction that wrote them instead of waiting out id
-- gaps with a table lock (20261123T0110's audit.wait_for_event_writers() is no longer called;
-- the function stays so that applied migrations and existing grants keep working).
--
-- xid is the writer's top-level transaction id (xid8: 64 bits with epoch, never wraps).
-- Every transaction whose id is below pg_snapshot_xmin(pg_current_snapshot()) has committed or
-- rolled back, so the set of events with xid below that horizon is final: the sequencer
-- integrates exactly those, in (xid, id) order, and never has to guess whether a gap will fill.
--
-- Existing rows: added with the constant 1 (BootstrapTransactionId, older than any real
-- transaction) as a fast default, so the column costs no table rewrite and rows written before
-- this migration keep their id order ahead of everything written after it; only then does the
-- default become the writer's id. Leaves already integrated in id order stay valid prefixes.
ALTER TABLE audit.event ADD COLUMN xid xid8 NOT NULL DEFAULT '1'::xid8;
ALTER TABLE audit.event ALTER COLUMN xid SET DEFAULT pg_current_xact_id();

-- The sequencer's read: WHERE xid < horizon AND (xid, id) > cursor ORDER BY xid, id LIMIT n.
-- (Built inside the migration's transaction: inserts into audit.event wait for the build.)
CREATE INDEX event_xid_idx ON audit.event (xid, id);

-- What the sequencer has integrated, one row per integration batch, written in the same
-- transaction as the batch's leaves: the tree of tree_size leaves ends with event
-- (last_xid, last_event_id) and holds every event whose xid is below integrated_below.
-- A restarted or new leader continues after (last_xid, last_event_id); docket-verify audit
-- reports any event below the cursor that is not in the tree.
CREATE TABLE audit.ledger_horizon (
  tree_size bigint PRIMARY KEY CHECK (tree_size > 0),
  last_xid xid8 NOT NULL,
  last_event_id bigint NOT NULL,
  integrated_below xid8 NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER ledger_horizon_append_only BEFORE UPDATE OR DELETE ON audit.ledger_horizon FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER ledger_horizon_no_truncate BEFORE TRUNCATE ON audit.ledger_horizon FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON audit.ledger_horizon FROM PUBLIC;
