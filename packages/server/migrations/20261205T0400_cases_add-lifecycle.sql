-- Statuses and transitions are data of each case type version (the server checks every status
-- change against them), so the five statuses stop being a CHECK on cases. Every version saved
-- so far had the five built in: it gets them as its lifecycle, the same one the server now
-- gives a case type that names none (DEFAULT_LIFECYCLE in modules/cases/case-lifecycle.ts).
ALTER TABLE cases.case_type_version ADD COLUMN lifecycle jsonb;
UPDATE cases.case_type_version SET lifecycle = '{"initial":"new","statuses":[{"key":"new","labels":{"zh-CN":"新建","en-US":"New"},"category":"open"},{"key":"open","labels":{"zh-CN":"处理中","en-US":"Open"},"category":"open"},{"key":"pending","labels":{"zh-CN":"待客户回复","en-US":"Pending customer"},"category":"waiting"},{"key":"resolved","labels":{"zh-CN":"已解决","en-US":"Resolved"},"category":"resolved"},{"key":"closed","labels":{"zh-CN":"已关闭","en-US":"Closed"},"category":"closed"}],"transitions":[{"from":"new","to":"open","requiresReason":false,"action":"case:update"},{"from":"new","to":"pending","requiresReason":false,"action":"case:update"},{"from":"new","to":"resolved","requiresReason":false,"action":"case:close"},{"from":"open","to":"pending","requiresReason":false,"action":"case:update"},{"from":"open","to":"resolved","requiresReason":false,"action":"case:close"},{"from":"pending","to":"open","requiresReason":false,"action":"case:update"},{"from":"pending","to":"resolved","requiresReason":false,"action":"case:close"},{"from":"resolved","to":"closed","requiresReason":false,"action":"case:close"},{"from":"resolved","to":"open","requiresReason":true,"action":"case:update"},{"from":"closed","to":"open","requiresReason":true,"action":"case:update"}]}'::jsonb;
ALTER TABLE cases.case_type_version ALTER COLUMN lifecycle SET NOT NULL;

ALTER TABLE cases.case DROP CONSTRAINT IF EXISTS case_status_check;
ALTER TABLE cases.case ADD CONSTRAINT case_status_key_check CHECK (status ~ '^[a-z][a-z0-9-]{0,39}$');

-- What the status means (open, waiting, resolved, closed) whatever a case type calls it, kept on
-- the row by the server: queue and department pages and their partial indexes filter on it, so
-- a case type with statuses of its own needs no new index and no new query.
ALTER TABLE cases.case ADD COLUMN status_category text;
UPDATE cases.case SET status_category = CASE status WHEN 'pending' THEN 'waiting' WHEN 'resolved' THEN 'resolved' WHEN 'closed' THEN 'closed' ELSE 'open' END;
ALTER TABLE cases.case ALTER COLUMN status_category SET NOT NULL;
ALTER TABLE cases.case ADD CONSTRAINT case_status_category_check CHECK (status_category IN ('open', 'waiting', 'resolved', 'closed'));
