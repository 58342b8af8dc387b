-- Spike warnings (issue 20, part D): the rules the detector evaluates and the spikes it found.
-- A rule compares the count of new cases of some types per value of one dimension over a window
-- of local days with the same window 1..N weeks earlier (same weekdays: weekly seasonality), and
-- opens one risk case per significant spike (modules/analytics/spikes/README.md).
CREATE TABLE analytics.spike_rule (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE,                   -- stable, names the rule in spike keys and the demo seed
  name text NOT NULL,
  case_types text[] NOT NULL,                 -- the case types counted (complaints by default)
  dimension text NOT NULL CHECK (dimension IN ('category', 'product', 'branch', 'channel')),
  window_days integer NOT NULL CHECK (window_days BETWEEN 1 AND 7), -- at most a week: baseline windows never overlap
  baseline_weeks integer NOT NULL CHECK (baseline_weeks BETWEEN 2 AND 26),
  test text NOT NULL CHECK (test IN ('poisson', 'ewma')),
  p_value double precision NOT NULL CHECK (p_value > 0 AND p_value < 0.5),      -- Poisson: significance level
  ewma_lambda double precision NOT NULL CHECK (ewma_lambda > 0 AND ewma_lambda <= 1), -- EWMA: weight of the newest window
  ewma_limit double precision NOT NULL CHECK (ewma_limit > 0 AND ewma_limit <= 10),  -- EWMA: L, the control limit in standard deviations
  min_count integer NOT NULL CHECK (min_count >= 1),                             -- fewer cases in the window are never a spike
  route_case_type text NOT NULL,              -- the risk case opened for a spike
  route_department_id uuid REFERENCES access.department (id),
  route_queue text,
  enabled boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  created_by uuid,
  updated_at timestamptz NOT NULL,
  updated_by uuid
);

-- One row per spike: the risk case opened for it and the evidence as it was computed. The unique
-- key makes "once per spike" hold across evaluations and processes; the detector also skips a
-- window overlapping one already reported for the same rule and value (a 7-day spike seen again
-- the next day is the same spike).
CREATE TABLE analytics.spike (
  id uuid PRIMARY KEY,
  rule_id uuid REFERENCES analytics.spike_rule (id) ON DELETE SET NULL,
  rule_key text NOT NULL,
  dimension text NOT NULL,
  dimension_value text NOT NULL,
  window_start date NOT NULL,
  window_end date NOT NULL,
  observed integer NOT NULL,
  baseline_mean double precision NOT NULL,
  threshold double precision NOT NULL,
  p_value double precision,                   -- NULL for the EWMA test
  evidence jsonb NOT NULL,                    -- series, baseline, example case numbers: no field values
  case_id uuid NOT NULL REFERENCES cases.case (id),
  detected_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX spike_key_idx ON analytics.spike (rule_key, dimension, dimension_value, window_start, window_end);
CREATE INDEX spike_value_window_idx ON analytics.spike (rule_key, dimension_value, window_end);
CREATE INDEX spike_detected_idx ON analytics.spike (detected_at DESC, id DESC);

-- The rule the demo seed's complaint spike is found by (part G names it): complaints per category,
-- one day against the same weekday of the last 8 weeks, Poisson upper tail at p < 0.001, at least
-- 5 complaints. Routed to the risk case type's default queue until an administrator names a desk.
INSERT INTO analytics.spike_rule (id, key, name, case_types, dimension, window_days, baseline_weeks, test, p_value, ewma_lambda, ewma_limit,
                                  min_count, route_case_type, created_at, updated_at)
VALUES (gen_random_uuid(), 'complaint-category-daily', '投诉类别日激增 Complaint category daily spike', '{complaint}', 'category', 1, 8, 'poisson', 0.001, 0.3, 3,
        5, 'complaint-spike', now(), now())
ON CONFLICT (key) DO NOTHING;
