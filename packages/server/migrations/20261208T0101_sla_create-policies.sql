-- SLA policies (issue 16): ordered, the first enabled policy whose conditions match a case sets
-- its targets. Versions are immutable and effective-dated: a clock stays bound to the version in
-- force when it started (regulations change on a date, a running case keeps its rules).
CREATE TABLE sla.policy (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL,
  position integer NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  -- The regulatory pack that created it, if any (sla/packs).
  pack text,
  current_version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX policy_position ON sla.policy (position) WHERE enabled;

CREATE TABLE sla.policy_version (
  policy_id uuid NOT NULL REFERENCES sla.policy (id),
  version integer NOT NULL,
  effective_from timestamptz NOT NULL,
  definition jsonb NOT NULL,
  reason text,
  created_by uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (policy_id, version)
);
