-- Decisions (DMN, issue 14). A deployment keeps the whole definitions XML, so a decision and the
-- decisions, input data and business knowledge models it requires stay together; each decision
-- in it gets a new version under its key (the decision's id). Deployments are never changed.
CREATE SCHEMA IF NOT EXISTS decision;

CREATE TABLE decision.deployment (
  id uuid PRIMARY KEY,
  xml text NOT NULL,
  definitions_name text,
  deployed_by uuid,
  deployed_at timestamptz NOT NULL
);

CREATE TABLE decision.decision_version (
  id uuid PRIMARY KEY,
  key text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  name text NOT NULL,
  deployment_id uuid NOT NULL REFERENCES decision.deployment (id),
  deployed_at timestamptz NOT NULL,
  UNIQUE (key, version)
);

CREATE INDEX decision_version_deployment ON decision.decision_version (deployment_id);
