-- docket:no-transaction
-- Why: "take next" (issue 17) reads the head of a queue: its unfinished, unassigned cases, urgent
-- first, then soonest due, then oldest (modules/routing/dispatch/take-next-store.ts orders by the
-- same expression), and locks the first one no other agent holds.
CREATE INDEX CONCURRENTLY IF NOT EXISTS case_queue_head_idx ON cases.case (queue_id, (CASE priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END) DESC, due_at, created_at, id)
  WHERE status_category IN ('open', 'waiting') AND assignee_id IS NULL AND queue_id IS NOT NULL
