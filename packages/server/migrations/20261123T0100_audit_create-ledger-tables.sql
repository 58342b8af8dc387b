-- The audit ledger: an RFC 9162 Merkle tree over audit.event, grown by one sequencer.
-- audit.event itself is never updated: leaf positions, salts and tree state live here.
-- Every table is append-only (same refusing trigger as audit.event); the operator guide
-- (docs/operators/audit-ledger.md) grants the application role INSERT and SELECT only.

-- Leaf i of the tree is event event_id; salt is the event's secret from which each field's
-- commitment salt is derived (see packages/verify/src/encoding.ts).
CREATE TABLE audit.leaf (
  leaf_index bigint PRIMARY KEY CHECK (leaf_index >= 0),
  event_id bigint NOT NULL UNIQUE,
  salt bytea NOT NULL CHECK (length(salt) = 32),
  leaf_hash bytea NOT NULL CHECK (length(leaf_hash) = 32),
  integrated_at timestamptz NOT NULL DEFAULT now()
);

-- Perfect subtrees above the leaves: node (level, idx) covers leaves [idx·2^level, (idx+1)·2^level).
-- With them any inclusion or consistency proof needs O(log² n) point reads on a 10M-event tree.
CREATE TABLE audit.tree_node (
  level smallint NOT NULL CHECK (level >= 1 AND level < 64),
  idx bigint NOT NULL CHECK (idx >= 0),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
);

-- Public keys that have signed tree heads; key_id is SHA-256 of the SubjectPublicKeyInfo.
CREATE TABLE audit.signing_key (
  key_id text PRIMARY KEY,
  algorithm text NOT NULL DEFAULT 'ed25519',
  public_key_pem text NOT NULL,
  first_used_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit.tree_head (
  tree_size bigint PRIMARY KEY CHECK (tree_size > 0),
  root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
  timestamp_ms bigint NOT NULL,
  key_id text NOT NULL REFERENCES audit.signing_key (key_id),
  signature bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER leaf_append_only BEFORE UPDATE OR DELETE ON audit.leaf FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER leaf_no_truncate BEFORE TRUNCATE ON audit.leaf FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER tree_node_append_only BEFORE UPDATE OR DELETE ON audit.tree_node FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER tree_node_no_truncate BEFORE TRUNCATE ON audit.tree_node FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER signing_key_append_only BEFORE UPDATE OR DELETE ON audit.signing_key FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER signing_key_no_truncate BEFORE TRUNCATE ON audit.signing_key FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER tree_head_append_only BEFORE UPDATE OR DELETE ON audit.tree_head FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER tree_head_no_truncate BEFORE TRUNCATE ON audit.tree_head FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

-- Defence in depth beside the triggers: nobody but the owner may change history.
REVOKE UPDATE, DELETE, TRUNCATE ON audit.event, audit.leaf, audit.tree_node, audit.signing_key, audit.tree_head FROM PUBLIC;
