-- A case names its queue twice: by key (cases.case.queue, the list pages' partial indexes) and by
-- id (queue_id, the composite foreign key to routing.queue (id, key)). Whoever writes one of them
-- (a create naming a key, the router applying a decision by key, an override by id) gets the
-- other filled in here, so the two can never disagree and no writer has to look the other up.
CREATE FUNCTION routing.case_queue_in_step() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.queue IS NOT DISTINCT FROM OLD.queue AND NEW.queue_id IS NOT DISTINCT FROM OLD.queue_id THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.queue_id IS DISTINCT FROM OLD.queue_id AND NEW.queue IS NOT DISTINCT FROM OLD.queue THEN
    -- The id changed alone: the key follows it.
    NEW.queue := CASE WHEN NEW.queue_id IS NULL THEN NULL ELSE (SELECT q.key FROM routing.queue q WHERE q.id = NEW.queue_id) END;
  ELSIF NEW.queue IS NULL THEN
    NEW.queue_id := NULL;
  ELSIF NEW.queue_id IS NULL OR (TG_OP = 'UPDATE' AND NEW.queue_id IS NOT DISTINCT FROM OLD.queue_id) THEN
    -- The key was written (alone): the id follows it. An unknown key leaves the id NULL.
    NEW.queue_id := (SELECT q.id FROM routing.queue q WHERE q.key = NEW.queue);
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER case_queue_in_step BEFORE INSERT OR UPDATE OF queue, queue_id ON cases.case
  FOR EACH ROW EXECUTE FUNCTION routing.case_queue_in_step();

UPDATE cases.case c SET queue_id = q.id FROM routing.queue q WHERE q.key = c.queue AND c.queue_id IS NULL;
