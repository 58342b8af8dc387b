-- A case created without a queue joins its type's default queue (and its creator's department),
-- so it lands where the creator's supervisor and colleagues look instead of in nobody's view.
ALTER TABLE cases.case_type_version ADD COLUMN default_queue text;
UPDATE cases.case_type_version SET default_queue = 'aml-review' WHERE key = 'suspicious-transaction';
UPDATE cases.case_type_version SET default_queue = 'credit' WHERE key = 'credit-approval';
UPDATE cases.case_type_version SET default_queue = 'service' WHERE key IN ('complaint', 'consultation', 'suggestion');
