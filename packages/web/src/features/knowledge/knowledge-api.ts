import { useQuery } from '@tanstack/react-query';
import { csrfHeaders, dataOf, toProblemError, type components, type paths } from '@docket/client';
import { api } from '../../app/api.ts';

// The knowledge API (issue 19) through the typed client: the home, search, articles with their
// versions, review and feedback, categories, synonyms and the segmenter's dictionary.

type Schemas = components['schemas'];
type JsonBody<P extends keyof paths, M extends 'post' | 'put'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type KnowledgeArticle = Schemas['KnowledgeArticle'];
export type ArticleSummary = Schemas['KnowledgeArticleSummary'];
export type ArticleReview = Schemas['KnowledgeArticleReview'];
export type ArticleAsset = Schemas['KnowledgeArticleAsset'];
export type ArticleVersionSummary = Schemas['KnowledgeArticleVersionSummary'];
export type ArticleDiff = Schemas['KnowledgeArticleDiff'];
export type DiffPart = ArticleDiff['body'][number];
export type KnowledgeCategory = Schemas['KnowledgeCategory'];
export type KnowledgeHome = Schemas['KnowledgeHome'];
export type SearchResult = Schemas['KnowledgeSearchResult'];
export type SearchHit = SearchResult['items'][number];
export type SynonymSet = Schemas['KnowledgeSynonymSet'];
export type KnowledgeDictionary = Schemas['KnowledgeDictionary'];
export type ArticleKind = KnowledgeArticle['kind'];
export type ArticleStatus = KnowledgeArticle['status'];
export type VersionState = KnowledgeArticle['shownState'];
export type Audience = KnowledgeArticle['audience'];
export type Validity = KnowledgeArticle['validity'];
export type Sensitivity = KnowledgeArticle['sensitivity'];
export type ArticleBody = JsonBody<'/api/v1/knowledge/articles', 'post'>;
export type CategoryBody = JsonBody<'/api/v1/knowledge/categories', 'post'>;
export type SearchQuery = NonNullable<paths['/api/v1/knowledge/search']['get']['parameters']['query']>;
export type ArticleListQuery = NonNullable<paths['/api/v1/knowledge/articles']['get']['parameters']['query']>;
export type ValidityFilter = NonNullable<SearchQuery['validity']>;

export const ARTICLE_KINDS = ['sop', 'script', 'faq', 'regulation', 'note'] as const satisfies readonly ArticleKind[];
export const AUDIENCES = ['internal', 'customer'] as const satisfies readonly Audience[];
export const SENSITIVITIES = ['normal', 'confidential', 'secret'] as const satisfies readonly Sensitivity[];
export const VALIDITY_FILTERS = ['current', 'expired', 'upcoming', 'all'] as const satisfies readonly ValidityFilter[];

