import { ARTICLE_KINDS, VALIDITY_FILTERS, type ArticleKind, type SearchQuery, type ValidityFilter } from './knowledge-api.ts';

export const SEARCH_PAGE_SIZE = 20;

/** What the search page's URL holds: the query and its filters, so a search can be bookmarked and shared. */
export interface SearchState {
  q: string;
  categoryId?: string;
  caseType?: string;
  kind?: ArticleKind;
  validity: ValidityFilter;
  page: number;
}

const isKind = (v: string | null): v is ArticleKind => !!v && (ARTICLE_KINDS as readonly string[]).includes(v);
const isValidity = (v: string | null): v is ValidityFilter => !!v && (VALIDITY_FILTERS as readonly string[]).includes(v);

export function searchStateOf(params: URLSearchParams): SearchState {
  const page = Number(params.get('page'));
  const kind = params.get('kind');
  const validity = params.get('validity');
  return {
    q: (params.get('q') ?? '').trim(),
    ...(params.get('category') ? { categoryId: params.get('category')! } : {}),
    ...(params.get('caseType') ? { caseType: params.get('caseType')! } : {}),
    ...(isKind(kind) ? { kind } : {}),
    validity: isValidity(validity) ? validity : 'current',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The URL's search part for a state; defaults left out. */
export function searchParamsOf(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.categoryId) params.set('category', state.categoryId);
  if (state.caseType) params.set('caseType', state.caseType);
  if (state.kind) params.set('kind', state.kind);
  if (state.validity !== 'current') params.set('validity', state.validity);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
}

/** The API's query for a state (the server's own offset cap is 1000). */
export function searchQueryOf(state: SearchState): SearchQuery {
  return {
    q: state.q,
    ...(state.categoryId ? { categoryId: state.categoryId } : {}),
    ...(state.caseType ? { caseType: state.caseType } : {}),
    ...(state.kind ? { kind: state.kind } : {}),
    validity: state.validity,
    limit: SEARCH_PAGE_SIZE,
    offset: Math.min((state.page - 1) * SEARCH_PAGE_SIZE, 1000),
  };
}
