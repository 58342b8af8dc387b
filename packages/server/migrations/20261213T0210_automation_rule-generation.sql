-- Issue 21 (engine): every process keeps the enabled rules in memory to match each domain event in
-- the publishing command (≤ 1 ms). A rule change anywhere bumps this one counter in the changing
-- transaction, so a process compares one integer per command and reloads only when it moved —
-- also when another process (or another app in the same test process) changed the rule.
CREATE TABLE automation.rule_generation (
  id int PRIMARY KEY CHECK (id = 1),
  generation bigint NOT NULL
);
INSERT INTO automation.rule_generation (id, generation) VALUES (1, 0);
