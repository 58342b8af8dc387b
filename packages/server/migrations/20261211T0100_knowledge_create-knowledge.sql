-- Knowledge base (issue 19): SOPs, scripts, FAQs and regulations, written and reviewed in
-- versions, published into a search projection in the publishing transaction, suggested on cases.
CREATE SCHEMA IF NOT EXISTS knowledge;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The category tree (知识分类): 业务规程 → 信用卡 → 年费 …
CREATE TABLE knowledge.category (
  id uuid PRIMARY KEY,
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9-]{1,62}$'),
  parent_id uuid REFERENCES knowledge.category (id),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  position int NOT NULL DEFAULT 0,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX category_parent_idx ON knowledge.category (parent_id, position);

CREATE SEQUENCE knowledge.article_number_seq;

-- An article's identity and workflow. What it says and to whom is in its versions; what readers
-- see is the published projection below. status is the state of the working (latest) version:
-- a published article being edited has status 'draft' or 'in-review' and published_version set.
CREATE TABLE knowledge.article (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('draft', 'in-review', 'published', 'retired')),
  owner_id uuid NOT NULL REFERENCES access.user (id),
  department_id uuid REFERENCES access.department (id),
  current_version int NOT NULL,
  published_version int,
  source_case_id uuid,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  published_at timestamptz,
  retired_at timestamptz,
  retired_reason text,
  -- Optimistic concurrency (ETag / If-Match) over the whole article.
  version int NOT NULL DEFAULT 1
);
CREATE INDEX article_status_updated_idx ON knowledge.article (status, updated_at DESC);
CREATE INDEX article_owner_idx ON knowledge.article (owner_id, updated_at DESC);
CREATE INDEX article_source_case_idx ON knowledge.article (source_case_id) WHERE source_case_id IS NOT NULL;

-- Every saved text of an article, never changed after it left draft: the diff, the review and the
-- audit all point at (article_id, version).
CREATE TABLE knowledge.article_version (
  article_id uuid NOT NULL REFERENCES knowledge.article (id),
  version int NOT NULL,
  -- draft → in-review → approved (review done, compliance pending) → published → superseded,
  -- or rejected (back to its author), or retired.
  state text NOT NULL CHECK (state IN ('draft', 'in-review', 'approved', 'rejected', 'published', 'superseded', 'retired')),
  kind text NOT NULL CHECK (kind IN ('sop', 'script', 'faq', 'regulation', 'note')),
  title text NOT NULL,
  summary text,
  -- Sanitised HTML (sanitize-html, allow-list in articles/sanitise.ts) and its plain text.
  body_html text NOT NULL,
  body_text text NOT NULL,
  category_id uuid REFERENCES knowledge.category (id),
  audience text NOT NULL CHECK (audience IN ('internal', 'customer')),
  -- Who may read it: members of the reach_subtree_ids departments or of any department below
  -- them, and members of the reach_department_ids departments themselves (head office only);
  -- both empty: the whole bank. Then only readers holding one of these roles (empty: any role),
  -- and a knowledge:read permission reaching this sensitivity.
  reach_subtree_ids uuid[] NOT NULL DEFAULT '{}',
  reach_department_ids uuid[] NOT NULL DEFAULT '{}',
  roles text[] NOT NULL DEFAULT '{}',
  sensitivity text NOT NULL DEFAULT 'normal' CHECK (sensitivity IN ('normal', 'confidential', 'secret')),
  tags text[] NOT NULL DEFAULT '{}',
  case_types text[] NOT NULL DEFAULT '{}',
  products text[] NOT NULL DEFAULT '{}',
  valid_from timestamptz,
  valid_to timestamptz,
  -- A regulation: { issuer, documentNumber, issuedAt, url }.
  regulation jsonb,
  related_article_ids uuid[] NOT NULL DEFAULT '{}',
  change_note text,
  author_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  submitted_at timestamptz,
  PRIMARY KEY (article_id, version)
);

