-- A retired article may name the article that replaces it (a regulation superseded by a newer
-- one), so a reader who opens the old one is sent on.
ALTER TABLE knowledge.article ADD COLUMN superseded_by uuid REFERENCES knowledge.article (id);
