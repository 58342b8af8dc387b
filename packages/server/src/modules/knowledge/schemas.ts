/**
 * TypeBox schemas of the knowledge API (issue 19): articles and their versions, review and
 * publishing, categories, search with synonyms and the segmenter's dictionary, suggestions on a
 * case, feedback. The contract the parts implement and the console's typed client is generated
 * from. Each part's routes file uses these; add to them, do not fork them.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../platform/http/string-enum.ts';

const Uuid = Type.String({ format: 'uuid' });
const Key = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$', description: 'Lower-case letters, digits and dashes; fixed once created' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const ARTICLE_KINDS = ['sop', 'script', 'faq', 'regulation', 'note'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];
export const ARTICLE_STATUSES = ['draft', 'in-review', 'published', 'retired'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const VERSION_STATES = ['draft', 'in-review', 'approved', 'rejected', 'published', 'superseded', 'retired'] as const;
export type VersionState = (typeof VERSION_STATES)[number];
export const AUDIENCES = ['internal', 'customer'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const REVIEW_STAGES = ['review', 'compliance'] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];
export const FEEDBACK_KINDS = ['viewed', 'attached', 'helpful', 'not-helpful'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const VALIDITY_FILTERS = ['current', 'expired', 'upcoming', 'all'] as const;

export const IdParams = Type.Object({ id: Uuid });
export const VersionParams = Type.Object({ id: Uuid, version: Type.Integer({ minimum: 1 }) });
export const AssetParams = Type.Object({ assetId: Uuid });
export const CaseIdParams = Type.Object({ id: Uuid });

// ---- articles --------------------------------------------------------------------------------

const Reach = Type.Object(
  {
    subtrees: Type.Array(Uuid, { maxItems: 200, description: 'Members of these departments and of every department below them' }),
    departments: Type.Array(Uuid, { maxItems: 200, description: 'Members of these departments only (e.g. head office, not its branches)' }),
  },
  { additionalProperties: false, description: 'Who may read the article; both empty: the whole bank' },
);

const Regulation = Type.Object(
  {
    issuer: Type.String({ minLength: 1, maxLength: 200, examples: ['国家金融监督管理总局'] }),
    documentNumber: Type.Optional(Type.String({ maxLength: 200, examples: ['金规〔2023〕2号'] })),
    issuedAt: Type.Optional(Type.String({ format: 'date' })),
    url: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const ArticleFields = {
  kind: StringEnum(ARTICLE_KINDS, { description: 'sop 规程, script 话术, faq 问答, regulation 法规, note 经验' }),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  summary: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  body: Type.String({
    maxLength: 500_000,
    description: 'HTML: headings, paragraphs, lists, tables, links, images and attachments of this article (/api/v1/knowledge/assets/{id}); anything else is removed on save',
  }),
  categoryId: Type.Optional(Nullable(Uuid)),
  audience: StringEnum(AUDIENCES, { description: 'customer: may be sent to customers (attached to a reply, shown with the web form); needs compliance review' }),
  reach: Type.Optional(Reach),
  roles: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, description: 'Only readers holding one of these roles; empty: any' })),
  sensitivity: Type.Optional(StringEnum(['normal', 'confidential', 'secret'] as const)),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 })),
  caseTypes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, description: 'Case types it applies to' })),
  products: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, description: 'Products it applies to (a case field value such as credit-card, wealth)' })),
  validFrom: Type.Optional(Nullable(DateTime)),
  validTo: Type.Optional(Nullable(DateTime)),
  regulation: Type.Optional(Nullable(Regulation)),
  relatedArticleIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  ownerId: Type.Optional(Uuid),
  departmentId: Type.Optional(Nullable(Uuid)),
  changeNote: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
};

export const CreateArticleBody = Type.Object(ArticleFields, {
  additionalProperties: false,
  description: 'A new article, saved as its first draft. ownerId defaults to the caller, departmentId to the owner’s department',
});
export const UpdateArticleBody = Type.Object(ArticleFields, {
  additionalProperties: false,
  description: 'The working draft as it should be (If-Match: the article’s version). Editing a published article opens a new draft version; readers keep the published one until it is replaced',
});

export const SubmitArticleBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
export const ReviewArticleBody = Type.Object(
  {
    decision: StringEnum(['approved', 'rejected'] as const),
    comment: Type.Optional(Type.String({ maxLength: 2000, description: 'Required when rejecting' })),
  },
  { additionalProperties: false },
);
export const RetireArticleBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }), supersededBy: Type.Optional(Uuid) }, { additionalProperties: false });
export const DraftFromCaseBody = Type.Object({ caseId: Uuid, kind: Type.Optional(StringEnum(ARTICLE_KINDS)) }, { additionalProperties: false });
export const ImportArticlesBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 1000, description: 'Why these articles skip review: e.g. migrated from the approved legacy knowledge base' }),
    publish: Type.Boolean({ description: 'true: published at once (already approved elsewhere); false: drafts' }),
    articles: Type.Array(Type.Object({ ...ArticleFields, categoryKey: Type.Optional(Key) }, { additionalProperties: false }), { minItems: 1, maxItems: 5000 }),
  },
  { additionalProperties: false },
);
export const ArticleListQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(ARTICLE_STATUSES)),
    mine: Type.Optional(Type.Boolean({ description: 'Only articles the caller owns or wrote' })),
    awaitingMyReview: Type.Optional(Type.Boolean({ description: 'Only versions waiting for a review the caller may give' })),
    categoryId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const ArticleReadQuery = Type.Object(
  { working: Type.Optional(Type.Boolean({ description: 'The working draft instead of the published version (editors and reviewers)' })) },
  { additionalProperties: false },
);
export const DiffQuery = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const FeedbackBody = Type.Object(
  {
    kind: StringEnum(FEEDBACK_KINDS),
    caseId: Type.Optional(Uuid),
    suggested: Type.Optional(Type.Boolean({ description: 'The reader came from a suggestion on the case' })),
  },
  { additionalProperties: false },
);

const PersonRef = Type.Object({ id: Uuid, name: Type.String() });
const ArticleRef = Type.Object({ id: Uuid, number: Type.String(), title: Type.String() });

export const ArticleSummarySchema = Type.Object(
  {
    id: Uuid,
    number: Type.String({ examples: ['KB-000042'] }),
    kind: StringEnum(ARTICLE_KINDS),
    title: Type.String(),
    summary: Nullable(Type.String()),
    status: StringEnum(ARTICLE_STATUSES),
    categoryId: Nullable(Uuid),
    categoryName: Nullable(Type.String()),
    audience: StringEnum(AUDIENCES),
    tags: Type.Array(Type.String()),
    caseTypes: Type.Array(Type.String()),
    products: Type.Array(Type.String()),
    validFrom: Nullable(DateTime),
    validTo: Nullable(DateTime),
    validity: StringEnum(['current', 'expired', 'upcoming'] as const),
    publishedVersion: Nullable(Type.Integer()),
    currentVersion: Type.Integer(),
    owner: PersonRef,
    updatedAt: DateTime,
    publishedAt: Nullable(DateTime),
    usage: Type.Object({ views: Type.Integer(), attached: Type.Integer(), helpful: Type.Integer(), notHelpful: Type.Integer() }),
  },
  { $id: 'KnowledgeArticleSummary' },
);

export const ArticleReviewSchema = Type.Object(
  {
    id: Uuid,
    version: Type.Integer(),
    stage: StringEnum(REVIEW_STAGES),
    decision: StringEnum(['approved', 'rejected'] as const),
    reviewer: PersonRef,
    comment: Nullable(Type.String()),
    decidedAt: DateTime,
  },
  { $id: 'KnowledgeArticleReview' },
);

export const ArticleAssetSchema = Type.Object(
  { id: Uuid, fileName: Type.String(), contentType: Type.String(), size: Type.Integer(), url: Type.String({ description: '/api/v1/knowledge/assets/{id}' }), createdAt: DateTime },
  { $id: 'KnowledgeArticleAsset' },
);

export const ArticleSchema = Type.Object(
  {
    id: Uuid,
    number: Type.String(),
    status: StringEnum(ARTICLE_STATUSES),
    /** The version shown in this answer and its state. */
    shownVersion: Type.Integer(),
    shownState: StringEnum(VERSION_STATES),
    currentVersion: Type.Integer(),
    publishedVersion: Nullable(Type.Integer()),
    kind: StringEnum(ARTICLE_KINDS),
    title: Type.String(),
    summary: Nullable(Type.String()),
    body: Type.String({ description: 'Sanitised HTML' }),
    categoryId: Nullable(Uuid),
    categoryPath: Type.Array(Type.Object({ id: Uuid, name: Type.String() }), { description: 'From the root category down to the article’s own' }),
    audience: StringEnum(AUDIENCES),
    reach: Reach,
    roles: Type.Array(Type.String()),
    sensitivity: StringEnum(['normal', 'confidential', 'secret'] as const),
    tags: Type.Array(Type.String()),
    caseTypes: Type.Array(Type.String()),
    products: Type.Array(Type.String()),
    validFrom: Nullable(DateTime),
    validTo: Nullable(DateTime),
    validity: StringEnum(['current', 'expired', 'upcoming'] as const),
    regulation: Nullable(Regulation),
    relatedArticles: Type.Array(ArticleRef, { description: 'Only those the reader may read' }),
    supersededBy: Nullable(ArticleRef),
    sourceCase: Nullable(Type.Object({ id: Uuid, number: Type.String() }, { description: 'The case this article was drafted from, when the reader may read it' })),
    owner: PersonRef,
    author: PersonRef,
    departmentId: Nullable(Uuid),
    changeNote: Nullable(Type.String()),
    reviews: Type.Array(Type.Ref('KnowledgeArticleReview')),
    assets: Type.Array(Type.Ref('KnowledgeArticleAsset')),
    usage: Type.Object({ views: Type.Integer(), attached: Type.Integer(), helpful: Type.Integer(), notHelpful: Type.Integer() }),
    myFeedback: Nullable(StringEnum(['helpful', 'not-helpful'] as const)),
    /** What the caller may do with it now: the console offers exactly these. */
    can: Type.Object({
      edit: Type.Boolean(),
      submit: Type.Boolean(),
      review: Type.Boolean(),
      complianceReview: Type.Boolean(),
      retire: Type.Boolean(),
      attachToReply: Type.Boolean({ description: 'Published, current and customer-facing' }),
    }),
    createdAt: DateTime,
    updatedAt: DateTime,
    publishedAt: Nullable(DateTime),
    retiredAt: Nullable(DateTime),
    retiredReason: Nullable(Type.String()),
    version: Type.Integer({ description: 'For If-Match' }),
  },
  { $id: 'KnowledgeArticle' },
);

