-- The case's SLA summary (issue 16), kept by the SLA module: due_at is the earliest due time of
-- the case's running first-response, next-response and resolution clocks (or a manual override),
-- sla_state how they stand, so every list shows and sorts by them without a join.
ALTER TABLE cases.case ADD COLUMN sla_state text CHECK (sla_state IN ('on-track', 'at-risk', 'breached', 'paused'));
