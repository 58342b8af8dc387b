import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import type { CategoryRow } from '../categories/category-store.ts';
import { categoryPathOf } from '../categories/category-tree.ts';
import { writePublishedArticle, type PublishedArticleInput } from '../search/published-index.ts';
import { setVersionState, type ArticleChanges, type ArticleRow, type VersionRow } from './article-store.ts';

/** What the published projection holds of a version: the one shape for publishing and importing. */
export function publishedInputOf(article: Pick<ArticleRow, 'id' | 'number' | 'ownerId' | 'departmentId'>, version: VersionRow, categories: readonly CategoryRow[], now: Date): PublishedArticleInput {
  return {
    articleId: article.id,
    version: version.version,
    number: article.number,
    kind: version.kind,
    title: version.title,
    summary: version.summary,
    bodyText: version.bodyText,
    categoryId: version.categoryId,
    categoryPath: categoryPathOf(categories, version.categoryId),
    audience: version.audience,
    departmentId: article.departmentId,
    ownerId: article.ownerId,
    reachSubtreeIds: version.reachSubtreeIds,
    reachDepartmentIds: version.reachDepartmentIds,
    roles: version.roles,
    sensitivity: version.sensitivity,
    tags: version.tags,
    caseTypes: version.caseTypes,
    products: version.products,
    validFrom: version.validFrom,
    validTo: version.validTo,
    publishedAt: now,
  };
}

/**
 * Makes `version` the one readers see, in the caller's transaction: the previous published
 * version is superseded, the projection row replaced (search finds the new text at commit, never
 * before), the step audited and announced. Returns what the article row must record.
 */
export async function publishVersion(ctx: CommandContext, article: ArticleRow, version: VersionRow, categories: readonly CategoryRow[]): Promise<ArticleChanges> {
  const previous = article.publishedVersion;
  if (previous !== null && previous !== version.version) await setVersionState(ctx.tx, article.id, previous, 'superseded', ctx.now);
  await setVersionState(ctx.tx, article.id, version.version, 'published', ctx.now);
  await writePublishedArticle(ctx.tx, publishedInputOf(article, version, categories, ctx.now));
  await recordAuditEvent(ctx, {
    action: 'knowledge.article-published',
    targetType: 'knowledge-article',
    targetId: article.id,
    data: { articleId: article.id, number: article.number, version: version.version, previousVersion: previous, audience: version.audience },
  });
  await ctx.publish(domainEvent('knowledge.article-published', 'knowledge-article', article.id, { articleId: article.id, version: version.version, audience: version.audience }));
  return { status: 'published', publishedVersion: version.version, publishedAt: ctx.now };
}
