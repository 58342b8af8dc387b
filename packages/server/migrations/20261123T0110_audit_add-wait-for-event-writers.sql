-- The sequencer waits out in-flight inserts into audit.event with a SHARE lock before it
-- declares an id gap permanent (see modules/audit/ledger-store.ts readEventsAfterSettled).
-- LOCK ... IN SHARE MODE needs UPDATE, DELETE or TRUNCATE privilege, which the application
-- role must not have; this function, owned by the schema owner, takes exactly that lock for the
-- calling transaction and nothing else. Grant EXECUTE to the application role.
CREATE FUNCTION audit.wait_for_event_writers() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  LOCK TABLE audit.event IN SHARE MODE;
END $$;
REVOKE ALL ON FUNCTION audit.wait_for_event_writers() FROM PUBLIC;