export const ArticleListSchema = Type.Object({ items: Type.Array(Type.Ref('KnowledgeArticleSummary')), nextCursor: Nullable(Type.String()) }, { $id: 'KnowledgeArticleList' });

export const ArticleVersionSummarySchema = Type.Object(
  { version: Type.Integer(), state: StringEnum(VERSION_STATES), title: Type.String(), author: PersonRef, changeNote: Nullable(Type.String()), createdAt: DateTime, submittedAt: Nullable(DateTime) },
  { $id: 'KnowledgeArticleVersionSummary' },
);
export const ArticleVersionListSchema = Type.Object({ items: Type.Array(Type.Ref('KnowledgeArticleVersionSummary')) }, { $id: 'KnowledgeArticleVersionList' });

const DiffPart = Type.Object({ op: StringEnum(['equal', 'insert', 'delete'] as const), text: Type.String() });
export const ArticleDiffSchema = Type.Object(
  {
    from: Type.Integer(),
    to: Type.Integer(),
    title: Type.Array(DiffPart),
    body: Type.Array(DiffPart, { description: 'Over the plain text of the bodies, by words (Chinese by jieba words)' }),
    fields: Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() }), { description: 'Metadata that changed: category, audience, reach, validity …' }),
  },
  { $id: 'KnowledgeArticleDiff' },
);

