-- A case type may name the process a new case of it starts (issue 14). Kept per version, like the
-- rest of the type: a case starts the process its type version named when it was created.
ALTER TABLE cases.case_type_version ADD COLUMN process_key text;
