-- A message source may carry the deadline its case must meet (a regulator hotline's complaint
-- deadline): the source's actor sets the resolution clock of the cases it created to it, which
-- the SLA module allows with case:assign. Only on its own cases, as it reads and updates them.
UPDATE access.role SET permissions = permissions || '[{"action":"case:assign","scope":"own"}]'::jsonb, updated_at = now()
 WHERE key = 'system-ingest' AND NOT permissions @> '[{"action":"case:assign"}]'::jsonb;