export const ImportResultSchema = Type.Object({ created: Type.Integer(), items: Type.Array(Type.Object({ id: Uuid, number: Type.String() })) }, { $id: 'KnowledgeImportResult' });

export const FeedbackResultSchema = Type.Object(
  {
    usage: Type.Object({ views: Type.Integer(), attached: Type.Integer(), helpful: Type.Integer(), notHelpful: Type.Integer() }),
    myFeedback: Nullable(StringEnum(['helpful', 'not-helpful'] as const)),
  },
  { $id: 'KnowledgeFeedbackResult' },
);

// ---- home, categories ---------------------------------------------------------------------

export const CategoryBody = Type.Object(
  {
    key: Key,
    parentId: Type.Optional(Nullable(Uuid)),
    nameZh: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.String({ minLength: 1, maxLength: 100 }),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export const CategorySchema = Type.Object(
  {
    id: Uuid,
    key: Type.String(),
    parentId: Nullable(Uuid),
    nameZh: Type.String(),
    nameEn: Type.String(),
    position: Type.Integer(),
    articleCount: Type.Integer({ description: 'Published articles the reader may read, in it and below it' }),
    version: Type.Integer(),
  },
  { $id: 'KnowledgeCategory' },
);
export const CategoryListSchema = Type.Object({ items: Type.Array(Type.Ref('KnowledgeCategory')) }, { $id: 'KnowledgeCategoryList' });

export const KnowledgeHomeSchema = Type.Object(
  {
    categories: Type.Array(Type.Ref('KnowledgeCategory')),
    recentlyUpdated: Type.Array(Type.Ref('KnowledgeArticleSummary')),
    mostUsed: Type.Array(Type.Ref('KnowledgeArticleSummary')),
    myDrafts: Type.Integer(),
    awaitingMyReview: Type.Integer(),
  },
  { $id: 'KnowledgeHome' },
);

// ---- search, synonyms, dictionary -----------------------------------------------------------

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 500 }),
    categoryId: Type.Optional(Uuid),
    caseType: Type.Optional(Type.String({ maxLength: 100 })),
    product: Type.Optional(Type.String({ maxLength: 100 })),
    kind: Type.Optional(StringEnum(ARTICLE_KINDS)),
    audience: Type.Optional(StringEnum(AUDIENCES)),
    tag: Type.Optional(Type.String({ maxLength: 50 })),
    validity: Type.Optional(StringEnum(VALIDITY_FILTERS, { default: 'current', description: 'current (default): in force today' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, default: 0 })),
  },
  { additionalProperties: false },
);

