-- Sensitive field values are stored encrypted; equality search goes through HMAC blind
-- indexes, one `<dataClass>:<index>` entry per sensitive value of the case.
ALTER TABLE cases.case ADD COLUMN sensitive_index text[] NOT NULL DEFAULT '{}';
CREATE INDEX case_sensitive_index_idx ON cases.case USING gin (sensitive_index);
