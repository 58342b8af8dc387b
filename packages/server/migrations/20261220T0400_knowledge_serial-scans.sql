-- Search and suggestions (issue 19) find the first few hundred matches of a common word by
-- reading published_article (and case_document) in table order until their LIMIT. The planner
-- expects the read filter to keep far fewer rows than it does, so it plans the whole table and
-- hands the scan to parallel workers: on the bench, starting them and gathering their rows took
-- 20–30 ms for what one process reads in 2–5 ms. These tables serve requests, never reports.
ALTER TABLE knowledge.published_article SET (parallel_workers = 0);
ALTER TABLE knowledge.case_document SET (parallel_workers = 0);