export const SearchResultSchema = Type.Object(
  {
    query: Type.Object({
      terms: Type.Array(Type.String(), { description: 'The query’s words as the segmenter cut them' }),
      expanded: Type.Array(
        Type.Object({ term: Type.String(), synonyms: Type.Array(Type.String()), corrections: Type.Array(Type.String({ description: 'Close spellings found in the index (Latin words)' })) }),
      ),
    }),
    total: Type.Integer({
      description: 'Matching articles the reader may read, counted up to 1,000: 1,000 means 1,000 or more (counting every match of a common word would cost more than the search)',
    }),
    items: Type.Array(
      Type.Object({
        article: Type.Ref('KnowledgeArticleSummary'),
        score: Type.Number(),
        highlights: Type.Object({
          title: Type.String({ description: 'The title with matched words in <mark></mark>; everything else HTML-escaped' }),
          snippet: Type.String({ description: 'A passage of the body around the best match, marked and escaped alike' }),
        }),
      }),
    ),
  },
  { $id: 'KnowledgeSearchResult' },
);

export const SynonymSetBody = Type.Object({ terms: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { minItems: 2, maxItems: 30 }) }, { additionalProperties: false });
export const SynonymSetSchema = Type.Object({ id: Uuid, terms: Type.Array(Type.String()), version: Type.Integer(), updatedAt: DateTime }, { $id: 'KnowledgeSynonymSet' });
export const SynonymSetListSchema = Type.Object({ items: Type.Array(Type.Ref('KnowledgeSynonymSet')) }, { $id: 'KnowledgeSynonymSetList' });
export const DictionaryBody = Type.Object(
  { words: Type.Array(Type.String({ minLength: 2, maxLength: 20 }), { maxItems: 10_000, description: 'The whole list of the bank’s own words, beside the shipped banking dictionary' }) },
  { additionalProperties: false },
);
export const DictionarySchema = Type.Object(
  { words: Type.Array(Type.String()), shipped: Type.Integer({ description: 'How many words the shipped banking dictionary holds' }) },
  { $id: 'KnowledgeDictionary' },
);