const byId = (id: string) => ({ params: { path: { id } } });
// Changes go against the version the reader saw: a 412 means someone else saved first.
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export const knowledgeApi = {
  home: async () => dataOf(await api.GET('/api/v1/knowledge/home')),
  search: async (query: SearchQuery) => dataOf(await api.GET('/api/v1/knowledge/search', { params: { query } })),
  listArticles: async (query: ArticleListQuery) => dataOf(await api.GET('/api/v1/knowledge/articles', { params: { query } })),
  getArticle: async (id: string, working = false) => dataOf(await api.GET('/api/v1/knowledge/articles/{id}', { params: { path: { id }, query: working ? { working: true } : {} } })),
  createArticle: async (body: ArticleBody) => dataOf(await api.POST('/api/v1/knowledge/articles', { body })),
  updateArticle: async (id: string, version: number, body: ArticleBody) => dataOf(await api.PUT('/api/v1/knowledge/articles/{id}', { ...byId(id), headers: ifMatch(version), body })),
  submitArticle: async (id: string, version: number, note?: string) =>
    dataOf(await api.POST('/api/v1/knowledge/articles/{id}/submit', { ...byId(id), headers: ifMatch(version), body: note ? { note } : {} })),
  reviewArticle: async (id: string, version: number, decision: 'approved' | 'rejected', comment?: string) =>
    dataOf(await api.POST('/api/v1/knowledge/articles/{id}/review', { ...byId(id), headers: ifMatch(version), body: { decision, ...(comment ? { comment } : {}) } })),
  retireArticle: async (id: string, version: number, reason: string) => dataOf(await api.POST('/api/v1/knowledge/articles/{id}/retire', { ...byId(id), headers: ifMatch(version), body: { reason } })),
  listVersions: async (id: string) => dataOf(await api.GET('/api/v1/knowledge/articles/{id}/versions', byId(id))).items,
  diff: async (id: string, from: number, to: number) => dataOf(await api.GET('/api/v1/knowledge/articles/{id}/diff', { params: { path: { id }, query: { from, to } } })),
  giveFeedback: async (id: string, kind: 'helpful' | 'not-helpful' | 'viewed') => dataOf(await api.POST('/api/v1/knowledge/articles/{id}/feedback', { ...byId(id), body: { kind } })),
  /** Multipart, so through fetch: the typed client speaks JSON. */
  uploadAsset: async (articleId: string, file: File): Promise<ArticleAsset> => {
    const formData = new FormData();
    formData.append('file', file, file.name);
    const response = await fetch(`/api/v1/knowledge/articles/${articleId}/assets`, { method: 'POST', body: formData, headers: csrfHeaders(), credentials: 'same-origin' });
    if (!response.ok) throw await toProblemError(response);
    return (await response.json()) as ArticleAsset;
  },

  listCategories: async () => dataOf(await api.GET('/api/v1/knowledge/categories')).items,
  createCategory: async (body: CategoryBody) => dataOf(await api.POST('/api/v1/knowledge/categories', { body })),
  updateCategory: async (id: string, version: number, body: CategoryBody) => dataOf(await api.PUT('/api/v1/knowledge/categories/{id}', { ...byId(id), headers: ifMatch(version), body })),
  deleteCategory: async (id: string, version: number) => dataOf(await api.DELETE('/api/v1/knowledge/categories/{id}', { ...byId(id), headers: ifMatch(version) })),

  listSynonyms: async () => dataOf(await api.GET('/api/v1/knowledge/synonyms')).items,
  createSynonyms: async (terms: string[]) => dataOf(await api.POST('/api/v1/knowledge/synonyms', { body: { terms } })),
  updateSynonyms: async (id: string, version: number, terms: string[]) => dataOf(await api.PUT('/api/v1/knowledge/synonyms/{id}', { ...byId(id), headers: ifMatch(version), body: { terms } })),
  deleteSynonyms: async (id: string, version: number) => dataOf(await api.DELETE('/api/v1/knowledge/synonyms/{id}', { ...byId(id), headers: ifMatch(version) })),

  getDictionary: async () => dataOf(await api.GET('/api/v1/knowledge/dictionary')),
  saveDictionary: async (words: string[]) => dataOf(await api.PUT('/api/v1/knowledge/dictionary', { body: { words } })),
};

export const knowledgeKeys = {
  all: ['knowledge'] as const,
  home: ['knowledge', 'home'] as const,
  search: (query: SearchQuery) => ['knowledge', 'search', query] as const,
  list: (query: ArticleListQuery) => ['knowledge', 'articles', query] as const,
  article: (id: string, working: boolean) => ['knowledge', 'article', id, working] as const,
  articleAll: (id: string) => ['knowledge', 'article', id] as const,
  versions: (id: string) => ['knowledge', 'article', id, 'versions'] as const,
  diff: (id: string, from: number, to: number) => ['knowledge', 'article', id, 'diff', from, to] as const,
  categories: ['knowledge', 'categories'] as const,
  synonyms: ['knowledge', 'synonyms'] as const,
  dictionary: ['knowledge', 'dictionary'] as const,
};

export const useKnowledgeHome = () => useQuery({ queryKey: knowledgeKeys.home, queryFn: knowledgeApi.home });
export const useCategories = () => useQuery({ queryKey: knowledgeKeys.categories, queryFn: knowledgeApi.listCategories, staleTime: 60_000 });
export const useArticle = (id: string, working = false) => useQuery({ queryKey: knowledgeKeys.article(id, working), queryFn: () => knowledgeApi.getArticle(id, working) });
export const useArticleList = (query: ArticleListQuery, enabled = true) => useQuery({ queryKey: knowledgeKeys.list(query), queryFn: () => knowledgeApi.listArticles(query), enabled });
