-- Personal data outside form fields (issue 12, items 4 and 5).
--
-- Free text (case titles, comment bodies, attachment file names) may carry a resident id, a
-- phone or a card number typed by hand. The text column now holds a copy with those spans
-- masked (what lists, search and a dump see); the original is sealed in the *_sealed column,
-- an envelope bound to the record and column. NULL means the text holds no personal data.
ALTER TABLE cases.case ADD COLUMN IF NOT EXISTS title_sealed text;
ALTER TABLE cases.comment ADD COLUMN IF NOT EXISTS body_sealed text;
ALTER TABLE cases.attachment ADD COLUMN IF NOT EXISTS file_name_sealed text;

-- Rows written before this release: sealing needs the key ring, which SQL does not have, so
-- this migration lists the rows that may hold personal data in clear and the server seals them
-- at its next start (cases/personal-data-reseal.ts), deleting each entry as it goes.
-- A case is listed when its customer object has a key other than id/tier/segment/branch whose
-- value is not an envelope (the customer had no schema: any key, in clear), or when its title
-- looks as if it could hold a number or an e-mail address; comments and file names likewise.
CREATE TABLE IF NOT EXISTS cases.personal_data_backlog (
  kind text NOT NULL CHECK (kind IN ('case', 'comment', 'attachment')),
  id uuid NOT NULL,
  PRIMARY KEY (kind, id)
);

INSERT INTO cases.personal_data_backlog (kind, id)
SELECT 'case', c.id FROM cases.case c
WHERE (jsonb_typeof(c.customer) = 'object' AND EXISTS (
         SELECT 1 FROM jsonb_each(c.customer) e
         WHERE e.key NOT IN ('id', 'tier', 'segment', 'branch')
           AND NOT (jsonb_typeof(e.value) = 'string' AND e.value #>> '{}' LIKE 'dk1.%')))
   OR (c.title_sealed IS NULL AND c.title ~ '[0-9]([ -]?[0-9]){9}|@')
ON CONFLICT DO NOTHING;

INSERT INTO cases.personal_data_backlog (kind, id)
SELECT 'comment', id FROM cases.comment WHERE body_sealed IS NULL AND body ~ '[0-9]([ -]?[0-9]){9}|@'
ON CONFLICT DO NOTHING;

INSERT INTO cases.personal_data_backlog (kind, id)
SELECT 'attachment', id FROM cases.attachment WHERE file_name_sealed IS NULL AND file_name ~ '[0-9]([ -]?[0-9]){9}|@'
ON CONFLICT DO NOTHING;
