-- Report designer (issue 20, part F): reports business users save, boards that place them on a
-- grid, and each report's e-mailed schedule. A report's definition is data (subject, group by,
-- measures, filters, chart), never SQL: modules/analytics/reports turns it into a query that
-- applies the reader's record and field policy every time it runs.
CREATE TABLE analytics.report (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  definition jsonb NOT NULL,
  -- The owner's policy is the one a schedule runs with; a reader it is shared with runs it with theirs.
  owner_id uuid NOT NULL REFERENCES access.user (id),
  shared_with_roles text[] NOT NULL DEFAULT '{}',
  -- { frequency: daily|weekly|monthly, at: 'HH:MM' local, weekday?, dayOfMonth?, recipients[], format: csv|xlsx }
  schedule jsonb,
  -- The platform.job key of the next scheduled run (cancelled when the schedule changes).
  schedule_job_key text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX report_owner_idx ON analytics.report (owner_id);
CREATE INDEX report_shared_idx ON analytics.report USING gin (shared_with_roles);

CREATE TABLE analytics.board (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- [{ reportId, x, y, w, h }] on a 12-column grid; a tile whose report the reader may not open shows as such.
  tiles jsonb NOT NULL DEFAULT '[]',
  owner_id uuid NOT NULL REFERENCES access.user (id),
  shared_with_roles text[] NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX board_owner_idx ON analytics.board (owner_id);
CREATE INDEX board_shared_idx ON analytics.board USING gin (shared_with_roles);
