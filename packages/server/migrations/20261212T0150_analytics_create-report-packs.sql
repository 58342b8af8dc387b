-- Regulator report packs (issue 20, part E): each generated pack's recorded parameters, its files
-- and its signed manifest. The files are kept as generated, so what was handed to the regulator can
-- be downloaded again; POST …/reproduce regenerates them from the parameters and compares bytes.
CREATE TABLE analytics.report_pack (
  id uuid PRIMARY KEY,
  kind text NOT NULL,                         -- complaints-quarterly
  period text NOT NULL,                       -- 2026-Q3
  department_id uuid,                         -- that department's subtree; NULL: every department the generator reaches
  as_of timestamptz NOT NULL,                 -- only facts at or before this instant count
  policy_fingerprint text NOT NULL,           -- sha256 of the generator's case:read record policy (a reproduction needs the same)
  generator_version text NOT NULL,
  generated_by uuid NOT NULL,
  generated_at timestamptz NOT NULL,
  xlsx bytea NOT NULL,
  pdf bytea NOT NULL,
  manifest bytea NOT NULL,                    -- the signed manifest (JSON, UTF-8) as served
  xlsx_sha256 text NOT NULL,
  pdf_sha256 text NOT NULL,
  manifest_sha256 text NOT NULL,
  key_id text NOT NULL,                       -- the Ed25519 key that signed the manifest
  last_reproduced_at timestamptz,
  last_reproduction_matched boolean
);
CREATE INDEX report_pack_generated_idx ON analytics.report_pack (generated_at DESC, id DESC);
