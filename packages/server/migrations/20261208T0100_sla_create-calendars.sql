-- Business calendars (issue 16). A calendar is a name and a line of immutable versions. A version
-- keeps the definition as an administrator entered it (a branch calendar names only what differs
-- from its parent) and the definition resolved against its ancestors when it was saved, so a
-- clock bound to a version computes the same answer forever from one row.
--
-- effective_from: the instant from which clocks starting then use the version. A correction (a
-- holiday announced late) is a new version with the same effective_from as the one it corrects:
-- of the versions in force at an instant, the highest number wins, and the open clocks bound to
-- the corrected version move to the correction in one audited step.
CREATE SCHEMA IF NOT EXISTS sla;

CREATE TABLE sla.calendar (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL,
  parent_id uuid REFERENCES sla.calendar (id),
  -- A branch calendar: cases of this department (and its sub-departments without their own) use it.
  department_id uuid UNIQUE REFERENCES access.department (id),
  current_version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX calendar_parent ON sla.calendar (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE sla.calendar_version (
  calendar_id uuid NOT NULL REFERENCES sla.calendar (id),
  version integer NOT NULL,
  effective_from timestamptz NOT NULL,
  definition jsonb NOT NULL,
  resolved jsonb NOT NULL,
  reason text,
  created_by uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (calendar_id, version)
);
