import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed, compileCaseFilter, isAllowedOnCase, lookupNames } from '../../access/index.ts';
import { presentCases, readCase, visibilityCondition } from '../../cases/index.ts';
import { articleReadCondition, knowledgeReader } from '../access.ts';
import { listPublicReplyTexts, listPublicReplyTextsOfCases } from '../case-index/case-document-store.ts';
import { withoutPersonalData } from '../case-index/case-text.ts';
import { findFreeTextFieldKeys } from '../case-index/index-case.ts';
import { presentArticleSummary, type ArticleSummaryView, type NameLanguage } from '../articles/article-view.ts';
import { ensureDictionaryLoaded } from '../search/dictionary-state.ts';
import { highlightSnippet } from '../search/highlight.ts';
import { segmentForIndex } from '../search/segmenter.ts';
import { loadSynonymMap } from '../search/synonym-cache.ts';
import { readableCaseTexts, readableCategoryAndProduct } from './case-texts.ts';
import { topTerms, wordsOf } from './case-words.ts';
import { findSimilarCaseCandidates, findSimilarCaseRows, findSuggestedArticles, type ArticleCandidate } from './suggestion-store.ts';

export type SuggestionReason = { kind: 'text'; terms: string[] } | { kind: 'case-type' | 'category' | 'product'; value: string } | { kind: 'helpful'; count: number };

export interface CaseSuggestions {
  terms: string[];
  articles: { article: ArticleSummaryView; score: number; reasons: SuggestionReason[]; snippet: string; attachable: boolean }[];
  similarCases: {
    case: { id: string; number: string; title: string; typeKey: string; status: string; resolvedAt: string | null };
    score: number;
    reasons: SuggestionReason[];
  }[];
}

const ARTICLE_LIMIT = 5;
const SIMILAR_CASE_LIMIT = 5;
// Candidates whose shared words all come from fields the reader may not read are dropped after
// the query; fetching three times the limit leaves enough behind.
const SIMILAR_CASE_CANDIDATES = SIMILAR_CASE_LIMIT * 3;

/** The case's terms that a set of words holds, directly or through a synonym. */
function sharedTerms(terms: string[], synonyms: Map<string, string[]>, words: ReadonlySet<string>): string[] {
  return terms.filter((t) => words.has(t) || (synonyms.get(t) ?? []).some((s) => words.has(s)));
}

/**
 * Articles and similar resolved cases for a case, each with why: the case's words as the caller
 * sees the case (field rules apply), synonyms added; articles the caller may read, published
 * and in force; cases the caller may read, resolved or closed, whose shared words come from what
 * the caller may read in clear.
 */
export async function suggestForCase(ctx: CommandContext, caseId: string, language: NameLanguage = 'zh'): Promise<CaseSuggestions> {
  assertAllowed(ctx.actor, 'knowledge:read');
  // The administrators' own words cut the case's text as they cut the articles'.
  await ensureDictionaryLoaded(ctx.tx);
  const row = await readCase(ctx, caseId);
  const [view] = await presentCases(ctx, [row]);
  const freeTextKeys = await findFreeTextFieldKeys(ctx.tx, row.typeKey, row.typeVersion);
  const replies = await listPublicReplyTexts(ctx.tx, row.id);
  const terms = topTerms(readableCaseTexts(ctx.actor, row, { title: view!.title, fields: view!.fields, freeTextKeys, replies }));
  const { category, product } = readableCategoryAndProduct(ctx.actor, row, view!.fields);

  const synonyms = await loadSynonymMap(ctx.tx);
  const words = [...new Set([...terms, ...terms.flatMap((t) => synonyms.get(t) ?? [])])];
  const reader = await knowledgeReader(ctx.tx, ctx.actor);
  const candidates = await findSuggestedArticles(ctx.tx, {
    words,
    caseType: row.typeKey,
    category,
    product,
    now: ctx.now,
    limit: ARTICLE_LIMIT,
    readable: articleReadCondition(reader, 'p'),
  });
  const names = await lookupNames(
    ctx.tx,
    candidates.map((c) => c.ownerId),
  );
  const articles = candidates.map((c) => suggestedArticle(c, terms, synonyms, { caseType: row.typeKey, category, product }, names.user(c.ownerId), ctx.now, language));

  const similarCases = await suggestSimilarCases(ctx, { caseId: row.id, typeKey: row.typeKey, terms, synonyms, words, category, product });
  return { terms, articles, similarCases };
}

