-- Every writer of a case's queue (single and bulk create, updates, SLA transfers, the router)
-- names it by key; the id follows here, so the two never disagree and an unknown key is refused
-- (the API checks first and answers 400 naming the field; this is the last line).
CREATE FUNCTION cases.case_queue_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.queue IS NULL THEN
    NEW.queue_id := NULL;
  ELSIF TG_OP = 'INSERT' OR NEW.queue IS DISTINCT FROM OLD.queue OR NEW.queue_id IS NULL THEN
    SELECT id INTO NEW.queue_id FROM routing.queue WHERE key = NEW.queue;
    IF NEW.queue_id IS NULL THEN
      RAISE EXCEPTION 'no queue with key %', NEW.queue USING ERRCODE = 'foreign_key_violation', COLUMN = 'queue';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_queue_id BEFORE INSERT OR UPDATE OF queue, queue_id ON cases.case FOR EACH ROW EXECUTE FUNCTION cases.case_queue_id();
