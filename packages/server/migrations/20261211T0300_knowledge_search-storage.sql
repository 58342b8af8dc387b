-- Search on 100,000 articles (issue 19, bench: p95 ≤ 50 ms). A search matches through the GIN
-- index, then reads each matched row's filter columns (reach, roles, validity, category …) and
-- ranks a few hundred of those rows by their search_vector; only the page of results needs its
-- body_text. So the row keeps everything but the body in line: the vector is read from the very
-- pages the match just read, instead of one TOAST look-up per ranked row. The body (the widest
-- column) goes out of line even in short rows (toast_tuple_target), and no other column is ever
-- moved out for it (storage MAIN: compressed in line, out of line only past a whole page).
ALTER TABLE knowledge.published_article SET (toast_tuple_target = 128);
ALTER TABLE knowledge.published_article
  ALTER COLUMN search_vector SET STORAGE MAIN,
  ALTER COLUMN number SET STORAGE MAIN,
  ALTER COLUMN kind SET STORAGE MAIN,
  ALTER COLUMN title SET STORAGE MAIN,
  ALTER COLUMN summary SET STORAGE MAIN,
  ALTER COLUMN category_path SET STORAGE MAIN,
  ALTER COLUMN audience SET STORAGE MAIN,
  ALTER COLUMN reach_subtree_ids SET STORAGE MAIN,
  ALTER COLUMN reach_department_ids SET STORAGE MAIN,
  ALTER COLUMN roles SET STORAGE MAIN,
  ALTER COLUMN sensitivity SET STORAGE MAIN,
  ALTER COLUMN tags SET STORAGE MAIN,
  ALTER COLUMN case_types SET STORAGE MAIN,
  ALTER COLUMN products SET STORAGE MAIN;

-- The title, summary and tag words (weights A and B) on their own: past a few hundred matches,
-- search ranks the articles whose headings match rather than only the first matches it meets.
CREATE INDEX published_article_heading_idx ON knowledge.published_article USING gin (ts_filter(search_vector, '{a,b}'));
