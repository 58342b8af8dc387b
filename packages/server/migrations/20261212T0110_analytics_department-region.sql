-- Analytics read model (issue 20, part A): the province of a department, for the map of China and
-- the regulator's "by region" figures. Most departments need no row here: the projector takes the
-- province from the branch areas routing already knows (routing.branch_area, GB/T 2260 codes such
-- as 1101 → '11' Beijing), from the department or its nearest ancestor that has some. A row here
-- overrides that for the department and everything below it (a head office in Beijing, a
-- functional department, a branch whose areas span provinces). Changing either source takes effect
-- for cases projected afterwards; POST /api/v1/analytics/read-model/rebuild re-projects them all.
CREATE TABLE analytics.department_region (
  department_id uuid PRIMARY KEY REFERENCES access.department (id),
  region text NOT NULL CHECK (region ~ '^[0-9]{2}$'),
  updated_at timestamptz NOT NULL DEFAULT now()
);
