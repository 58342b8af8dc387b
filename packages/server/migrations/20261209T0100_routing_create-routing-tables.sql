-- Routing and dispatch (issue 17): queues as objects, agents' routing profiles and presence,
-- ordered effective-dated rules, every routing decision with the candidates it weighed, push
-- offers with a timeout, and the per-case routing state the overflow worker watches.
CREATE SCHEMA IF NOT EXISTS routing;

-- A queue is what work waits in. Its key is immutable (cases.case.queue holds it beside the id,
-- checked by the composite foreign key below); everything else is edited, versioned and audited.
CREATE TABLE routing.queue (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  description text,
  department_id uuid REFERENCES access.department (id),
  -- Case types and channels it takes; empty: any.
  case_types text[] NOT NULL DEFAULT '{}',
  channels text[] NOT NULL DEFAULT '{}',
  strategy text NOT NULL DEFAULT 'least-loaded' CHECK (strategy IN ('round-robin', 'least-loaded', 'best-skill')),
  -- push: the router hands work to an agent (offered for offer_timeout_seconds when set);
  -- pull: work waits until an agent takes the next item.
  mode text NOT NULL DEFAULT 'push' CHECK (mode IN ('push', 'pull')),
  offer_timeout_seconds int CHECK (offer_timeout_seconds IS NULL OR offer_timeout_seconds BETWEEN 5 AND 86400),
  overflow_queue_id uuid REFERENCES routing.queue (id),
  overflow_after_seconds int CHECK (overflow_after_seconds IS NULL OR overflow_after_seconds > 0),
  -- The working calendar (sla.calendar key) overflow time is counted on; NULL: natural time.
  calendar_key text,
  -- Round-robin's turn: the member who got the last item.
  last_assigned_user_id uuid,
  active boolean NOT NULL DEFAULT true,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (id, key),
  CHECK (overflow_queue_id IS DISTINCT FROM id)
);

