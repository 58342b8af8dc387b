-- docket:no-transaction
-- Date triggers on a case date ("2 days after closed", issue 21): a rule's daily scan finds the cases closed on one day by this index instead of reading every case; partial, so open cases cost nothing.
CREATE INDEX CONCURRENTLY IF NOT EXISTS case_closed_at_idx ON cases.case (closed_at) WHERE closed_at IS NOT NULL