function suggestedArticle(
  c: ArticleCandidate,
  terms: string[],
  synonyms: Map<string, string[]>,
  theCase: { caseType: string; category: string | null; product: string | null },
  ownerName: string | null,
  now: Date,
  language: NameLanguage,
): CaseSuggestions['articles'][number] {
  const articleWords = new Set(segmentForIndex([c.title, c.summary ?? '', c.tags.join(' '), c.bodyText].join('\n')));
  const shared = sharedTerms(terms, synonyms, articleWords);
  const reasons: SuggestionReason[] = [];
  if (shared.length > 0) reasons.push({ kind: 'text', terms: shared });
  if (c.caseTypes.includes(theCase.caseType)) reasons.push({ kind: 'case-type', value: theCase.caseType });
  if (theCase.product && c.products.includes(theCase.product)) reasons.push({ kind: 'product', value: theCase.product });
  if (theCase.category && theCase.category !== theCase.product && (c.products.includes(theCase.category) || c.tags.includes(theCase.category))) {
    reasons.push({ kind: 'category', value: theCase.category });
  }
  if (c.helpfulOnType > 0) reasons.push({ kind: 'helpful', count: c.helpfulOnType });
  const marked = shared.flatMap((t) => [t, ...(synonyms.get(t) ?? [])]).filter((w) => articleWords.has(w));
  return {
    article: presentArticleSummary(c, ownerName, now, language),
    score: Math.round(c.score * 1000) / 1000,
    reasons,
    snippet: highlightSnippet(c.summary ? `${c.summary}\n${c.bodyText}` : c.bodyText, marked),
    attachable: c.audience === 'customer',
  };
}

async function suggestSimilarCases(
  ctx: CommandContext,
  q: { caseId: string; typeKey: string; terms: string[]; synonyms: Map<string, string[]>; words: string[]; category: string | null; product: string | null },
): Promise<CaseSuggestions['similarCases']> {
  const candidates = await findSimilarCaseCandidates(ctx.tx, {
    caseId: q.caseId,
    words: q.words,
    caseType: q.typeKey,
    category: q.category,
    product: q.product,
    limit: SIMILAR_CASE_CANDIDATES,
    visible: visibilityCondition(compileCaseFilter(ctx.actor, 'case:read')),
  });
  const ids = candidates.map((c) => c.caseId);
  const rows = new Map((await findSimilarCaseRows(ctx.tx, ids)).map((r) => [r.id, r]));
  const replies = await listPublicReplyTextsOfCases(ctx.tx, ids);
  const out: CaseSuggestions['similarCases'] = [];
  for (const candidate of candidates) {
    const found = rows.get(candidate.caseId);
    // The SQL filter and the record check are the same policy; the record check also decides field access below.
    if (!found || !isAllowedOnCase(ctx.actor, 'case:read', found)) continue;
    const freeTextKeys = await findFreeTextFieldKeys(ctx.tx, found.typeKey, found.typeVersion);
    const texts = readableCaseTexts(ctx.actor, found, { title: found.title, fields: found.fields, freeTextKeys, replies: replies.get(found.id) ?? [] });
    const shared = sharedTerms(q.terms, q.synonyms, new Set(texts.flatMap((t) => wordsOf(t.text))));
    // Matched only through words the reader may not read: suggesting it would tell them those words.
    if (shared.length === 0) continue;
    const reasons: SuggestionReason[] = [{ kind: 'text', terms: shared }];
    if (found.typeKey === q.typeKey) reasons.push({ kind: 'case-type', value: found.typeKey });
    const theirs = readableCategoryAndProduct(ctx.actor, found, found.fields);
    if (q.product && theirs.product === q.product) reasons.push({ kind: 'product', value: q.product });
    if (q.category && q.category !== q.product && theirs.category === q.category) reasons.push({ kind: 'category', value: q.category });
    out.push({
      case: {
        id: found.id,
        number: found.number,
        // As stored, personal data cut out rather than shown masked: the reader's own field rules may hide it entirely.
        title: texts.some((t) => t.field === 'title') ? withoutPersonalData(found.title).replace(/\s+/g, ' ').trim() : '',
        typeKey: found.typeKey,
        status: found.status,
        resolvedAt: found.resolvedAt?.toISOString() ?? null,
      },
      score: Math.round(candidate.score * 1000) / 1000,
      reasons,
    });
    if (out.length === SIMILAR_CASE_LIMIT) break;
  }
  return out;
}