-- Each review decision: stage 'review' by a reviewer who is not the author; stage 'compliance'
-- for customer-facing text, by a compliance reviewer who is neither the author nor the reviewer.
CREATE TABLE knowledge.review (
  id uuid PRIMARY KEY,
  article_id uuid NOT NULL REFERENCES knowledge.article (id),
  version int NOT NULL,
  stage text NOT NULL CHECK (stage IN ('review', 'compliance')),
  decision text NOT NULL CHECK (decision IN ('approved', 'rejected')),
  reviewer_id uuid NOT NULL,
  comment text,
  decided_at timestamptz NOT NULL,
  FOREIGN KEY (article_id, version) REFERENCES knowledge.article_version (article_id, version)
);
CREATE INDEX review_article_idx ON knowledge.review (article_id, version, decided_at);

-- The published projection: one row per published article, written in the publishing
-- transaction and deleted when it is retired. Search, suggestions and the read filter use only
-- this table. search_vector: title (A), summary and tags (B), body (C), over jieba tokens
-- (search/segmenter.ts) with the 'simple' configuration, so Chinese and English match alike.
CREATE TABLE knowledge.published_article (
  article_id uuid PRIMARY KEY REFERENCES knowledge.article (id),
  version int NOT NULL,
  number text NOT NULL,
  kind text NOT NULL,
  title text NOT NULL,
  summary text,
  body_text text NOT NULL,
  category_id uuid,
  -- The category and its ancestors, so a filter on a category finds its subcategories' articles.
  category_path uuid[] NOT NULL DEFAULT '{}',
  audience text NOT NULL,
  department_id uuid,
  owner_id uuid NOT NULL,
  reach_subtree_ids uuid[] NOT NULL DEFAULT '{}',
  reach_department_ids uuid[] NOT NULL DEFAULT '{}',
  roles text[] NOT NULL DEFAULT '{}',
  sensitivity text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  case_types text[] NOT NULL DEFAULT '{}',
  products text[] NOT NULL DEFAULT '{}',
  valid_from timestamptz,
  valid_to timestamptz,
  search_vector tsvector NOT NULL,
  published_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Usage and feedback, kept here so ranking reads one row.
  view_count int NOT NULL DEFAULT 0,
  attach_count int NOT NULL DEFAULT 0,
  helpful_count int NOT NULL DEFAULT 0,
  not_helpful_count int NOT NULL DEFAULT 0
);
CREATE INDEX published_article_search_idx ON knowledge.published_article USING gin (search_vector);
CREATE INDEX published_article_case_types_idx ON knowledge.published_article USING gin (case_types);
CREATE INDEX published_article_category_idx ON knowledge.published_article USING gin (category_path);
CREATE INDEX published_article_updated_idx ON knowledge.published_article (updated_at DESC);
CREATE INDEX published_article_used_idx ON knowledge.published_article ((view_count + attach_count * 3 + helpful_count * 5) DESC);
CREATE INDEX published_article_title_trgm_idx ON knowledge.published_article USING gin (title gin_trgm_ops);

-- Every distinct Latin term of the published articles, for typo tolerance (pg_trgm similarity).
CREATE TABLE knowledge.search_term (
  term text PRIMARY KEY,
  article_count int NOT NULL DEFAULT 0
);
CREATE INDEX search_term_trgm_idx ON knowledge.search_term USING gin (term gin_trgm_ops);

