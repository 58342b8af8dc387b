-- Analytics dashboards (issue 20, part B): the two scans every bank-wide dashboard makes, as
-- index-only scans. Measured on 3 million generated facts (docs/analytics/dashboards.md):
-- without them the backlog is a sequential scan of every fact (unfinished cases are spread over
-- the whole table) and the period's rollups a heap page per few rows (the projector's −old +new
-- updates scatter a day's rows).

-- The backlog now (count, age buckets, per assignee, per department): only unfinished facts,
-- with every column the reader's record predicate and the dashboard's filters read.
CREATE INDEX case_fact_backlog_covering_idx ON analytics.case_fact (department_id, created_at)
  INCLUDE (assignee_id, created_by, type_key, sensitivity, channel, product, category, tags, id)
  WHERE status_category <> 'done';

-- The period's counters: one contiguous range of days, keys and counters in the index.
CREATE INDEX case_daily_day_covering_idx ON analytics.case_daily (day)
  INCLUDE (department_id, type_key, channel, category, product, sensitivity,
           created, resolved, first_contact_resolved, reopened, sla_met_on_time, sla_breached, satisfaction_sum, satisfaction_count);

-- Cases resolved in the period (workload per person on every dashboard; the resolution half of the
-- counters when the reader's policy is answered from facts): the period's range of resolutions.
CREATE INDEX case_fact_resolved_covering_idx ON analytics.case_fact (resolved_at)
  INCLUDE (assignee_id, department_id, created_by, type_key, sensitivity, channel, product, category, tags, id,
           first_contact_resolution, reopen_count)
  WHERE resolved_at IS NOT NULL;

-- Cases created in the period, when the reader's policy is answered from facts (own, tag or
-- named-case clauses): the creation half of the counters, and the drill-down's newest-first pages.
CREATE INDEX case_fact_created_covering_idx ON analytics.case_fact (created_at)
  INCLUDE (department_id, assignee_id, created_by, type_key, sensitivity, channel, product, category, tags, id,
           sla_met_on_time, sla_breached, satisfaction);
