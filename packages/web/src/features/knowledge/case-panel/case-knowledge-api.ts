import { useQuery } from '@tanstack/react-query';
import { dataOf, type components } from '@docket/client';
import { api } from '../../../app/api.ts';

export type CaseSuggestions = components['schemas']['KnowledgeCaseSuggestions'];
export type SuggestedArticle = CaseSuggestions['articles'][number];
export type SimilarCase = CaseSuggestions['similarCases'][number];
export type FeedbackResult = components['schemas']['KnowledgeFeedbackResult'];
export type ArticleFeedbackKind = 'viewed' | 'attached' | 'helpful' | 'not-helpful';

/** By the case's version: a changed case (new text, another category) may be suggested other articles. */
export const caseSuggestionsKey = (caseId: string, caseVersion: number) => ['knowledge', 'case-suggestions', caseId, caseVersion] as const;

export function useCaseSuggestions(caseId: string, caseVersion: number) {
  return useQuery({
    queryKey: caseSuggestionsKey(caseId, caseVersion),
    queryFn: async (): Promise<CaseSuggestions> => dataOf(await api.GET('/api/v1/cases/{id}/knowledge-suggestions', { params: { path: { id: caseId } } })),
    staleTime: 60_000,
  });
}

/** Feedback on a suggestion made on this case: it counts toward ranking the next suggestions. */
export async function recordArticleFeedback(articleId: string, caseId: string, kind: ArticleFeedbackKind): Promise<FeedbackResult> {
  return dataOf(await api.POST('/api/v1/knowledge/articles/{id}/feedback', { params: { path: { id: articleId } }, body: { kind, caseId, suggested: true } }));
}

export async function fetchReplyText(articleId: string): Promise<string> {
  return dataOf(await api.GET('/api/v1/knowledge/articles/{id}/reply-text', { params: { path: { id: articleId } } })).text;
}

/** A new draft article from the case: its id, for the editor. */
export async function draftArticleFromCase(caseId: string): Promise<string> {
  return dataOf(await api.POST('/api/v1/knowledge/articles/from-case', { body: { caseId } })).id;
}