-- Members directly, or through groups (access.group): both count.
CREATE TABLE routing.queue_member (
  queue_id uuid NOT NULL REFERENCES routing.queue (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES access.user (id),
  PRIMARY KEY (queue_id, user_id)
);
CREATE INDEX queue_member_user_idx ON routing.queue_member (user_id);
CREATE TABLE routing.queue_group (
  queue_id uuid NOT NULL REFERENCES routing.queue (id) ON DELETE CASCADE,
  group_key text NOT NULL REFERENCES access.group (key),
  PRIMARY KEY (queue_id, group_key)
);

-- An agent's routing profile: skills with levels, languages, branches served, capacity, presence.
CREATE TABLE routing.agent_profile (
  user_id uuid PRIMARY KEY REFERENCES access.user (id),
  -- [{ "skill": "product:credit-card", "level": 1..5 }]
  skills jsonb NOT NULL DEFAULT '[]',
  languages text[] NOT NULL DEFAULT '{zh}',
  branch_ids uuid[] NOT NULL DEFAULT '{}',
  -- { "total": 10 | null, "byChannel": { "chat": 2 }, "byCaseType": { "complaint": 5 } }
  capacity jsonb NOT NULL DEFAULT '{"total": null, "byChannel": {}, "byCaseType": {}}',
  presence text NOT NULL DEFAULT 'offline' CHECK (presence IN ('available', 'busy', 'away', 'offline')),
  presence_changed_at timestamptz NOT NULL,
  -- The console's heartbeat; the away sweeper moves 'available' to 'away' after inactivity.
  last_seen_at timestamptz,
  version int NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL
);
-- Why: the away-after-inactivity sweep reads only available agents.
CREATE INDEX agent_profile_available_seen_idx ON routing.agent_profile (last_seen_at) WHERE presence = 'available';

-- Rules, first match in position order, each in force from effective_from until effective_to.
CREATE TABLE routing.rule (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  position int NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  applies_to text NOT NULL DEFAULT 'case' CHECK (applies_to IN ('case', 'task')),
  effective_from timestamptz NOT NULL,
  effective_to timestamptz,
  conditions jsonb NOT NULL DEFAULT '{}',
  actions jsonb NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (effective_to IS NULL OR effective_to > effective_from)
);
-- Every saved version, so a decision's rule can be shown as it was when it matched.
CREATE TABLE routing.rule_version (
  rule_id uuid NOT NULL REFERENCES routing.rule (id) ON DELETE CASCADE,
  version int NOT NULL,
  name text NOT NULL,
  enabled boolean NOT NULL,
  applies_to text NOT NULL,
  effective_from timestamptz NOT NULL,
  effective_to timestamptz,
  conditions jsonb NOT NULL,
  actions jsonb NOT NULL,
  reason text,
  created_at timestamptz NOT NULL,
  created_by uuid,
  PRIMARY KEY (rule_id, version)
);

-- Every routing decision, explained: the rule that matched, the candidates and why each was passed over.
CREATE TABLE routing.decision (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL,
  task_id uuid,
  trigger text NOT NULL,
  rule_id uuid,
  rule_key text,
  rule_version int,
  queue_id uuid,
  previous_queue_id uuid,
  assignee_id uuid,
  previous_assignee_id uuid,
  outcome text NOT NULL,
  strategy text,
  priority_boost int NOT NULL DEFAULT 0,
  -- { requiredSkills, requiredLanguages, branchId, keptWith, rulesConsidered, candidates: [...] }
  detail jsonb NOT NULL DEFAULT '{}',
  reason text,
  actor_id uuid,
  decided_at timestamptz NOT NULL,
  duration_us int
);
-- Why: GET /cases/{id}/routing, newest first.
CREATE INDEX decision_case_idx ON routing.decision (case_id, decided_at DESC);

-- Where each unfinished case stands in routing: its queue, since when it waits, when it overflows.
CREATE TABLE routing.case_state (
  case_id uuid PRIMARY KEY,
  queue_id uuid REFERENCES routing.queue (id),
  queued_at timestamptz,
  -- Set while the case waits unassigned in a queue with an overflow time.
  overflow_at timestamptz,
  effective_priority int NOT NULL DEFAULT 0,
  last_decision_id uuid,
  updated_at timestamptz NOT NULL
);
-- Why: the overflow worker claims due rows (FOR UPDATE SKIP LOCKED).
CREATE INDEX case_state_overflow_idx ON routing.case_state (overflow_at) WHERE overflow_at IS NOT NULL;

-- A push offer: the case is held for one agent until they accept, decline or the offer expires.
CREATE TABLE routing.offer (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL,
  task_id uuid,
  queue_id uuid NOT NULL REFERENCES routing.queue (id),
  user_id uuid NOT NULL REFERENCES access.user (id),
  decision_id uuid,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  offered_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  answered_at timestamptz,
  reason text
);
CREATE INDEX offer_pending_expiry_idx ON routing.offer (expires_at) WHERE state = 'pending';
CREATE INDEX offer_user_pending_idx ON routing.offer (user_id) WHERE state = 'pending';
CREATE INDEX offer_case_idx ON routing.offer (case_id);

-- The areas a branch serves, for "push to the customer's own branch" when only a region code or
-- an address is known: region-code prefixes (GB/T 2260, e.g. 1101) or place names found in the address.
CREATE TABLE routing.branch_area (
  department_id uuid NOT NULL REFERENCES access.department (id),
  area text NOT NULL,
  PRIMARY KEY (department_id, area)
);
CREATE INDEX branch_area_area_idx ON routing.branch_area (area);

-- Queues that were groups of kind 'queue' and queue names cases already carry become queue objects.
INSERT INTO routing.queue (id, key, name, department_id, created_at, updated_at)
  SELECT gen_random_uuid(), g.key, g.name, g.department_id, g.created_at, now() FROM access.group g WHERE g.kind = 'queue'
  ON CONFLICT (key) DO NOTHING;
INSERT INTO routing.queue_member (queue_id, user_id)
  SELECT q.id, m.user_id FROM access.group_member m JOIN access.group g ON g.key = m.group_key AND g.kind = 'queue' JOIN routing.queue q ON q.key = g.key
  ON CONFLICT DO NOTHING;
INSERT INTO routing.queue (id, key, name, created_at, updated_at)
  SELECT gen_random_uuid(), k, k, now(), now()
    FROM (SELECT DISTINCT queue AS k FROM cases.case WHERE queue IS NOT NULL
          UNION SELECT DISTINCT default_queue FROM cases.case_type_version WHERE default_queue IS NOT NULL) names
   WHERE k ~ '^[a-z][a-z0-9-]{1,62}$'
  ON CONFLICT (key) DO NOTHING;

-- A case and a process task belong to a queue by id. The key stays on the case row beside the id
-- (the list pages' partial indexes are on it); the composite key keeps the two from disagreeing.
ALTER TABLE cases.case ADD COLUMN queue_id uuid;
UPDATE cases.case c SET queue_id = q.id FROM routing.queue q WHERE q.key = c.queue AND c.queue_id IS NULL;
-- A queue name that could never be a key (spaces, capitals) is dropped rather than kept as text nobody routes.
UPDATE cases.case SET queue = NULL WHERE queue IS NOT NULL AND queue_id IS NULL;
ALTER TABLE cases.case ADD CONSTRAINT case_queue_fk FOREIGN KEY (queue_id, queue) REFERENCES routing.queue (id, key);
ALTER TABLE cases.case_type_version ADD COLUMN default_queue_id uuid REFERENCES routing.queue (id);
UPDATE cases.case_type_version v SET default_queue_id = q.id FROM routing.queue q WHERE q.key = v.default_queue;

ALTER TABLE process.task ADD COLUMN queue_id uuid REFERENCES routing.queue (id);
-- Why: "take next" on a queue's open, unassigned tasks.
CREATE INDEX task_open_queue_idx ON process.task (queue_id, priority DESC, due_at) WHERE state = 'open' AND assignee IS NULL AND queue_id IS NOT NULL;

