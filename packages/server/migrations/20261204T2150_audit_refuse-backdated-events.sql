-- Audit events carry the time they were written: the database refuses back- and forward-dated
-- rows from the application role (issue 12, item 19).
--
-- What "back-dated" means here. The ledger's order cannot be back-dated: leaves follow the
-- writing transaction's id (xid, default pg_current_xact_id()), i.e. commit order, not
-- occurred_at. What a role with INSERT on audit.event could still forge is
--   1. occurred_at, which the case history and the regulator's timeline show ("approved on
--      1 March", written in December), and
--   2. xid itself: a row inserted with a small explicit xid sorts before events already in the
--      tree, so the sequencer never integrates it (docket-verify audit reports it, but the
--      history and timeline would show it).
-- We chose to refuse such rows rather than add a second, database-assigned recorded_at column:
-- a refused write leaves nothing misleading behind, occurred_at stays the one time everybody
-- reads (timeline, history, evidence bundles, the leaf encoding: no format change), and the
-- bound is enforced where the application role cannot reach it.
--
-- The rule, per inserted row: occurred_at within 5 minutes of statement_timestamp() (the time
-- the INSERT started, by the database's clock) and xid = the inserting transaction's own id.
-- Five minutes covers clock skew between application hosts and the database and a command
-- whose audit events are written a while after it read its clock; it is not a tolerance for
-- long transactions (statement time, not transaction start: a transaction kept open for a week
-- cannot write "a week ago"). Change it only by a new migration.
--
-- Who is bound: every role that does not own audit.event. The owner (and superusers) can
-- ALTER TABLE … DISABLE TRIGGER or drop it, so binding them would be theatre; they are the
-- role that runs migrations, and the role tests run as with a fixed or test clock (FixedClock,
-- issue 13's test clock): a Docket process on a test clock must connect as the owner. In
-- production the application role does not own the tables and is no member of the owner
-- (docs/operators/deploying-on-postgresql.md), so it can neither disable nor drop this
-- trigger, nor set session_replication_role (superuser only).
--
-- One statement-level check over the transition table rather than a row trigger: the bulk
-- paths insert thousands of events per statement, and this costs one scan of the new rows.
CREATE FUNCTION audit.refuse_backdated_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tolerance CONSTANT interval := interval '5 minutes';
  bad record;
BEGIN
  IF pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'MEMBER') THEN
    RETURN NULL;
  END IF;
  SELECT n.occurred_at, n.xid INTO bad FROM inserted n
   WHERE n.occurred_at IS NULL
      OR n.occurred_at < statement_timestamp() - tolerance
      OR n.occurred_at > statement_timestamp() + tolerance
      OR n.xid IS DISTINCT FROM pg_current_xact_id()
   LIMIT 1;
  IF FOUND THEN
    IF bad.xid IS DISTINCT FROM pg_current_xact_id() THEN
      RAISE EXCEPTION 'audit.event: xid % is not the writing transaction''s id: events cannot be placed behind the ledger', bad.xid
        USING ERRCODE = 'check_violation', SCHEMA = 'audit', TABLE = 'event', COLUMN = 'xid';
    END IF;
    RAISE EXCEPTION 'audit.event: occurred_at % is more than % from the database clock (%): back- or forward-dated audit events are refused',
      bad.occurred_at, tolerance, statement_timestamp()
      USING ERRCODE = 'check_violation', SCHEMA = 'audit', TABLE = 'event', COLUMN = 'occurred_at';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER event_written_now AFTER INSERT ON audit.event
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_backdated_events();
