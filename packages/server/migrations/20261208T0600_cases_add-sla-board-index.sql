-- The supervisor's SLA board (issue 16) counts and lists unfinished cases with an SLA state by
-- department and queue, soonest due first: without this index it reads every unfinished case.
CREATE INDEX case_sla_board_idx ON cases.case (department_id, queue, due_at, id)
  WHERE status_category IN ('open', 'waiting') AND sla_state IS NOT NULL;