// ---- suggestions on a case ----------------------------------------------------------------

export const SuggestionReasonSchema = Type.Object(
  {
    kind: StringEnum(['text', 'case-type', 'category', 'product', 'tag', 'helpful'] as const),
    terms: Type.Optional(Type.Array(Type.String(), { description: 'kind text: the words both share (only from what the reader may read)' })),
    value: Type.Optional(Type.String({ description: 'kind case-type, category, product, tag: the shared value' })),
    count: Type.Optional(Type.Integer({ description: 'kind helpful: how many found it helpful on similar cases' })),
  },
  { $id: 'KnowledgeSuggestionReason' },
);

export const CaseSuggestionsSchema = Type.Object(
  {
    terms: Type.Array(Type.String(), { description: 'The words taken from the case to search with' }),
    articles: Type.Array(
      Type.Object({
        article: Type.Ref('KnowledgeArticleSummary'),
        score: Type.Number(),
        reasons: Type.Array(Type.Ref('KnowledgeSuggestionReason')),
        snippet: Type.String({ description: 'Marked and escaped, as in search' }),
        attachable: Type.Boolean({ description: 'Customer-facing and current: may be attached to a reply' }),
      }),
    ),
    similarCases: Type.Array(
      Type.Object({
        case: Type.Object({ id: Uuid, number: Type.String(), title: Type.String(), typeKey: Type.String(), status: Type.String(), resolvedAt: Nullable(DateTime) }),
        score: Type.Number(),
        reasons: Type.Array(Type.Ref('KnowledgeSuggestionReason')),
      }),
    ),
  },
  { $id: 'KnowledgeCaseSuggestions' },
);

export const ArticleReplyTextSchema = Type.Object(
  { articleId: Uuid, version: Type.Integer(), text: Type.String({ description: 'The article as plain text for a customer reply' }) },
  { $id: 'KnowledgeArticleReplyText' },
);

// ---- public (the web form's customer-facing answers) ------------------------------------

export const PublicSearchQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 200 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 5 })) },
  { additionalProperties: false },
);
export const PublicArticleSchema = Type.Object(
  { id: Uuid, title: Type.String(), summary: Nullable(Type.String()), body: Type.String({ description: 'Sanitised HTML' }), updatedAt: DateTime },
  { $id: 'KnowledgePublicArticle' },
);
export const PublicSearchResultSchema = Type.Object({ items: Type.Array(Type.Object({ id: Uuid, title: Type.String(), snippet: Type.String() })) }, { $id: 'KnowledgePublicSearchResult' });

export const knowledgeSchemas = [
  ArticleSummarySchema,
  ArticleReviewSchema,
  ArticleAssetSchema,
  ArticleSchema,
  ArticleListSchema,
  ArticleVersionSummarySchema,
  ArticleVersionListSchema,
  ArticleDiffSchema,
  ImportResultSchema,
  FeedbackResultSchema,
  CategorySchema,
  CategoryListSchema,
  KnowledgeHomeSchema,
  SearchResultSchema,
  SynonymSetSchema,
  SynonymSetListSchema,
  DictionarySchema,
  SuggestionReasonSchema,
  CaseSuggestionsSchema,
  ArticleReplyTextSchema,
  PublicArticleSchema,
  PublicSearchResultSchema,
];
