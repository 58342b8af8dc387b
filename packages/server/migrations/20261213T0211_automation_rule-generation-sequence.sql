-- Issue 21 (engine): the rule generation takes its next value from a sequence, so a number a rolled-back
-- transaction used (a dry-run, a refused save) is never handed out again — an index loaded inside that
-- transaction can never look current to a later change.
CREATE SEQUENCE automation.rule_generation_seq;
SELECT setval('automation.rule_generation_seq', (SELECT generation + 1 FROM automation.rule_generation WHERE id = 1));
