import type { Principal } from '../../../platform/http/principal.ts';
import { mayActOnArticle, mayReadArticle, maySeeWorkingArticle, type ArticleAccessFacts, type KnowledgeReader } from '../access.ts';
import type { ArticleRow, ReviewRow, VersionRow } from './article-store.ts';

// Pure: who may do what with an article now, and why not. The commands refuse with these and the
// article answer's `can` is built from the same functions, so the console offers exactly what
// the server would accept.

export type Validity = 'current' | 'expired' | 'upcoming';

/** In force at `now`: validFrom (inclusive) to validTo (exclusive); either open-ended when absent. */
export function validityAt(version: Pick<VersionRow, 'validFrom' | 'validTo'>, now: Date): Validity {
  if (version.validTo && version.validTo <= now) return 'expired';
  if (version.validFrom && version.validFrom > now) return 'upcoming';
  return 'current';
}

export function readFactsOf(article: Pick<ArticleRow, 'ownerId' | 'departmentId'>, version: VersionRow): ArticleAccessFacts {
  return {
    ownerId: article.ownerId,
    departmentId: article.departmentId,
    reachSubtreeIds: version.reachSubtreeIds,
    reachDepartmentIds: version.reachDepartmentIds,
    roles: version.roles,
    sensitivity: version.sensitivity,
  };
}

/** Readers see the published version of an article that is not retired, as far as its reach lets them. */
export function mayReadPublished(reader: KnowledgeReader, article: ArticleRow, published: VersionRow | null): boolean {
  return article.status !== 'retired' && published !== null && mayReadArticle(reader, readFactsOf(article, published));
}

export function maySeeWorking(principal: Principal, article: ArticleRow): boolean {
  return maySeeWorkingArticle(principal, article);
}

export function mayWrite(principal: Principal, article: Pick<ArticleRow, 'ownerId' | 'departmentId'>): boolean {
  return mayActOnArticle(principal, 'knowledge:write', article);
}

/** Which review stage the working version waits for, if any. */
export function pendingStage(working: VersionRow): 'review' | 'compliance' | null {
  if (working.state === 'in-review') return 'review';
  if (working.state === 'approved') return 'compliance';
  return null;
}

/** The reviewer who approved the working version at the review stage (excluded from its compliance review). */
export function firstReviewerOf(reviews: readonly ReviewRow[], version: number): string | null {
  return reviews.find((r) => r.version === version && r.stage === 'review' && r.decision === 'approved')?.reviewerId ?? null;
}

/** Why the principal may not review the working version at its stage, or null when they may. */
export function reviewRefusal(principal: Principal, article: ArticleRow, working: VersionRow, firstReviewerId: string | null): 'state' | 'permission' | 'author' | 'first-reviewer' | null {
  const stage = pendingStage(working);
  if (article.status === 'retired' || stage === null) return 'state';
  const action = stage === 'review' ? 'knowledge:review' : 'knowledge:compliance-review';
  if (!mayActOnArticle(principal, action, article)) return 'permission';
  if (working.authorId === principal.userId || article.createdBy === principal.userId) return 'author';
  if (stage === 'compliance' && firstReviewerId === principal.userId) return 'first-reviewer';
  return null;
}

/** A new draft may be saved: not while a version is in review, never once retired. */
export function isEditable(article: ArticleRow, working: VersionRow): boolean {
  return article.status !== 'retired' && pendingStage(working) === null;
}

export interface ArticleCan {
  edit: boolean;
  submit: boolean;
  review: boolean;
  complianceReview: boolean;
  retire: boolean;
  attachToReply: boolean;
}

export function canOf(principal: Principal, article: ArticleRow, working: VersionRow, shown: VersionRow, firstReviewerId: string | null, now: Date): ArticleCan {
  const writer = mayWrite(principal, article);
  const refusal = reviewRefusal(principal, article, working, firstReviewerId);
  const stage = pendingStage(working);
  return {
    edit: writer && isEditable(article, working),
    submit: writer && article.status !== 'retired' && working.state === 'draft',
    review: refusal === null && stage === 'review',
    complianceReview: refusal === null && stage === 'compliance',
    retire: article.status !== 'retired' && article.publishedVersion !== null && mayActOnArticle(principal, 'knowledge:review', article),
    attachToReply: article.status !== 'retired' && shown.state === 'published' && shown.version === article.publishedVersion && shown.audience === 'customer' && validityAt(shown, now) === 'current',
  };
}
