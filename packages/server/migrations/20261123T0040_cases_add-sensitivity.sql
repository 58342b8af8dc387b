-- Sensitivity level of a case: policies may grant an action only up to a level, so that, say,
-- a whistle-blowing complaint marked secret is invisible to an ordinary branch agent.
ALTER TABLE cases.case ADD COLUMN sensitivity text NOT NULL DEFAULT 'normal' CHECK (sensitivity IN ('normal', 'confidential', 'secret'));
