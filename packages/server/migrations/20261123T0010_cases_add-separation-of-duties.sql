-- Maker–checker per case type: when set, whoever created a case cannot resolve or close it.
ALTER TABLE cases.case_type_version ADD COLUMN separation_of_duties boolean NOT NULL DEFAULT false;