-- Synonym sets (信用卡 / 贷记卡): a query term of a set matches every term of it.
CREATE TABLE knowledge.synonym_set (
  id uuid PRIMARY KEY,
  terms text[] NOT NULL CHECK (cardinality(terms) >= 2),
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX synonym_set_terms_idx ON knowledge.synonym_set USING gin (terms);

-- Words the segmenter must keep whole (理财, 信用卡分期, 反洗钱), beside the shipped dictionary.
CREATE TABLE knowledge.dictionary_word (
  word text PRIMARY KEY CHECK (char_length(word) BETWEEN 2 AND 20),
  created_at timestamptz NOT NULL
);

-- Images and attachments of an article, served through the API with the article's read check.
CREATE TABLE knowledge.asset (
  id uuid PRIMARY KEY,
  article_id uuid NOT NULL REFERENCES knowledge.article (id),
  file_name text NOT NULL,
  content_type text NOT NULL,
  size int NOT NULL,
  sha256 text NOT NULL,
  bytes bytea NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX asset_article_idx ON knowledge.asset (article_id);

-- What readers did with an article: opened it, attached it to a reply, found it helpful or not;
-- on a case or not. One helpful/not-helpful vote per user, article and case.
CREATE TABLE knowledge.feedback (
  id uuid PRIMARY KEY,
  article_id uuid NOT NULL REFERENCES knowledge.article (id),
  version int NOT NULL,
  case_id uuid,
  user_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('viewed', 'attached', 'helpful', 'not-helpful')),
  suggested boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE INDEX feedback_article_idx ON knowledge.feedback (article_id, created_at DESC);
CREATE INDEX feedback_case_idx ON knowledge.feedback (case_id) WHERE case_id IS NOT NULL;
CREATE UNIQUE INDEX feedback_vote_idx ON knowledge.feedback (article_id, user_id, coalesce(case_id, '00000000-0000-0000-0000-000000000000'::uuid))
  WHERE kind IN ('helpful', 'not-helpful');

-- The text of each case for "similar resolved cases": title (masked at rest) and the readable
-- free-text fields without a data class, with personal data removed, as jieba tokens. Kept in
-- step with the case in the case's own transaction (case.created / fields-changed / status-changed).
CREATE TABLE knowledge.case_document (
  case_id uuid PRIMARY KEY REFERENCES cases.case (id) ON DELETE CASCADE,
  type_key text NOT NULL,
  category text,
  product text,
  status_category text NOT NULL,
  department_id uuid,
  resolved_at timestamptz,
  -- Which field each indexed text came from, so reasons show only what the reader may read.
  field_keys text[] NOT NULL DEFAULT '{}',
  search_vector tsvector NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX case_document_search_idx ON knowledge.case_document USING gin (search_vector);
CREATE INDEX case_document_type_idx ON knowledge.case_document (type_key, status_category, resolved_at DESC);

-- Knowledge actions:
--   knowledge:read                 read published articles (reach, roles and sensitivity apply)
--   knowledge:write                write drafts and submit them for review (scope: own/department/subtree/all)
--   knowledge:review               approve or reject a submitted article someone else wrote, retire one
--   knowledge:compliance-review    approve customer-facing text after review
--   knowledge:admin                categories, synonyms, dictionary, import; every article
UPDATE access.role SET permissions = permissions ||
  '[{"action":"knowledge:read"},{"action":"knowledge:write"},{"action":"knowledge:review"},{"action":"knowledge:compliance-review"},{"action":"knowledge:admin"}]'::jsonb,
  updated_at = now()
 WHERE key = 'admin' AND NOT permissions @> '[{"action":"knowledge:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions ||
  '[{"action":"knowledge:read","scope":"subtree"},{"action":"knowledge:write","scope":"subtree"},{"action":"knowledge:review","scope":"subtree"}]'::jsonb,
  updated_at = now()
 WHERE key = 'supervisor' AND NOT permissions @> '[{"action":"knowledge:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"knowledge:read","scope":"department"},{"action":"knowledge:write","scope":"own"}]'::jsonb, updated_at = now()
 WHERE key = 'agent' AND NOT permissions @> '[{"action":"knowledge:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"knowledge:read"}]'::jsonb, updated_at = now()
 WHERE key = 'auditor' AND NOT permissions @> '[{"action":"knowledge:read"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"knowledge:admin"},{"action":"knowledge:read"}]'::jsonb, updated_at = now()
 WHERE key = 'system-seed' AND NOT permissions @> '[{"action":"knowledge:admin"}]'::jsonb;

INSERT INTO access.role (key, name, description, builtin, permissions) VALUES
('knowledge-compliance', '知识合规审核 Knowledge compliance reviewer', 'Approves customer-facing knowledge articles after their review', true,
 '[{"action":"knowledge:read"},{"action":"knowledge:compliance-review"}]'),
('knowledge-editor', '知识库管理员 Knowledge editor', 'Writes and reviews articles everywhere, manages categories, synonyms and the dictionary', true,
 '[{"action":"knowledge:read"},{"action":"knowledge:write"},{"action":"knowledge:review"},{"action":"knowledge:admin"}]')
ON CONFLICT (key) DO NOTHING;
