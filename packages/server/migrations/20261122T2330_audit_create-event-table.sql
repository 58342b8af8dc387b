CREATE SCHEMA IF NOT EXISTS audit;

-- Append-only: the trigger below refuses UPDATE and DELETE for every role, and the
-- operator guide grants the application role INSERT and SELECT only.
CREATE TABLE audit.event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  actor_id uuid,
  actor_name text,
  on_behalf_of uuid,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  case_id uuid,
  changes jsonb NOT NULL DEFAULT '[]',
  reason text,
  request_id text,
  client_ip text,
  channel text,
  data jsonb
);
CREATE INDEX event_case_idx ON audit.event (case_id, id) WHERE case_id IS NOT NULL;
CREATE INDEX event_target_idx ON audit.event (target_type, target_id, id);

CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit.% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON audit.event
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON audit.event
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
